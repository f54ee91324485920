/**
 * Finding an Electron binary and a backend for the desktop end-to-end test. The electron package is
 * never required here: from version 42 its index.js downloads the binary on first require, which
 * fails (slowly) on machines without internet.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ElectronLookup {
  /** node_modules/electron; the repository's by default. */
  readonly packageDirectory?: string;
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The Electron executable the electron package would run, or undefined when it has not been
 * downloaded: path.txt names it inside dist/, and ELECTRON_OVERRIDE_DIST_PATH replaces dist/.
 */
export function findElectronBinary(lookup: ElectronLookup = {}): string | undefined {
  const packageDirectory = lookup.packageDirectory ?? join(PROJECT_ROOT, 'node_modules', 'electron');
  const environment = lookup.environment ?? process.env;
  const pathFile = join(packageDirectory, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = environment.ELECTRON_OVERRIDE_DIST_PATH;
  const candidates = [
    ...(override ? [join(override, executable || 'electron')] : []),
    ...(executable ? [join(packageDirectory, 'dist', executable)] : []),
  ];
  return candidates.find(isFile);
}

/** A backend the desktop journey logs in to, with an account and some devices it is known to hold. */
export interface E2eBackend {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** Devices to try clicking, in order: the first one on screen is used. */
  readonly deviceIds: readonly string[];
  close(): Promise<void>;
}

const DEFAULT_DEVICE_IDS = ['cp-00001', 'car-00001', 'cp-00002', 'car-00002', 'cp-00003', 'car-00003'];

/**
 * The backend for the desktop journey. For now it comes from CYBERPONIES_E2E_URL,
 * CYBERPONIES_E2E_USER and CYBERPONIES_E2E_PASSWORD (and optionally CYBERPONIES_E2E_DEVICES,
 * comma-separated); the lead replaces this with a fixture that starts a backend and a simulated fleet.
 */
export async function provideE2eBackend(environment: Readonly<Record<string, string | undefined>> = process.env): Promise<E2eBackend> {
  const url = environment.CYBERPONIES_E2E_URL;
  const username = environment.CYBERPONIES_E2E_USER;
  const password = environment.CYBERPONIES_E2E_PASSWORD;
  if (!url || !username || !password) {
    throw new Error('The desktop journey needs a backend: set CYBERPONIES_E2E_URL, CYBERPONIES_E2E_USER and CYBERPONIES_E2E_PASSWORD');
  }
  const deviceIds = environment.CYBERPONIES_E2E_DEVICES?.split(',').map((id) => id.trim()).filter(Boolean);
  return { url, username, password, deviceIds: deviceIds?.length ? deviceIds : DEFAULT_DEVICE_IDS, close: async () => undefined };
}
