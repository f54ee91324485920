/**
 * The console hub: socket.io on the backend's HTTP server. A console gets a snapshot of the fleet on
 * connect, then one delta per window of DELTA_WINDOW_MS with every device that changed (each once, in
 * its latest state) as packed columns; on reconnect it gets exactly the deltas it missed, or a snapshot.
 */
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { Socket } from 'socket.io';
import { CONSOLE_NAMESPACE, consoleRequests, DELTA_WINDOW_MS, handshakeSchema } from '../../shared/console-api.js';
import type { ClientToServerEvents, FleetDelta, FleetSnapshot, OperatorIdentity, ServerToClientEvents } from '../../shared/console-api.js';
import { allocateColumns, packColumns } from '../../shared/fleet-columns.js';
import type { ErrorCode, Result } from '../../shared/result.js';
import { failure, success } from '../../shared/result.js';
import type { Inventory } from '../inventory/types.js';
import type { TokenVerifier } from '../operators/types.js';
import type { StateCache } from '../state/index.js';
import { createDeltaLog } from './delta-log.js';

export interface ConsoleHubOptions {
  readonly server: http.Server;
  readonly state: StateCache;
  readonly inventory: Inventory;
  readonly tokens: TokenVerifier;
  readonly logger: Logger;
  readonly allowedOrigins: readonly string[];
}

export interface ConsoleHub {
  /** The current epoch and the version of the latest delta. */
  position(): { readonly epoch: string; readonly version: number };
  close(): Promise<void>;
}

interface SocketData {
  operator: OperatorIdentity;
}
type ConsoleSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** About a minute of deltas at full rate, and never more than this many bytes. */
const DELTA_LOG_LIMITS = { deltas: 600, bytes: 64 * 1024 * 1024 } as const;

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
  const log = createDeltaLog(DELTA_LOG_LIMITS);
  let epoch = randomUUID();
  let version = 0;
  let isMarked = new Uint8Array(state.fleetDevices().length);
  let changed: number[] = [];
  let timer: NodeJS.Timeout | null = null;
  let lastFlushMs = 0;

  function snapshot(): FleetSnapshot {
    const devices = state.fleetDevices();
    const columns = allocateColumns(devices.length);
    state.fillColumns(columns, Uint32Array.from(devices.keys()));
    return { epoch, version, devices, columns: packColumns(columns), serverTimeMs: Date.now() };
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
    const delta: FleetDelta = { epoch, version, columns: packColumns(columns), serverTimeMs: lastFlushMs };
    log.push(delta);
    consoles.emit('fleet:delta', delta);
  }

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

  function answer<T>(acknowledge: (answer: Result<T>) => void, work: () => Result<T>): void {
    // The console is outside the trust boundary: a call without a callback gets no answer.
    if (typeof acknowledge !== 'function') return;
    try {
      acknowledge(work());
    } catch (error) {
      logger.error({ err: error }, 'Console request failed');
      acknowledge(failure('internal', 'The request failed on the server'));
    }
  }

  consoles.on('connection', (socket: ConsoleSocket) => {
    const { operator } = socket.data;
    socket.emit('session:identity', operator);
    const handshake = handshakeSchema.parse(socket.handshake.auth);
    const replay = missed(handshake);
    if (replay) for (const delta of replay) socket.emit('fleet:delta', delta);
    else socket.emit('fleet:snapshot', snapshot());
    logger.debug({ operator: operator.username, replayed: replay?.length ?? null }, 'Console connected');

    socket.on('device:get', (request, acknowledge) =>
      answer(acknowledge, () => {
        const parsed = consoleRequests['device:get'].safeParse(request);
        if (!parsed.success) return failure('invalid', `Invalid device:get request: ${parsed.error.message}`);
        const detail = state.detail(parsed.data.deviceId);
        return detail ? success(detail) : failure('notFound', `No device with id ${parsed.data.deviceId}`);
      }),
    );
    socket.on('fleet:resync', (request, acknowledge) =>
      answer(acknowledge, () => {
        const parsed = consoleRequests['fleet:resync'].safeParse(request ?? {});
        if (!parsed.success) return failure('invalid', 'Invalid fleet:resync request');
        const fresh = snapshot();
        socket.emit('fleet:snapshot', fresh);
        return success({ version: fresh.version });
      }),
    );
    socket.on('disconnect', (reason) => logger.debug({ operator: operator.username, reason }, 'Console disconnected'));
  });

  return {
    position: () => ({ epoch, version }),
    async close() {
      stopChanges();
      stopDevices();
      if (timer) clearTimeout(timer);
      timer = null;
      consoles.disconnectSockets(true);
      // Not io.close(): that would close the HTTP server, which belongs to the caller.
      io.engine.close();
    },
  };
}
