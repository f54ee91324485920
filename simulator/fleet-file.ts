/**
 * What the backend recorded in its data directory for the simulator: the demo fleet (the network's
 * parameters and the fleet key) and the public key its car commands are signed with.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { COMMAND_PUBLIC_KEY_FILE, commandPublicKeySchema } from '../shared/car-commands.js';
import { DEMO_FLEET_FILE, demoFleetSchema } from '../shared/demo-fleet.js';
import type { DemoFleet } from '../shared/demo-fleet.js';

/** The fleet file, or undefined while the backend has not written it yet. */
export async function readDemoFleet(dataDir: string): Promise<DemoFleet | undefined> {
  const path = join(dataDir, DEMO_FLEET_FILE);
  const text = await readIfThere(path);
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Caught mid-write by a backend starting at the same moment: treat as not there yet.
    return undefined;
  }
  const parsed = demoFleetSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${path} is not a demo fleet file: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** Waits for the backend to write the fleet file (it does on its first start), polling twice a second. */
export async function waitForDemoFleet(dataDir: string, timeoutMs: number, signal?: AbortSignal): Promise<DemoFleet | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fleet = await readDemoFleet(dataDir);
    if (fleet || Date.now() >= deadline || signal?.aborted) return fleet;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The backend's command public key, or undefined when it has written none (an older backend). */
export async function readCommandPublicKey(dataDir: string): Promise<string | undefined> {
  const path = join(dataDir, COMMAND_PUBLIC_KEY_FILE);
  const text = await readIfThere(path);
  if (text === undefined) return undefined;
  const parsed = commandPublicKeySchema.safeParse(text.trim());
  if (!parsed.success) throw new Error(`${path} does not hold a command public key: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

async function readIfThere(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
}
