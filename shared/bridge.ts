/**
 * The desktop bridge: everything the renderer may ask of the machine it runs on. The preload exposes
 * it from Electron; in a browser the renderer uses a web implementation of the same interface.
 */
import { z } from 'zod';
import { ALARM_SEVERITIES } from './alarms.js';

export const BRIDGE_GLOBAL = 'cyberponiesDesktop';

export const themeSchema = z.enum(['dark', 'light']);
export type Theme = z.infer<typeof themeSchema>;

/**
 * Alarm notifications put off for a while: until a time, or until the incident in hand is over (no
 * critical alarm left unacknowledged), whichever the operator chose.
 */
export const alarmSnoozeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('until'), untilMs: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('incident') }),
]);
export type AlarmSnooze = z.infer<typeof alarmSnoozeSchema>;

/** Every setting without its default: patches are built from these, so a patch never resets what it does not name. */
const settingsFields = {
  /** The backend the console talks to, e.g. http://127.0.0.1:8080. */
  backendUrl: z.url(),
  /** Overrides the backend's tile URL template when set. */
  tileUrl: z.string().max(500).nullable(),
  theme: themeSchema,
  /** A short tone with each critical alarm's notification. */
  alarmSound: z.boolean(),
  /** No notification and no sound for alarms until unmuted; the badge still counts. */
  alarmsMuted: z.boolean(),
  alarmSnooze: alarmSnoozeSchema.nullable(),
};

/** The alarm settings have defaults, so a settings file written before they existed stays valid. */
export const settingsSchema = z.object({
  ...settingsFields,
  alarmSound: settingsFields.alarmSound.default(true),
  alarmsMuted: settingsFields.alarmsMuted.default(false),
  alarmSnooze: settingsFields.alarmSnooze.default(null),
});
export type Settings = z.infer<typeof settingsSchema>;
export const settingsPatchSchema = z.object(settingsFields).partial();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** What clicking a notification opens: one alarm, or the alarms view filtered to a severity (a burst). */
export const notificationTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('alarm'), alarmId: z.number().int().positive() }),
  z.object({ kind: z.literal('alarms'), severity: z.enum(ALARM_SEVERITIES) }),
]);
export type NotificationTarget = z.infer<typeof notificationTargetSchema>;

export const notificationSchema = z.object({
  title: z.string().min(1).max(200),
  body: z.string().max(1000),
  isCritical: z.boolean(),
  /** Set when the console plays its own tone (or the operator turned sound off): the system's sound stays quiet. */
  isSilent: z.boolean().optional(),
  /** Set when a click should open something; the click comes back through onNotificationClick. */
  target: notificationTargetSchema.optional(),
});
export type DesktopNotification = z.infer<typeof notificationSchema>;

/** The badge's number: unacknowledged critical alarms (0 clears it). */
export const alarmBadgeSchema = z.number().int().min(0).max(1_000_000);

export interface DesktopBridge {
  readonly platform: 'desktop' | 'web';
  getSettings(): Promise<Settings>;
  updateSettings(patch: SettingsPatch): Promise<Settings>;
  notify(notification: DesktopNotification): Promise<void>;
  /** Called with the target of a notification the operator clicked, after the window was brought forward. Returns the unsubscribe. */
  onNotificationClick(listener: (target: NotificationTarget) => void): () => void;
  /** The dock or taskbar badge, the tray, or the tab's title: how many critical alarms wait for a look. */
  setAlarmBadge(count: number): Promise<void>;
  appVersion(): Promise<string>;
}

/** Bridge members that are not calls to main: the platform, and the listeners main pushes to. */
type BridgePushMember = 'platform' | 'onNotificationClick';

/** IPC channels, one per bridge call; the main process checks the sender and validates every payload. */
export const bridgeChannels = {
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
  notify: 'notification:show',
  setAlarmBadge: 'alarms:badge',
  appVersion: 'app:version',
} as const satisfies Record<Exclude<keyof DesktopBridge, BridgePushMember>, string>;

/** Channels main sends on (webContents.send); the preload parses each payload before a listener sees it. */
export const bridgeEvents = {
  notificationClick: 'notification:click',
} as const;
