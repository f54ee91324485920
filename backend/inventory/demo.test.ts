import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDeviceSecret } from '../../shared/demo-secrets.js';
import { openTestDatabase, testEngines } from '../store/testing.js';
import type { TestDatabase } from '../store/testing.js';
import { ensureDemoFleet, readDemoFleet } from './demo.js';
import { createInventory } from './inventory.js';

const options = { seed: 11, stations: 20, cars: 30, chargePoints: 50 };
const engine = testEngines()[0];

describe('ensureDemoFleet', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    if (!engine) throw new Error('PGlite is always an engine');
    test = await openTestDatabase(engine);
  });
  afterAll(() => test.cleanup());

  it('creates the fleet on first start, with a private key file, and provisions it', async () => {
    const inventory = await createInventory(test.db);
    const answer = await ensureDemoFleet({ dataDir: test.dataDir, inventory, options });
    expect(answer.isNew).toBe(true);
    expect(answer.provisioned).toEqual({ stations: 20, devices: 80 });
    expect((await stat(answer.path)).mode & 0o777).toBe(0o600);
    expect(await readDemoFleet(test.dataDir)).toEqual(answer.fleet);
    const car = inventory.devices().find((device) => device.kind === 'car');
    expect(inventory.authenticate(car?.id ?? '', demoDeviceSecret(answer.fleet.fleetKey, car?.id ?? ''), 'car')).toBe('accepted');
  });

  it('reuses the same fleet and key on later starts', async () => {
    const first = await readDemoFleet(test.dataDir);
    const inventory = await createInventory(test.db);
    const answer = await ensureDemoFleet({ dataDir: test.dataDir, inventory, options: { ...options, cars: 40 } });
    expect(answer.isNew).toBe(false);
    expect(answer.isAsRequested).toBe(false);
    expect(answer.provisioned).toBeNull();
    expect(answer.fleet).toEqual(first);
    expect(inventory.devices()).toHaveLength(80);
  });
});
