/**
 * The demo fleet: generated on first start and provisioned with secrets derived from a random fleet key.
 * `${dataDir}/demo-fleet.json` records the key and the network's parameters, so that later starts (and
 * the simulator, which derives the same secrets) find the same fleet.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO_FLEET_FILE, demoFleetSchema } from '../../shared/demo-fleet.js';
import type { DemoFleet } from '../../shared/demo-fleet.js';
import { demoDeviceSecret } from '../../shared/demo-secrets.js';
import { generateDemoNetwork } from '../../shared/network.js';
import type { DemoNetworkOptions } from '../../shared/network.js';
import type { Inventory, ProvisionSummary } from './types.js';

export interface DemoFleetAnswer {
  readonly fleet: DemoFleet;
  readonly path: string;
  /** True when this call created the fleet file. */
  readonly isNew: boolean;
  /** False when the options asked for differ from the file's: the file wins. */
  readonly isAsRequested: boolean;
  /** Null when every device was already provisioned. */
  readonly provisioned: ProvisionSummary | null;
}

export async function readDemoFleet(dataDir: string): Promise<DemoFleet | undefined> {
  const path = join(dataDir, DEMO_FLEET_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = demoFleetSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`${path} is not a demo fleet file (${parsed.error.issues[0]?.message ?? 'invalid'}); delete it to start a new demo fleet.`);
  return parsed.data;
}

/**
 * Written whole under another name, then linked into place: the simulator never reads half a file, and
 * when two backends start on one data directory only the first key wins (link fails if the file exists).
 */
async function createDemoFleet(dataDir: string, options: DemoNetworkOptions): Promise<DemoFleet> {
  const fleet: DemoFleet = { ...options, fleetKey: randomBytes(32).toString('base64url') };
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, DEMO_FLEET_FILE);
  const draft = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(draft, `${JSON.stringify(fleet, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(draft, path);
    return fleet;
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') {
      const existing = await readDemoFleet(dataDir);
      if (existing) return existing;
    }
    throw error;
  } finally {
    await unlink(draft);
  }
}

export async function ensureDemoFleet({ dataDir, inventory, options }: {
  readonly dataDir: string;
  readonly inventory: Inventory;
  readonly options: DemoNetworkOptions;
}): Promise<DemoFleetAnswer> {
  const existing = await readDemoFleet(dataDir);
  const fleet = existing ?? (await createDemoFleet(dataDir, options));
  const { fleetKey: _key, ...parameters } = fleet;
  const network = generateDemoNetwork(parameters);
  const isProvisioned = network.devices.every((device) => inventory.device(device.id)?.serialNumber === device.serialNumber);
  const provisioned = isProvisioned ? null : await inventory.provision(network, (deviceId) => demoDeviceSecret(fleet.fleetKey, deviceId));
  const isAsRequested = (['seed', 'stations', 'cars', 'chargePoints'] as const).every((key) => fleet[key] === options[key]);
  return { fleet, path: join(dataDir, DEMO_FLEET_FILE), isNew: !existing, isAsRequested, provisioned };
}
