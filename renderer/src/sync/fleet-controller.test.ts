import { afterEach, describe, expect, it } from 'vitest';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { CONSOLE_NAMESPACE, type ClientToServerEvents, type ServerToClientEvents } from '../../../shared/console-api.js';
import { handshakeSchema } from '../../../shared/console-api.js';
import { useConsoleStore } from '../store/store.js';
import { FleetController } from './fleet-controller.js';
import { FleetModel } from './fleet-model.js';
import { testDelta, testDevices, testSnapshot } from './fleet-test-data.js';

type HubSocket = ServerSocket<ClientToServerEvents, ServerToClientEvents>;

interface Hub {
  readonly url: string;
  readonly handshakes: unknown[];
  readonly resyncs: number[];
  readonly connected: Promise<HubSocket>;
  close(): Promise<void>;
}

/** A real socket.io server on 127.0.0.1, port 0, speaking the console API with a fixed token. */
async function startHub(onConnect: (socket: HubSocket) => void): Promise<Hub> {
  const io = new Server<ClientToServerEvents, ServerToClientEvents>();
  const handshakes: unknown[] = [];
  const resyncs: number[] = [];
  let resolveConnected: (socket: HubSocket) => void = () => undefined;
  const connected = new Promise<HubSocket>((resolve) => (resolveConnected = resolve));
  const hub = io.of(CONSOLE_NAMESPACE);
  hub.use((socket, next) => {
    handshakes.push(socket.handshake.auth);
    const auth = handshakeSchema.safeParse(socket.handshake.auth);
    if (auth.success && auth.data.token === 'good') return next();
    next(Object.assign(new Error('unauthenticated'), { data: { code: 'unauthenticated' } }));
  });
  hub.on('connection', (socket) => {
    socket.on('fleet:resync', (_request, acknowledge) => {
      resyncs.push(Date.now());
      acknowledge({ ok: true, value: { version: 1 } });
    });
    socket.on('device:get', (request, acknowledge) => acknowledge({ ok: false, error: { code: 'notFound', message: `No device ${request.deviceId}` } }));
    onConnect(socket);
    resolveConnected(socket);
  });
  io.listen(0);
  const httpServer = io.httpServer;
  await new Promise<void>((resolve) => (httpServer.listening ? resolve() : httpServer.once('listening', () => resolve())));
  const address = httpServer.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, handshakes, resyncs, connected, close: () => io.close().then(() => undefined) };
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('Timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const devices = testDevices(3);
const rows = devices.map((_, index) => ({ index, lastSeenMs: Date.now() }));
let cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
  useConsoleStore.setState({ session: null, loginNotice: null, connection: 'idle', lostAtMs: null });
});

function newController(): FleetController {
  const controller = new FleetController(new FleetModel());
  cleanups.push(() => controller.disconnect());
  return controller;
}

describe('FleetController', () => {
  it('goes live, loads the snapshot, applies deltas and publishes counts', async () => {
    const hub = await startHub((socket) => {
      socket.emit('fleet:snapshot', testSnapshot('e1', 1, devices, rows, Date.now()));
      socket.emit('fleet:delta', testDelta('e1', 2, [{ index: 0, status: 'faulted', lastSeenMs: Date.now() }], Date.now()));
    });
    cleanups.push(() => hub.close());
    const controller = newController();
    controller.connect(hub.url, 'good');
    await waitFor(() => controller.model.version === 2);
    expect(useConsoleStore.getState().connection).toBe('live');
    await waitFor(() => useConsoleStore.getState().counts.faulted === 1);
    expect(useConsoleStore.getState().counts.devices).toBe(3);
    expect(hub.handshakes[0]).toEqual({ token: 'good' });
    const answer = await controller.getDevice('car-9');
    expect(answer).toEqual({ ok: false, error: { code: 'notFound', message: 'No device car-9' } });
  });

  it('asks for a resync when a delta skips a version', async () => {
    const hub = await startHub((socket) => {
      socket.emit('fleet:snapshot', testSnapshot('e1', 1, devices, rows, Date.now()));
      socket.emit('fleet:delta', testDelta('e1', 3, [{ index: 0, status: 'faulted' }], Date.now()));
    });
    cleanups.push(() => hub.close());
    const controller = newController();
    controller.connect(hub.url, 'good');
    await waitFor(() => hub.resyncs.length === 1);
    expect(controller.model.version).toBe(1);
  });

  it('resumes with its epoch and version after the connection drops', async () => {
    let connections = 0;
    const hub = await startHub((socket) => {
      connections++;
      if (connections === 1) {
        socket.emit('fleet:snapshot', testSnapshot('e1', 7, devices, rows, Date.now()));
        setTimeout(() => socket.conn.close(), 50);
      }
    });
    cleanups.push(() => hub.close());
    const controller = newController();
    controller.connect(hub.url, 'good');
    await waitFor(() => useConsoleStore.getState().connection === 'reconnecting');
    expect(useConsoleStore.getState().lostAtMs).not.toBeNull();
    await waitFor(() => connections === 2, 10_000);
    await waitFor(() => useConsoleStore.getState().connection === 'live');
    expect(hub.handshakes.at(-1)).toEqual({ token: 'good', epoch: 'e1', version: 7 });
  });

  it('sends the operator back to login with a message when the token is refused', async () => {
    const hub = await startHub(() => undefined);
    cleanups.push(() => hub.close());
    useConsoleStore.setState({ session: { token: 'bad', expiresAt: '2099-01-01T00:00:00Z', operator: { id: 1, username: 'ada', role: 'dispatcher' } } });
    const controller = newController();
    controller.connect(hub.url, 'bad');
    await waitFor(() => useConsoleStore.getState().session === null);
    expect(useConsoleStore.getState().loginNotice).toMatch(/log in again/);
    expect(useConsoleStore.getState().connection).toBe('idle');
  });
});
