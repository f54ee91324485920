/**
 * The desktop bridge: everything the renderer may ask of the machine it runs on. The preload exposes
 * it from Electron; in a browser the renderer uses a web implementation of the same interface.
 */
import { z } from 'zod';

export const BRIDGE_GLOBAL = 'cyberponiesDesktop';

export const themeSchema = z.enum(['dark', 'light']);
export type Theme = z.infer<typeof themeSchema>;

export const settingsSchema = z.object({
  /** The backend the console talks to, e.g. http://127.0.0.1:8080. */
  backendUrl: z.url(),
  /** Overrides the backend's tile URL template when set. */
  tileUrl: z.string().max(500).nullable(),
  theme: themeSchema,
});
export type Settings = z.infer<typeof settingsSchema>;
export const settingsPatchSchema = settingsSchema.partial();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const notificationSchema = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(1000),
  isCritical: z.boolean(),
});
export type DesktopNotification = z.infer<typeof notificationSchema>;

export interface DesktopBridge {
  readonly platform: 'desktop' | 'web';
  getSettings(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  notify(notification: DesktopNotification): Promise<void>;
  appVersion(): Promise<string>;
}

/** IPC channels, one per bridge call; the main process checks the sender and validates every payload. */
export const bridgeChannels = {
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  notify: 'notification:show',
  appVersion: 'app:version',
} as const satisfies Record<Exclude<keyof DesktopBridge, 'platform'>, string>;
