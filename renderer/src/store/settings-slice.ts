import type { Settings } from '../../../shared/bridge.js';
import type { ConsoleConfig } from '../../../shared/console-api.js';
import type { StoreSlice } from './types.js';

/** Whether base tiles load: `unavailable` once several failed and none loaded (no internet, bad URL). */
export type TileHealth = 'unknown' | 'ok' | 'unavailable';

export interface SettingsSlice {
  readonly settings: Settings | null;
  readonly config: ConsoleConfig | null;
  /** Why the backend's config could not be read, shown on the login screen. */
  readonly configError: string | null;
  readonly platform: 'desktop' | 'web';
  readonly tileHealth: TileHealth;
  setSettings(settings: Settings): void;
  setConfig(config: ConsoleConfig | null, configError?: string | null): void;
  setPlatform(platform: 'desktop' | 'web'): void;
  setTileHealth(tileHealth: TileHealth): void;
}

export const createSettingsSlice: StoreSlice<SettingsSlice> = (set) => ({
  settings: null,
  config: null,
  configError: null,
  platform: 'web',
  tileHealth: 'unknown',
  setSettings: (settings) => set({ settings }),
  setConfig: (config, configError = null) => set({ config, configError }),
  setPlatform: (platform) => set({ platform }),
  setTileHealth: (tileHealth) => set({ tileHealth }),
});
