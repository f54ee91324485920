/**
 * The notifier as the console runs it: the real alarm book, bridge, store, clock and tone; a click on a
 * notification opens the alarm (or, for a burst, the critical alarms) in the alarms view.
 */
import type { DesktopBridge, NotificationTarget } from '../../../shared/bridge.js';
import { updateSettings } from '../bridge/current-bridge.js';
import type { ConsoleState } from '../store/store.js';
import { useConsoleStore } from '../store/store.js';
import { fleetModel } from '../sync/fleet-controller.js';
import type { FleetModel } from '../sync/fleet-model.js';
import type { AlarmBook } from './alarm-book.js';
import { alarmBook } from './alarm-book.js';
import { createAlarmSound } from './alarm-sound.js';
import { startAlarmNotifier } from './notifier.js';
import { openAlarmInView } from './open-alarm.js';
import type { AlarmNames, AlarmNotifier, Clock } from './notifier.js';

export const realClock: Clock = {
  now: () => Date.now(),
  schedule: (callback, delayMs) => {
    const timer = setTimeout(callback, delayMs);
    return () => clearTimeout(timer);
  },
};

/** The names people know devices and stations by, from the fleet the console holds. */
export function fleetNames(model: FleetModel): AlarmNames {
  return {
    deviceLabel: (deviceId) => {
      const index = model.indexOf(deviceId);
      return (index < 0 ? undefined : model.device(index)?.label) ?? deviceId;
    },
    stationName: (stationId) => {
      const index = model.stationIndexOf(stationId);
      return (index < 0 ? undefined : model.stations[index]?.name) ?? null;
    },
  };
}

/** The alarms view with the target open: one alarm (see openAlarmInView), or a burst's critical ones. */
export function openNotificationTarget(state: ConsoleState, book: Pick<AlarmBook, 'get'>, target: NotificationTarget): void {
  if (target.kind === 'alarms') {
    state.showAlarms({ severities: [target.severity] });
    return;
  }
  openAlarmInView(state, book, target.alarmId);
}

export function startConsoleNotifier(bridge: DesktopBridge, store: typeof useConsoleStore = useConsoleStore, book: AlarmBook = alarmBook): AlarmNotifier {
  return startAlarmNotifier({
    book,
    bridge,
    settings: () => store.getState().settings,
    clock: realClock,
    sound: createAlarmSound(),
    open: (target) => openNotificationTarget(store.getState(), book, target),
    endSnooze: () => void updateSettings({ alarmSnooze: null }).catch(() => undefined),
    names: fleetNames(fleetModel),
    onError: (error) => console.warn('Alarm notification failed:', error),
  });
}
