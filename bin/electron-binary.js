// Where the Electron binary is, without requiring the `electron` package: from release 42 on, requiring
// it downloads the binary on first use, which fails (slowly) on machines without that download.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const defaultPackageDirectory = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'electron');

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The Electron executable the electron package would run, or undefined when it has not been downloaded:
 * path.txt names it inside dist/, and ELECTRON_OVERRIDE_DIST_PATH replaces dist/.
 * @param {{ packageDirectory?: string, environment?: Readonly<Record<string, string | undefined>> }} [lookup]
 * @returns {string | undefined}
 */
export function findElectronBinary(lookup = {}) {
  const packageDirectory = lookup.packageDirectory ?? defaultPackageDirectory;
  const environment = lookup.environment ?? process.env;
  const pathFile = join(packageDirectory, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = environment.ELECTRON_OVERRIDE_DIST_PATH;
  const candidates = [...(override ? [join(override, executable || 'electron')] : []), ...(executable ? [join(packageDirectory, 'dist', executable)] : [])];
  return candidates.find(isFile);
}
