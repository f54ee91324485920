/** The bridge chosen at start-up, for the few actions that reach the desktop (settings, notifications). */
import type { DesktopBridge, SettingsPatch } from '../../../shared/bridge.js';
import { useConsoleStore } from '../store/store.js';

let current: DesktopBridge | null = null;

export function setCurrentBridge(bridge: DesktopBridge): void {
  current = bridge;
}

/** Null only before start-up has chosen one. */
export function currentBridge(): DesktopBridge | null {
  return current;
}

export async function updateSettings(patch: SettingsPatch): Promise<void> {
  if (!current) throw new Error('The desktop bridge is not ready yet');
  useConsoleStore.getState().setSettings(await current.updateSettings(patch));
}
