/** Opening one alarm from anywhere (a notification, a device's panel): the alarms view with its panel. */
import type { ConsoleState } from '../store/store.js';
import type { AlarmBook } from './alarm-book.js';
import { matchesAlarm } from './alarm-filters.js';

/**
 * The alarms view with the alarm open. An alarm that the view's filters would hide clears them, so that
 * the row of the opened alarm is in the list beside its panel.
 */
export function openAlarmInView(state: ConsoleState, book: Pick<AlarmBook, 'get'>, alarmId: number): void {
  const alarm = book.get(alarmId);
  if (alarm && !matchesAlarm(alarm, state.alarmFilters)) state.showAlarms();
  else if (state.view !== 'alarms') state.setView('alarms');
  state.openAlarm(alarmId);
}
