/** Finds the bridge the Electron preload exposes, or falls back to the web implementation. */
import { BRIDGE_GLOBAL, type DesktopBridge } from '../../../shared/bridge.js';
import { createWebBridge } from './web-bridge.js';

const BRIDGE_METHODS = ['getSettings', 'updateSettings', 'notify', 'onNotificationClick', 'setAlarmBadge', 'appVersion'] as const;

function isDesktopBridge(value: unknown): value is DesktopBridge {
  if (typeof value !== 'object' || value === null) return false;
  return BRIDGE_METHODS.every((method) => typeof Reflect.get(value, method) === 'function');
}

export function resolveBridge(loadVersion: () => Promise<string>): DesktopBridge {
  const exposed: unknown = Reflect.get(window, BRIDGE_GLOBAL);
  if (isDesktopBridge(exposed)) return exposed;
  return createWebBridge(window.localStorage, window.location.origin, loadVersion);
}
