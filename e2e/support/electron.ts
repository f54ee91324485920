/**
 * An Electron binary for the desktop end-to-end test. The electron package is never required here: from
 * version 42 its index.js downloads the binary on first require.
 */
import { fileURLToPath } from 'node:url';

export { findElectronBinary } from '../../bin/electron-binary.js';
export type { ElectronLookup } from '../../bin/electron-binary.js';

/** The repository's root folder. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
