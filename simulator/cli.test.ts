import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { COMMAND_PUBLIC_KEY_FILE, carCommandAckSchema } from '../shared/car-commands.js';
import { carStateSchema, carTopics } from '../shared/car-protocol.js';
import { DEMO_FLEET_FILE } from '../shared/demo-fleet.js';
import { runSimulateCli } from './cli.js';
import { testCommandKey } from './testing/command-key.js';
import { startTestBroker, startTestOcppServer, waitFor } from './testing/servers.js';
import type { TestBroker, TestOcppServer } from './testing/servers.js';

const FLEET = { seed: 6, stations: 3, cars: 2, chargePoints: 4, fleetKey: 'cli-test-fleet-key-abcdefghijklmnop' };

let broker: TestBroker;
let ocpp: TestOcppServer;
let dataDir: string;

beforeAll(async () => {
  broker = await startTestBroker(FLEET.fleetKey);
  ocpp = await startTestOcppServer(FLEET.fleetKey, 60);
  dataDir = await mkdtemp(join(tmpdir(), 'cyberponies-simulate-'));
  await writeFile(join(dataDir, DEMO_FLEET_FILE), JSON.stringify(FLEET));
});

afterAll(async () => {
  await broker.close();
  await ocpp.close();
  await rm(dataDir, { recursive: true, force: true });
});

const count = z.object({ total: z.number(), connected: z.number() });
const statusSchema = z.object({ cars: count, chargePoints: count, messagesPerSecond: z.number(), errors: z.number() });

function statusLines(lines: readonly string[]) {
  return lines.filter((line) => line.startsWith('{')).map((line) => statusSchema.parse(JSON.parse(line)));
}

function capture() {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => lines.push(String(line)));
  const error = vi.spyOn(console, 'error').mockImplementation((line: unknown) => lines.push(String(line)));
  return { lines, restore: () => [log, error].forEach((spy) => spy.mockRestore()) };
}

describe('cyberponies simulate', () => {
  it('runs the fleet from the backend’s fleet file, reports status, and stops cleanly', async () => {
    const output = capture();
    const code = await runSimulateCli([
      '--url', ocpp.httpUrl, '--mqtt-url', broker.url, '--data-dir', dataDir,
      '--car-interval', '0.2', '--status-interval', '0.5', '--duration', '2', '--json',
    ]).finally(output.restore);
    expect(code).toBe(0);
    const statuses = statusLines(output.lines);
    expect(statuses.length).toBeGreaterThanOrEqual(2);
    expect(statuses.at(-1)).toMatchObject({ cars: { total: 2, connected: 2 }, chargePoints: { total: 4, connected: 4 }, errors: 0 });
    expect(statuses.at(-1)?.messagesPerSecond).toBeGreaterThan(0);
    const states = broker.received.filter((publish) => publish.topic.endsWith('/state'));
    expect(states.length).toBeGreaterThanOrEqual(2 * 5);
    for (const state of states) carStateSchema.parse(state.payload);
    expect(new Set(ocpp.calls.filter((call) => call.method === 'BootNotification').map((call) => call.identity)).size).toBe(4);
    expect(output.lines.at(-1)).toMatch(/closed after \d+ messages/);
  });

  it('runs only part of the fleet with --limit', async () => {
    broker.received.length = 0;
    const output = capture();
    const code = await runSimulateCli(['--url', ocpp.httpUrl, '--mqtt-url', broker.url, '--data-dir', dataDir, '--limit', '2', '--duration', '1', '--json', '--status-interval', '0.4'])
      .finally(output.restore);
    expect(code).toBe(0);
    const last = statusLines(output.lines).at(-1);
    expect((last?.cars.total ?? 0) + (last?.chargePoints.total ?? 0)).toBe(2);
    expect((last?.cars.connected ?? 0) + (last?.chargePoints.connected ?? 0)).toBe(2);
  });

  it('says what is missing and fails when there is no fleet file and no key', async () => {
    const output = capture();
    const code = await runSimulateCli(['--data-dir', join(dataDir, 'nowhere'), '--wait-for-fleet', '0']).finally(output.restore);
    expect(code).toBe(1);
    expect(output.lines.join('\n')).toMatch(/No demo-fleet\.json in .*nowhere/);
  });

  it('gives cars the backend’s command key from the data directory', async () => {
    const key = testCommandKey();
    await writeFile(join(dataDir, COMMAND_PUBLIC_KEY_FILE), `${key.publicKey}\n`);
    broker.received.length = 0;
    const output = capture();
    const running = runSimulateCli(['--url', ocpp.httpUrl, '--mqtt-url', broker.url, '--data-dir', dataDir, '--duration', '3', '--json']).finally(output.restore);
    const isState = (publish: { topic: string }) => publish.topic.startsWith('fleet/cars/') && publish.topic.endsWith('/state');
    await waitFor(() => broker.received.some(isState), 5_000, 'a car’s state');
    const carId = broker.received.find(isState)?.topic.split('/')[2] ?? '';
    const locate = key.command(carId, 'locate', Date.now());
    await broker.publish(carTopics.command(carId), JSON.stringify(locate));
    await waitFor(() => broker.received.filter((publish) => publish.topic === carTopics.commandAck(carId)).length >= 2, 5_000, 'the answers');
    expect(await running).toBe(0);
    const acks = broker.received.filter((publish) => publish.topic === carTopics.commandAck(carId)).map((publish) => carCommandAckSchema.parse(publish.payload));
    expect(acks.map((ack) => [ack.commandId, ack.status])).toEqual([[locate.commandId, 'accepted'], [locate.commandId, 'succeeded']]);
  });

  it('rejects a command key that is not one', async () => {
    const output = capture();
    const code = await runSimulateCli(['--command-public-key', 'not-a-key']).finally(output.restore);
    expect(code).toBe(2);
    expect(output.lines.join('\n')).toMatch(/--command-public-key/);
  });

  it('rejects an invalid setting with the flag’s name', async () => {
    const output = capture();
    const code = await runSimulateCli(['--speed', '-2']).finally(output.restore);
    expect(code).toBe(2);
    expect(output.lines.join('\n')).toMatch(/--speed/);
  });
});
