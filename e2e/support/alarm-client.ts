/**
 * Reading alarms the way a console does: a socket.io console client that takes the 'alarms:snapshot' it
 * gets on every (re)connection and the 'alarms:changes' that follow, keeping each alarm's newest copy by
 * revision. It also remembers every alarm it ever saw and every copy it received, so that a test can
 * tell "no alarm was raised" from "an alarm came and went".
 */
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { alarmState } from '../../shared/alarms.js';
import type { Alarm } from '../../shared/alarms.js';
import { CONSOLE_NAMESPACE } from '../../shared/console-api.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/console-api.js';
import type { RunningSystem } from './system.js';

export interface AlarmClient {
  /** Alarms not closed, as the console holds them now. */
  open(): readonly Alarm[];
  /** Every alarm seen since the client connected, in its newest form (closed ones too). */
  seen(): readonly Alarm[];
  /** The open alarms of one device. */
  ofDevice(deviceId: string): readonly Alarm[];
  /** Snapshots received: one per (re)connection. */
  readonly snapshots: number;
  /** Copies of alarms received, in order (snapshot entries included), for a test that follows changes. */
  readonly received: readonly Alarm[];
  close(): void;
}

/** Logs in as the admin and resolves once the console has its first alarm snapshot. */
export async function connectAlarmClient(system: RunningSystem): Promise<AlarmClient> {
  const { token } = await system.login();
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${system.url}${CONSOLE_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    // A restarted backend is back within seconds: dial again soon.
    reconnectionDelay: 200,
    reconnectionDelayMax: 1_000,
  });
  const newest = new Map<number, Alarm>();
  const received: Alarm[] = [];
  let snapshots = 0;
  const take = (alarm: Alarm) => {
    received.push(alarm);
    const known = newest.get(alarm.id);
    if (!known || known.revision <= alarm.revision) newest.set(alarm.id, alarm);
  };
  socket.on('alarms:snapshot', (snapshot) => {
    snapshots++;
    // The snapshot is the whole live set: an alarm missing from it closed while we were away.
    const live = new Set(snapshot.alarms.map((alarm) => alarm.id));
    for (const alarm of newest.values()) if (!live.has(alarm.id) && alarmState(alarm) !== 'closed') newest.set(alarm.id, { ...alarm, closedAtMs: snapshot.serverTimeMs });
    for (const alarm of snapshot.alarms) take(alarm);
  });
  socket.on('alarms:changes', (changes) => {
    for (const alarm of changes.alarms) take(alarm);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('alarms:snapshot', () => resolve());
    socket.once('connect_error', reject);
  });
  // A stopping backend says goodbye to its consoles, and socket.io does not dial again after that by
  // itself (nor after a refused handshake); a console does, until the backend is back.
  let isClosed = false;
  const redial = () => {
    if (!isClosed && !socket.active) setTimeout(() => socket.connect(), 200);
  };
  socket.on('disconnect', redial);
  socket.on('connect_error', redial);
  const open = () => [...newest.values()].filter((alarm) => alarm.closedAtMs === null);
  return {
    open,
    seen: () => [...newest.values()],
    ofDevice: (deviceId) => open().filter((alarm) => alarm.deviceId === deviceId),
    get snapshots() {
      return snapshots;
    },
    received,
    close: () => {
      isClosed = true;
      socket.close();
    },
  };
}
