import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startControlServer } from './control.js';
import type { ControlServer } from './control.js';
import { FaultRegistry } from './faults/registry.js';

const registry = new FaultRegistry(() => 1_000);
let control: ControlServer;

beforeAll(async () => {
  control = await startControlServer(registry, 0);
});

afterAll(() => control.close());

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${control.url}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, json: await response.json() };
}

describe('the fault control API on 127.0.0.1', () => {
  it('injects, lists and clears faults as JSON', async () => {
    expect(control.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const added = await call('POST', '/faults', { target: 'car-00001', fault: { kind: 'drop', share: 0.5, forMs: '30s' } });
    expect(added).toEqual({ status: 201, json: { fault: { id: 1, target: 'car-00001', fault: { kind: 'drop', share: 0.5, forMs: 30_000 }, sinceMs: 1_000, untilMs: 31_000 } } });
    await call('POST', '/faults', { fault: { kind: 'clockSkew', seconds: 60 } });
    expect(registry.find('car-00001', 'car', 'drop')?.share).toBe(0.5);
    expect((await call('GET', '/faults')).json).toMatchObject({ faults: [{ target: 'car-00001' }, { target: '*' }] });
    expect(await call('DELETE', '/faults?target=car-00001&kind=drop')).toEqual({ status: 200, json: { cleared: 1 } });
    expect(await call('DELETE', '/faults')).toEqual({ status: 200, json: { cleared: 1 } });
  });

  it('says what is wrong with a request', async () => {
    expect(await call('POST', '/faults', { fault: { kind: 'drop', share: 3 } })).toMatchObject({ status: 400, json: { error: expect.stringMatching(/share/) } });
    expect(await call('POST', '/faults', 'not json{')).toMatchObject({ status: 400 });
    expect((await call('DELETE', '/faults?kind=melt')).status).toBe(400);
    expect((await call('PUT', '/faults')).status).toBe(405);
    expect((await call('GET', '/elsewhere')).status).toBe(404);
  });
});
