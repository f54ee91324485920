/**
 * The sandboxed preload: the desktop bridge, as named functions over IPC. The renderer never gets
 * ipcRenderer itself, so it can reach only the four calls below. Answers from main are parsed too, so
 * the renderer receives exactly the types the bridge promises.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { z } from 'zod';
import { BRIDGE_GLOBAL, bridgeChannels, settingsSchema } from '../shared/bridge.js';
import type { DesktopBridge, DesktopNotification, SettingsPatch } from '../shared/bridge.js';

export const bridge = {
  platform: 'desktop',
  getSettings: async () => settingsSchema.parse(await ipcRenderer.invoke(bridgeChannels.getSettings)),
  updateSettings: async (patch: SettingsPatch) => settingsSchema.parse(await ipcRenderer.invoke(bridgeChannels.updateSettings, patch)),
  notify: async (notification: DesktopNotification) => {
    await ipcRenderer.invoke(bridgeChannels.notify, notification);
  },
  appVersion: async () => z.string().parse(await ipcRenderer.invoke(bridgeChannels.appVersion)),
} satisfies DesktopBridge;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
