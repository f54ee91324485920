/**
 * The sandboxed preload: the desktop bridge, as named functions over IPC. The renderer never gets
 * ipcRenderer itself, so it can reach only the calls below. Answers and pushes from main are parsed
 * too, so the renderer receives exactly the types the bridge promises.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { z } from 'zod';
import { BRIDGE_GLOBAL, bridgeChannels, bridgeEvents, notificationTargetSchema, settingsSchema } from '../shared/bridge.js';
import type { DesktopBridge, DesktopNotification, NotificationTarget, SettingsPatch } from '../shared/bridge.js';

export const bridge = {
  platform: 'desktop',
  getSettings: async () => settingsSchema.parse(await ipcRenderer.invoke(bridgeChannels.getSettings)),
  updateSettings: async (patch: SettingsPatch) => settingsSchema.parse(await ipcRenderer.invoke(bridgeChannels.updateSettings, patch)),
  notify: async (notification: DesktopNotification) => {
    await ipcRenderer.invoke(bridgeChannels.notify, notification);
  },
  onNotificationClick: (listener: (target: NotificationTarget) => void) => {
    // The renderer's listener never sees the IPC event (it reaches ipcRenderer through event.sender).
    const receive = (_event: IpcRendererEvent, payload: unknown) => {
      const target = notificationTargetSchema.safeParse(payload);
      if (target.success) listener(target.data);
    };
    ipcRenderer.on(bridgeEvents.notificationClick, receive);
    return () => {
      ipcRenderer.removeListener(bridgeEvents.notificationClick, receive);
    };
  },
  setAlarmBadge: async (count: number) => {
    await ipcRenderer.invoke(bridgeChannels.setAlarmBadge, count);
  },
  appVersion: async () => z.string().parse(await ipcRenderer.invoke(bridgeChannels.appVersion)),
} satisfies DesktopBridge;

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
