/**
 * The header's control for critical alarm notifications: what they do now (on, silent, muted, snoozed)
 * on the button, and sound, mute and snooze in its panel. In a browser it also asks for the permission
 * to notify, which browsers grant only in answer to a click.
 */
import { useState, useSyncExternalStore } from 'react';
import type { AlarmSnooze, SettingsPatch } from '../../../shared/bridge.js';
import { updateSettings } from '../bridge/current-bridge.js';
import { browserNotificationPort, notificationPermission, requestNotificationPermission } from '../bridge/web-notifications.js';
import { Popover } from '../find/Popover.js';
import { useConsoleStore } from '../store/store.js';
import { operatorTimeZone } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';
import { alarmBook } from './alarm-book.js';
import { isSnoozing } from './notifier.js';
import './notification-controls.css';

const MINUTE_MS = 60_000;
const SNOOZE_CHOICES = [
  { label: '15 min', minutes: 15, testId: 'alarm-snooze-15' },
  { label: '1 h', minutes: 60, testId: 'alarm-snooze-60' },
] as const;

const subscribeBook = (listener: () => void) => alarmBook.subscribe(listener);
const criticalWaiting = () => alarmBook.unacknowledgedCounts().critical;

function change(patch: SettingsPatch): void {
  updateSettings(patch).catch((error: unknown) => console.warn('Could not save the notification settings:', error));
}

function clockTime(timeMs: number): string {
  return new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: operatorTimeZone() }).format(timeMs);
}

export type NotificationState = 'on' | 'silent' | 'muted' | 'snoozed';

export function notificationState(isMuted: boolean, isSoundOn: boolean, snooze: AlarmSnooze | null, nowMs: number): NotificationState {
  if (isMuted) return 'muted';
  if (isSnoozing(snooze, nowMs)) return 'snoozed';
  return isSoundOn ? 'on' : 'silent';
}

/** What the button says beside its bell: nothing in the usual state, the header has little room. */
function stateWords(state: NotificationState, snooze: AlarmSnooze | null): string {
  switch (state) {
    case 'on':
      return '';
    case 'silent':
      return 'Silent';
    case 'muted':
      return 'Muted';
    case 'snoozed':
      return snooze?.kind === 'until' ? `Snoozed to ${clockTime(snooze.untilMs)}` : 'Snoozed';
  }
}

const STATE_TITLES: Readonly<Record<NotificationState, string>> = {
  on: 'Critical alarms notify, with a tone',
  silent: 'Critical alarms notify, without a tone',
  muted: 'Critical alarm notifications are muted',
  snoozed: 'Critical alarm notifications are snoozed',
};

function BellIcon({ isCrossed }: { readonly isCrossed: boolean }) {
  return (
    <svg viewBox="0 0 20 20" width="14" height="14" aria-hidden="true">
      <path d="M10 3a5 5 0 0 0-5 5v3.2L3.6 14h12.8L15 11.2V8a5 5 0 0 0-5-5Z" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
      <path d="M8.2 16.2a1.9 1.9 0 0 0 3.6 0" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
      {isCrossed && <path d="m3.5 3.5 13 13" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />}
    </svg>
  );
}

function PermissionLine() {
  const port = browserNotificationPort();
  const [permission, setPermission] = useState(() => notificationPermission(port));
  if (permission === 'granted') return null;
  if (permission === 'unsupported') return <p className="notify-note">This browser cannot show notifications; the tab’s title still counts critical alarms.</p>;
  if (permission === 'denied') return <p className="notify-note" data-testid="alarm-notify-permission">Notifications are blocked for this site: allow them in the browser’s site settings.</p>;
  return (
    <button type="button" className="quiet-button notify-allow" data-testid="alarm-notify-permission" onClick={() => void requestNotificationPermission(port).then(setPermission)}>
      Allow browser notifications
    </button>
  );
}

export function NotificationControls() {
  const isSoundOn = useConsoleStore((state) => state.settings?.alarmSound ?? true);
  const isMuted = useConsoleStore((state) => state.settings?.alarmsMuted ?? false);
  const snooze = useConsoleStore((state) => state.settings?.alarmSnooze ?? null);
  const platform = useConsoleStore((state) => state.platform);
  const waiting = useSyncExternalStore(subscribeBook, criticalWaiting);
  const nowMs = useNow();
  const isSnoozed = isSnoozing(snooze, nowMs);
  const state = notificationState(isMuted, isSoundOn, snooze, nowMs);
  const words = stateWords(state, snooze);
  const snoozeText = !snooze || !isSnoozed ? null : snooze.kind === 'incident' ? 'until every critical alarm is acknowledged' : `until ${clockTime(snooze.untilMs)}`;

  return (
    <div className={`notification-controls${isMuted || isSnoozed ? ' is-quiet' : ''}`} data-testid="notification-controls" data-state={state}>
      <Popover
        label={
          <>
            <BellIcon isCrossed={isMuted || isSnoozed} />
            {words && <span>{words}</span>}
          </>
        }
        title={`${STATE_TITLES[state]}. Sound, mute, snooze`}
        isActive={isMuted || isSnoozed}
        testId="alarm-notify-button"
      >
        {(close) => (
          <div className="notify-panel" data-testid="notification-panel">
            <div className="notify-heading">Critical alarm notifications</div>
            <label className="notify-row">
              <input type="checkbox" checked={isSoundOn} data-testid="alarm-sound-toggle" onChange={(event) => change({ alarmSound: event.target.checked })} />
              <span>
                Sound
                <small>a short tone with each new critical alarm</small>
              </span>
            </label>
            <label className="notify-row">
              <input type="checkbox" checked={isMuted} data-testid="alarm-mute-toggle" onChange={(event) => change({ alarmsMuted: event.target.checked })} />
              <span>
                Mute
                <small>no notification or sound until unmuted; the counts stay</small>
              </span>
            </label>
            <div className="notify-snooze">
              <span className="notify-snooze-label">Snooze</span>
              {SNOOZE_CHOICES.map((choice) => (
                <button
                  key={choice.testId}
                  type="button"
                  className="quiet-button"
                  data-testid={choice.testId}
                  onClick={() => {
                    change({ alarmSnooze: { kind: 'until', untilMs: Date.now() + choice.minutes * MINUTE_MS } });
                    close();
                  }}
                >
                  {choice.label}
                </button>
              ))}
              <button
                type="button"
                className="quiet-button"
                data-testid="alarm-snooze-incident"
                disabled={waiting === 0}
                title={waiting === 0 ? 'No critical alarm is waiting' : 'Until every critical alarm now waiting is acknowledged'}
                onClick={() => {
                  change({ alarmSnooze: { kind: 'incident' } });
                  close();
                }}
              >
                Until handled
              </button>
            </div>
            {snoozeText && (
              <div className="notify-snoozed" data-testid="alarm-snooze-state">
                <span>Snoozed {snoozeText}</span>
                <button type="button" className="quiet-button" data-testid="alarm-snooze-resume" onClick={() => change({ alarmSnooze: null })}>
                  Resume
                </button>
              </div>
            )}
            {platform === 'web' && <PermissionLine />}
            <div className="notify-footer" data-testid="alarm-notify-waiting">
              {waiting === 0 ? 'No critical alarm waiting' : `${waiting} critical alarm${waiting === 1 ? '' : 's'} unacknowledged`}
            </div>
          </div>
        )}
      </Popover>
    </div>
  );
}
