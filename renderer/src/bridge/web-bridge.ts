/**
 * The desktop bridge for a browser: settings in localStorage (validated, since anything may have written
 * there), the backend is the page's own origin, notifications through the Notification API.
 */
import {
  settingsPatchSchema,
  settingsSchema,
  type DesktopBridge,
  type Settings,
} from '../../../shared/bridge.js';
import { browserNotificationPort, createWebNotifications, type NotificationPort } from './web-notifications.js';

const SETTINGS_KEY = 'cyberponies.settings';
const storedSettingsSchema = settingsSchema.omit({ backendUrl: true }).partial();

export function createWebBridge(
  storage: Storage,
  origin: string,
  loadVersion: () => Promise<string>,
  notificationPort: NotificationPort = browserNotificationPort(),
): DesktopBridge {
  const defaults: Settings = settingsSchema.parse({ backendUrl: origin, tileUrl: null, theme: 'dark' });

  const read = (): Settings => {
    let stored: unknown;
    try {
      stored = JSON.parse(storage.getItem(SETTINGS_KEY) ?? 'null');
    } catch {
      stored = null;
    }
    const parsed = storedSettingsSchema.safeParse(stored);
    // The web console always talks to the backend that served it.
    return parsed.success ? { ...defaults, ...parsed.data, backendUrl: origin } : defaults;
  };

  return {
    platform: 'web',
    getSettings: () => Promise.resolve(read()),
    updateSettings: (patch) => {
      const next = settingsSchema.parse({ ...read(), ...settingsPatchSchema.parse(patch), backendUrl: origin });
      const { backendUrl: _backendUrl, ...stored } = next;
      storage.setItem(SETTINGS_KEY, JSON.stringify(stored));
      return Promise.resolve(next);
    },
    ...createWebNotifications(notificationPort),
    appVersion: loadVersion,
  };
}
