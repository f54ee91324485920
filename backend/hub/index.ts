/**
 * The console hub: socket.io on the backend's HTTP server. A console gets a snapshot of the fleet on
 * connect, then one delta per window of DELTA_WINDOW_MS with every device that changed (each once, in
 * its latest state) as packed columns; on reconnect it gets exactly the deltas it missed, or a snapshot.
 * The calls a console makes (a device's detail, history, timeline) are in calls.ts.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { CONSOLE_NAMESPACE, DELTA_WINDOW_MS, handshakeSchema } from '../../shared/console-api.js';
import type { ClientToServerEvents, FleetDelta, FleetSnapshot, ServerToClientEvents } from '../../shared/console-api.js';
import { encodeCatalogue } from '../../shared/fleet-catalogue.js';
import { allocateColumns, packColumns } from '../../shared/fleet-columns.js';
import type { ErrorCode } from '../../shared/result.js';
import type { AlarmService } from '../alarms/index.js';
import type { CommandService } from '../commands/service.js';
import type { ReservationService } from '../reservations/service.js';
import { createBatchedPushes } from './batched-pushes.js';
import { handleCommandCalls } from './command-calls.js';
import { handleReservationCalls } from './reservation-calls.js';
import type { Inventory } from '../inventory/types.js';
import type { TokenVerifier } from '../operators/types.js';
import type { StateCache } from '../state/index.js';
import type { Queryable } from '../store/database.js';
import { createAlarmPushes, handleAlarmCalls } from './alarm-calls.js';
import { handleCalls } from './calls.js';
import type { ConsoleSocket, SocketData } from './calls.js';
import { createDeltaLog } from './delta-log.js';
import type { DeltaLogLimits } from './delta-log.js';

export interface ConsoleHubOptions {
  readonly server: http.Server;
  readonly state: StateCache;
  /** Where history is read from, for the console's charts and timelines. */
  readonly db: Queryable;
  readonly inventory: Inventory;
  readonly tokens: TokenVerifier;
  readonly logger: Logger;
  readonly allowedOrigins: readonly string[];
  /** How many recent deltas are kept for consoles that reconnect; DEFAULT_DELTA_LOG_LIMITS by default. */
  readonly deltaLogLimits?: DeltaLogLimits;
  /** The alarms consoles see and act on ('alarms:snapshot', 'alarms:changes', alarm calls); none without it. */
  readonly alarms?: AlarmService;
  /** The commands consoles send and follow ('commands:changes', command calls); none without it. */
  readonly commands?: CommandService;
  /** The reservations consoles make and follow ('reservations:changes', reservation calls); none without it. */
  readonly reservations?: ReservationService;
}

export interface ConsoleHub {
  /** The current epoch and the version of the latest delta. */
  position(): { readonly epoch: string; readonly version: number };
  close(): Promise<void>;
}

/** About a minute of deltas at full rate, and never more than this many bytes. */
export const DEFAULT_DELTA_LOG_LIMITS: DeltaLogLimits = { deltas: 600, bytes: 64 * 1024 * 1024 };

function refusal(code: ErrorCode, message: string): Error {
  // socket.io hands `data` to the console's connect_error along with the message.
  return Object.assign(new Error(message), { data: { code } });
}

