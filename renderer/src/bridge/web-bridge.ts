/**
 * The desktop bridge for a browser: settings in localStorage (validated, since anything may have written
 * there), the backend is the page's own origin, notifications through the Notification API.
 */
import {
  notificationSchema,
  settingsPatchSchema,
  settingsSchema,
  type DesktopBridge,
  type Settings,
} from '../../../shared/bridge.js';

const SETTINGS_KEY = 'cyberponies.settings';
const storedSettingsSchema = settingsSchema.omit({ backendUrl: true }).partial();

export function createWebBridge(storage: Storage, origin: string, loadVersion: () => Promise<string>): DesktopBridge {
  const defaults: Settings = { backendUrl: origin, tileUrl: null, theme: 'dark' };

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
    notify: async (notification) => {
      const { title, body, isCritical } = notificationSchema.parse(notification);
      if (typeof Notification === 'undefined') return;
      const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
      if (permission === 'granted') new Notification(title, { body, requireInteraction: isCritical });
    },
    appVersion: loadVersion,
  };
}
