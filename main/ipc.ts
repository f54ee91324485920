/**
 * The main side of the desktop bridge. The renderer is treated as untrusted: every call must come
 * from a frame showing the console itself, and every payload is parsed before it is used.
 */
import { alarmBadgeSchema, bridgeChannels, notificationSchema } from '../shared/bridge.js';
import type { DesktopBridge, DesktopNotification, Settings } from '../shared/bridge.js';
import { isAppUrl } from './protocol.js';

type BridgeCall = keyof typeof bridgeChannels;

/** What a handler needs to know about the call: which frame sent it (null once the frame is gone). */
export interface BridgeCallEvent {
  readonly senderFrame: { readonly url: string } | null;
}

export type BridgeHandlers = {
  readonly [Call in BridgeCall]: (event: BridgeCallEvent, payload: unknown) => ReturnType<DesktopBridge[Call]>;
};

/** The part of ipcMain the bridge uses; Electron's ipcMain satisfies it. */
export interface InvokeRegistry {
  handle(channel: string, listener: (event: BridgeCallEvent, payload: unknown) => Promise<unknown>): void;
}

export interface BridgeServices {
  readonly settings: { current(): Settings; update(patch: unknown): Promise<Settings> };
  notify(notification: DesktopNotification): void;
  setAlarmBadge(count: number): void;
  appVersion(): string;
}

export class UntrustedSenderError extends Error {
  constructor(channel: string, url: string | undefined) {
    super(`Refused ${channel} from ${url ?? 'a frame that no longer exists'}: only the console may use the desktop bridge`);
    this.name = 'UntrustedSenderError';
  }
}

export function isTrustedSender(event: BridgeCallEvent): boolean {
  return event.senderFrame !== null && isAppUrl(event.senderFrame.url);
}

function checkSender(channel: string, event: BridgeCallEvent): void {
  if (!isTrustedSender(event)) throw new UntrustedSenderError(channel, event.senderFrame?.url);
}

export function createBridgeHandlers(services: BridgeServices): BridgeHandlers {
  return {
    async getSettings(event) {
      checkSender(bridgeChannels.getSettings, event);
      return services.settings.current();
    },
    async updateSettings(event, patch) {
      checkSender(bridgeChannels.updateSettings, event);
      return services.settings.update(patch);
    },
    async notify(event, notification) {
      checkSender(bridgeChannels.notify, event);
      services.notify(notificationSchema.parse(notification));
    },
    async setAlarmBadge(event, count) {
      checkSender(bridgeChannels.setAlarmBadge, event);
      services.setAlarmBadge(alarmBadgeSchema.parse(count));
    },
    async appVersion(event) {
      checkSender(bridgeChannels.appVersion, event);
      return services.appVersion();
    },
  };
}

/** One ipcMain.handle per entry of bridgeChannels, so a call missing here is a compile error in BridgeHandlers. */
export function registerBridgeHandlers(ipcMain: InvokeRegistry, handlers: BridgeHandlers): void {
  for (const call of Object.keys(bridgeChannels).filter((key): key is BridgeCall => key in handlers)) {
    const handler = handlers[call];
    ipcMain.handle(bridgeChannels[call], (event, payload) => handler(event, payload));
  }
}