export function attachConsoleHub(options: ConsoleHubOptions): ConsoleHub {
  const { state, tokens } = options;
  const logger = options.logger.child({ module: 'hub' });
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(options.server, {
    path: '/socket.io',
    serveClient: false,
    // The same HTTP server carries the OCPP upgrades; socket.io must leave them alone.
    destroyUpgrade: false,
    cors: { origin: [...options.allowedOrigins], credentials: true },
  });
  const consoles = io.of(CONSOLE_NAMESPACE);
  const log = createDeltaLog(options.deltaLogLimits ?? DEFAULT_DELTA_LOG_LIMITS);
  let epoch = randomUUID();
  let version = 0;
  let isMarked = new Uint8Array(state.fleetDevices().length);
  let changed: number[] = [];
  let timer: NodeJS.Timeout | null = null;
  let lastFlushMs = 0;
  /**
   * Firmware codes every console of this epoch has been given, by a snapshot or by a delta in the log:
   * a delta whose rows may use a newer code carries the whole table.
   */
  let sentFirmwareCodes = state.firmwareVersions().length;

  // Who the devices are changes only with the epoch: encode it once per epoch, not per console, and
  // before the first console asks (it takes 100-150 ms for 100,000 devices).
  let catalogue = { epoch, bytes: encodeCatalogue(state.fleetDevices(), state.fleetStations()) };

  function snapshot(): FleetSnapshot {
    const devices = state.fleetDevices();
    if (catalogue.epoch !== epoch) catalogue = { epoch, bytes: encodeCatalogue(devices, state.fleetStations()) };
    const columns = allocateColumns(devices.length);
    state.fillColumns(columns, Uint32Array.from(devices.keys()));
    return {
      epoch,
      version,
      catalogue: catalogue.bytes,
      columns: packColumns(columns),
      firmwareVersions: [...state.firmwareVersions()],
      serverTimeMs: Date.now(),
    };
  }

  function flushDelta(): void {
    timer = null;
    if (changed.length === 0) return;
    const indexes = Uint32Array.from(changed);
    changed = [];
    for (const index of indexes) isMarked[index] = 0;
    lastFlushMs = Date.now();
    const columns = allocateColumns(indexes.length);
    state.fillColumns(columns, indexes);
    version += 1;
    const firmwareVersions = state.firmwareVersions();
    const hasNewFirmware = firmwareVersions.length > sentFirmwareCodes;
    sentFirmwareCodes = firmwareVersions.length;
    // A copy: the log replays the delta exactly as it was sent, whatever the table becomes.
    const delta: FleetDelta = hasNewFirmware
      ? { epoch, version, columns: packColumns(columns), firmwareVersions: [...firmwareVersions], serverTimeMs: lastFlushMs }
      : { epoch, version, columns: packColumns(columns), serverTimeMs: lastFlushMs };
    log.push(delta);
    consoles.emit('fleet:delta', delta);
  }

  const alarmPushes = options.alarms && createAlarmPushes(options.alarms, (changes) => consoles.emit('alarms:changes', changes));
  const commandPushes = options.commands && createBatchedPushes(options.commands.onChange, (command) => command.id, (commands) => consoles.emit('commands:changes', { commands }));
  const reservationPushes =
    options.reservations && createBatchedPushes(options.reservations.onChange, (reservation) => reservation.id, (reservations) => consoles.emit('reservations:changes', { reservations }));

  const stopChanges = state.onChange((index) => {
    if (isMarked[index] === 1) return;
    isMarked[index] = 1;
    changed.push(index);
    // The first change after a quiet spell goes out at once; under load, one delta per window.
    timer ??= setTimeout(flushDelta, Math.max(0, lastFlushMs + DELTA_WINDOW_MS - Date.now()));
  });

  const stopDevices = state.onDevicesChanged(() => {
    // Indexes now mean other devices: pending changes and kept deltas are void, and everyone starts over.
    epoch = randomUUID();
    isMarked = new Uint8Array(state.fleetDevices().length);
    changed = [];
    log.clear();
    sentFirmwareCodes = state.firmwareVersions().length;
    if (timer) clearTimeout(timer);
    timer = null;
    logger.info({ epoch, devices: state.fleetDevices().length }, 'Device list changed; sending a new snapshot');
    consoles.emit('fleet:snapshot', snapshot());
  });

  consoles.use((socket, next) => {
    const handshake = handshakeSchema.safeParse(socket.handshake.auth);
    if (!handshake.success) return next(refusal('unauthenticated', 'A console must send its token in the handshake (auth.token)'));
    tokens.verifyToken(handshake.data.token).then(
      (operator) => {
        if (!operator) return next(refusal('unauthenticated', 'The token is invalid or has expired; log in again'));
        socket.data.operator = operator;
        next();
      },
      (error: unknown) => {
        logger.error({ err: error }, 'Token check failed');
        next(refusal('unavailable', 'Could not check the token; try again'));
      },
    );
  });

  /** What the console missed since `since`, or undefined when only a snapshot will do. */
  function missed(since: { epoch?: string; version?: number }): readonly FleetDelta[] | undefined {
    if (since.epoch !== epoch || since.version === undefined) return undefined;
    if (since.version === version) return [];
    return log.since(since.version);
  }

  consoles.on('connection', (socket: ConsoleSocket) => {
    const { operator } = socket.data;
    socket.emit('session:identity', operator);
    const handshake = handshakeSchema.parse(socket.handshake.auth);
    const replay = missed(handshake);
    if (replay) for (const delta of replay) socket.emit('fleet:delta', delta);
    else socket.emit('fleet:snapshot', snapshot());
    // Alarms are few and change rarely beside the fleet: every connection gets them whole.
    if (alarmPushes) socket.emit('alarms:snapshot', alarmPushes.snapshot());
    logger.debug({ operator: operator.username, replayed: replay?.length ?? null }, 'Console connected');

    handleCalls(socket, { state, db: options.db, logger, snapshot });
    if (options.alarms) handleAlarmCalls(socket, { alarms: options.alarms, logger });
    if (options.commands) handleCommandCalls(socket, { commands: options.commands, logger });
    if (options.reservations) handleReservationCalls(socket, { reservations: options.reservations, db: options.db, logger });
    socket.on('disconnect', (reason) => logger.debug({ operator: operator.username, reason }, 'Console disconnected'));
  });

  return {
    position: () => ({ epoch, version }),
    async close() {
      stopChanges();
      stopDevices();
      alarmPushes?.close();
      commandPushes?.close();
      reservationPushes?.close();
      if (timer) clearTimeout(timer);
      timer = null;
      consoles.disconnectSockets(true);
      // Not io.close(): that would close the HTTP server, which belongs to the caller.
      io.engine.close();
    },
  };
}
