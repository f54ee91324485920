/** The console's one AlarmLevels: the one fleet model's devices, from the one alarm book. */
import { alarmBook } from '../alarms/alarm-book.js';
import { fleetModel } from '../sync/fleet-controller.js';
import { AlarmLevels } from './alarm-levels.js';

export const alarmLevels = new AlarmLevels(fleetModel, alarmBook);
