/**
 * The load generator, as its own process so that it runs on its own core (the benchmark pins it) and its
 * CPU is measured apart from the backend's. Driven over IPC by bench/ingest.ts (see protocol.ts): it
 * connects the fleet, then sends at the rate it is told, spread evenly over the fleet, one device after
 * another in a fixed round, so that each device sends once per round.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { demoDeviceSecret } from '../../shared/demo-secrets.js';
import { generateDemoNetwork } from '../../shared/network.js';
import { connectAll, createDevice } from './devices.js';
import type { LoadDevice } from './devices.js';
import { toLoadSchema } from './protocol.js';
import type { FromLoad, LoadCounters, LoadSetup } from './protocol.js';
import { Reservoir } from './stats.js';

const TICK_MS = 5;
/** Behind schedule by more than this, the generator skips (and counts) rather than bursting. */
const MAX_CATCH_UP_SECONDS = 1;
const SAMPLE_LIMIT = 20_000;

function say(message: FromLoad): void {
  process.send?.(message);
}

/** Cars and charge points interleaved in proportion, so that every stretch of a round mixes both. */
function interleave(devices: readonly LoadDevice[]): LoadDevice[] {
  const keyed = devices.map((device, position) => ({ device, position }));
  const cars = keyed.filter(({ device }) => device.kind === 'car');
  const chargePoints = keyed.filter(({ device }) => device.kind === 'chargePoint');
  const share = (list: readonly { device: LoadDevice }[]) => list.map(({ device }, index) => ({ device, at: (index + 0.5) / list.length }));
  return [...share(cars), ...share(chargePoints)].sort((left, right) => left.at - right.at).map(({ device }) => device);
}

const counters: { -readonly [K in keyof LoadCounters]: number } = {
  offered: 0,
  sent: 0,
  acknowledged: 0,
  failed: 0,
  heldBack: 0,
  notConnected: 0,
  missed: 0,
  disconnects: 0,
};
const acknowledgeMs = new Reservoir(SAMPLE_LIMIT);
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
let devices: LoadDevice[] = [];
let cursor = 0;
let rate = 0;
let rateSinceMs = performance.now();
let scheduledSinceRate = 0;
let timer: NodeJS.Timeout | null = null;

function tick(): void {
  if (rate === 0 || devices.length === 0) return;
  const due = Math.floor(((performance.now() - rateSinceMs) / 1000) * rate);
  const tooFarBehind = due - scheduledSinceRate - rate * MAX_CATCH_UP_SECONDS;
  if (tooFarBehind > 0) {
    counters.offered += tooFarBehind;
    counters.missed += tooFarBehind;
    scheduledSinceRate += tooFarBehind;
  }
  const nowIso = new Date().toISOString();
  while (scheduledSinceRate < due) {
    scheduledSinceRate++;
    counters.offered++;
    const device = devices[cursor];
    cursor = (cursor + 1) % devices.length;
    if (!device?.isConnected) {
      counters.notConnected++;
      continue;
    }
    if (device.isBusy) {
      counters.heldBack++;
      continue;
    }
    counters.sent++;
    const sentAt = performance.now();
    device.send(nowIso, (error) => {
      if (error) counters.failed++;
      else {
        counters.acknowledged++;
        acknowledgeMs.add(performance.now() - sentAt);
      }
    });
  }
}

async function setUp(setup: LoadSetup): Promise<void> {
  const started = performance.now();
  const network = generateDemoNetwork(setup.network);
  const stations = new Map(network.stations.map((station) => [station.id, station]));
  const excluded = new Set(setup.excludedIds);
  const onDisconnect = () => {
    counters.disconnects++;
  };
  devices = interleave(
    network.devices
      .filter((device) => !excluded.has(device.id))
      .map((device) => {
        const station = stations.get(device.stationId);
        const spec = { id: device.id, kind: device.kind, secret: demoDeviceSecret(setup.fleetKey, device.id), latitude: station?.latitude ?? 48.8566, longitude: station?.longitude ?? 2.3522 };
        return createDevice(spec, setup, setup.ocppClient, onDisconnect);
      }),
  );
  const result = await connectAll(devices, setup.connectConcurrency);
  say({ type: 'connected', devices: devices.length, ...result, seconds: (performance.now() - started) / 1000 });
  timer = setInterval(tick, TICK_MS);
}

async function stop(): Promise<void> {
  rate = 0;
  if (timer) clearInterval(timer);
  await Promise.all(devices.map((device) => device.close().catch(() => undefined)));
  const stopped: FromLoad = { type: 'stopped' };
  process.send?.(stopped, undefined, undefined, () => process.exit(0));
}

// The benchmark went away (interrupted, or failed): nothing left to drive this load.
process.on('disconnect', () => process.exit(0));

process.on('message', (raw: unknown) => {
  const parsed = toLoadSchema.safeParse(raw);
  if (!parsed.success) return say({ type: 'failure', message: `bad command: ${parsed.error.message}` });
  const command = parsed.data;
  switch (command.type) {
    case 'setup':
      setUp(command.setup).catch((error: unknown) => say({ type: 'failure', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }));
      break;
    case 'rate':
      rate = command.messagesPerSecond;
      rateSinceMs = performance.now();
      scheduledSinceRate = 0;
      break;
    case 'report':
      say({ type: 'report', atMs: Date.now(), counters: { ...counters }, acknowledgeMs: acknowledgeMs.take(), loopDelayP99Ms: loopDelay.percentile(99) / 1e6 });
      loopDelay.reset();
      break;
    case 'stop':
      void stop();
      break;
  }
});
