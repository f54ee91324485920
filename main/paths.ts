/** Where the built pieces sit next to each other in out/ (and in the packaged app's resources). */
import { join } from 'node:path';

export interface AppPaths {
  /** The sandboxed preload: one CommonJS file. */
  readonly preload: string;
  /** The renderer's build, served on app://console. */
  readonly renderer: string;
  readonly icon: string;
}

/** `mainDirectory` is the folder of the built main script, out/main. */
export function appPaths(mainDirectory: string): AppPaths {
  return {
    preload: join(mainDirectory, '..', 'preload', 'index.cjs'),
    renderer: join(mainDirectory, '..', 'renderer'),
    icon: join(mainDirectory, '..', '..', 'assets', 'icon.png'),
  };
}
