// Where the Electron binary is, without requiring the `electron` package: from release 42 on, requiring
// it downloads the binary on first use, and on machines without that download it must not even try.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'electron');

/** @returns {string | undefined} the Electron executable, or undefined when this machine has none. */
export function findElectronBinary() {
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : process.platform === 'win32' ? 'electron.exe' : 'electron';
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(packageDir, 'dist');
  const candidate = join(distDir, relative);
  return existsSync(candidate) ? candidate : undefined;
}
