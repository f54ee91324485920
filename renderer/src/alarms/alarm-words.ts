/** How alarms read on screen: short state names for chips and cells, history entries, device names. */
import type { AlarmEventKind, AlarmState } from '../../../shared/alarms.js';
import type { FleetModel } from '../sync/fleet-model.js';
import { formatAge } from '../ui/format.js';
import type { AlarmNames } from './alarm-filters.js';

/** For cells and chips; ALARM_STATE_LABELS (longer) goes on hover. */
export const ALARM_STATE_SHORT: Readonly<Record<AlarmState, string>> = {
  active: 'Active',
  cleared: 'Cleared',
  acknowledged: 'Acknowledged',
  closed: 'Closed',
};

export const EVENT_KIND_WORDS: Readonly<Record<AlarmEventKind, string>> = {
  raised: 'Raised',
  occurred: 'Occurred again',
  cleared: 'Cleared',
  acknowledged: 'Acknowledged',
  assigned: 'Assigned',
  commented: 'Comment',
  escalated: 'Escalated',
  suppressed: 'Suppressed',
  unsuppressed: 'No longer suppressed',
  closed: 'Closed',
};

/** "12 s", "3 min", "now": the column says what it is ("Raised"), so no "ago". */
export function shortAge(thenMs: number | null, nowMs: number): string {
  const age = formatAge(thenMs, nowMs);
  return age === 'just now' ? 'now' : age.replace(/ ago$/, '');
}

/** Device and station names from the fleet the console holds; ids when the fleet does not know them. */
export function fleetAlarmNames(model: FleetModel): AlarmNames {
  return {
    deviceLabel: (deviceId) => model.device(model.indexOf(deviceId))?.label ?? deviceId,
    stationName: (stationId) => (stationId === null ? '' : (model.stations[model.stationIndexOf(stationId)]?.name ?? stationId)),
  };
}
