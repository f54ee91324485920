/**
 * The simulated fleet in one process: a world model (simulator/world) driven by one shared timer, and
 * one real connection per device with its own credentials (MQTT for cars, OCPP 1.6J for charge points).
 */
import { demoDeviceSecret } from '../shared/demo-secrets.js';
import type { Network } from '../shared/network.js';
import { FaultRegistry, targets } from './faults/registry.js';
import type { FaultControl } from './faults/registry.js';
import { Scheduler, phaseMs } from './scheduler.js';
import { SimulationCounters } from './stats.js';
import type { SimulationStats } from './stats.js';
import { CarLink } from './transport/car-link.js';
import type { CarHandle } from './transport/car-link.js';
import { ChargePointLink } from './transport/charge-point-link.js';
import type { ChargePointHandle } from './transport/charge-point-link.js';
import { World } from './world/world.js';

export type { SimulationStats } from './stats.js';
export type { ActiveFault, FaultControl } from './faults/registry.js';
export type { Fault, FaultInput, FaultKind, FaultTarget } from './faults/fault.js';
export type { CarHandle } from './transport/car-link.js';
export type { ChargePointHandle } from './transport/charge-point-link.js';

export interface SimulationOptions {
  readonly network: Network;
  /** Every device's secret is derived from it (shared/demo-secrets.ts), as the backend derives it. */
  readonly fleetKey: string;
  /** The backend; charge points connect to ws://host:port/ocpp/{id} on it. */
  readonly httpUrl: string;
  readonly mqttUrl: string;
  readonly carStateIntervalMs?: number;
  /** Until the backend's BootNotification answer names its own. */
  readonly heartbeatIntervalMs?: number;
  /** While a connector is charging. */
  readonly meterValuesIntervalMs?: number;
  /** How much faster than real time cars drive, charge and drain. */
  readonly speedFactor?: number;
  /** The share of cars on the road at a time. */
  readonly drivingShare?: number;
  /** Send that share on the road within the first minute (default) rather than letting it build up. */
  readonly isWarmStart?: boolean;
  /** New connections opened per second, so a fleet start is not a connection storm. */
  readonly connectionsPerSecond?: number;
  /** Seeds the world (trips, batteries), so a run can be repeated. */
  readonly seed?: number;
  /** The shared loop's period. */
  readonly tickMs?: number;
  /** Cars' MQTT keep-alive: a half-open car is found by the broker after 1.5 times this. */
  readonly keepaliveSeconds?: number;
  /** The backend's command key (raw Ed25519, base64url); without one cars refuse every command. */
  readonly commandPublicKey?: string;
}

export const SIMULATION_DEFAULTS = {
  carStateIntervalMs: 5_000,
  heartbeatIntervalMs: 60_000,
  meterValuesIntervalMs: 30_000,
  speedFactor: 1,
  drivingShare: 0.1,
  connectionsPerSecond: 500,
  seed: 1,
  tickMs: 100,
  keepaliveSeconds: 60,
} as const;

export interface Simulation {
  /** The world model behind the devices, to read (and, in tests, to send cars on trips). */
  readonly world: World;
  /** Faults of the real world, injected and cleared at runtime (docs/simulator.md). */
  readonly faults: FaultControl;
  stats(): SimulationStats;
  car(id: string): CarHandle | undefined;
  chargePoint(id: string): ChargePointHandle | undefined;
  close(): Promise<void>;
}

/** ws://host:port/ocpp for http://host:port (wss for https), keeping any path prefix. */
export function ocppEndpoint(httpUrl: string): string {
  const url = new URL(httpUrl);
  const protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}/ocpp`;
}

export async function startSimulation(options: SimulationOptions): Promise<Simulation> {
  const defaults = SIMULATION_DEFAULTS;
  const settings = {
    carStateIntervalMs: options.carStateIntervalMs ?? defaults.carStateIntervalMs,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? defaults.heartbeatIntervalMs,
    meterValuesIntervalMs: options.meterValuesIntervalMs ?? defaults.meterValuesIntervalMs,
    speedFactor: options.speedFactor ?? defaults.speedFactor,
    drivingShare: options.drivingShare ?? defaults.drivingShare,
    connectionsPerSecond: options.connectionsPerSecond ?? defaults.connectionsPerSecond,
    seed: options.seed ?? defaults.seed,
    tickMs: options.tickMs ?? defaults.tickMs,
    keepaliveSeconds: options.keepaliveSeconds ?? defaults.keepaliveSeconds,
  };
  const now = () => Date.now();
  const counters = new SimulationCounters();
  const scheduler = new Scheduler();
  const faults = new FaultRegistry(now);
  const chargePoints = new Map<string, ChargePointLink>();
  const world = new World(options.network, {
    seed: settings.seed,
    nowMs: now(),
    speedFactor: settings.speedFactor,
    drivingShare: settings.drivingShare,
    isWarmStart: options.isWarmStart ?? true,
    // The links are made from the world, so none is there while it places its cars at the start.
    isHeld: (chargePointId) => chargePoints.get(chargePointId)?.isHeld ?? false,
  });
  const endpoint = ocppEndpoint(options.httpUrl);
  const cars = new Map<string, CarLink>();
  const pending: (() => void)[] = [];
  let isClosed = false;

  let index = 0;
  for (const car of world.cars.values()) {
    const carIndex = index++;
    const link = new CarLink(car, {
      mqttUrl: options.mqttUrl,
      secret: demoDeviceSecret(options.fleetKey, car.id),
      counters,
      now,
      reconnectPeriodMs: 2_000 + Math.floor(phaseMs(carIndex, 3_000)),
      keepaliveSeconds: settings.keepaliveSeconds,
      faults,
      scheduler,
      commandPublicKey: options.commandPublicKey,
      controls: world,
    });
    cars.set(car.id, link);
    pending.push(() => {
      link.start();
      const period = settings.carStateIntervalMs;
      scheduler.every(now() + phaseMs(carIndex, period), () => period, () => {
        if (isClosed) return false;
        link.publishState().catch(() => undefined);
        return true;
      });
    });
  }
  for (const chargePoint of world.chargePoints.values()) {
    const link = new ChargePointLink(chargePoint, {
      endpoint,
      secret: demoDeviceSecret(options.fleetKey, chargePoint.id),
      counters,
      scheduler,
      now,
      heartbeatIntervalMs: settings.heartbeatIntervalMs,
      meterValuesIntervalMs: settings.meterValuesIntervalMs,
      phaseMs: phaseMs(index++, settings.heartbeatIntervalMs),
      faults,
    });
    chargePoints.set(chargePoint.id, link);
    pending.push(() => link.start());
  }
  // Interleave the two kinds so the map fills evenly while the fleet connects.
  const order = interleave(pending.slice(0, cars.size), pending.slice(cars.size));
  const unsubscribe = world.onChargePointStatus((chargePoint) => chargePoints.get(chargePoint.id)?.statusChanged());
  const unsubscribeFaults = faults.onChange(({ started, ended }) => {
    for (const [list, hasStarted] of [[ended, false], [started, true]] as const) {
      for (const active of list) {
        // Ends first, so a fault that replaces one of its kind takes over from a clean link.
        for (const link of cars.values()) if (targets(active.target, link.id, 'car')) link.faultChanged(active, hasStarted);
        for (const link of chargePoints.values()) if (targets(active.target, link.id, 'chargePoint')) link.faultChanged(active, hasStarted);
      }
    }
  });

  let started = 0;
  let connectionBudget = 0;
  let lastTickMs = now();
  const tick = () => {
    const tickMs = now();
    world.advance(tickMs);
    faults.expire(tickMs);
    connectionBudget = Math.min(settings.connectionsPerSecond, connectionBudget + (settings.connectionsPerSecond * Math.max(tickMs - lastTickMs, settings.tickMs)) / 1000);
    lastTickMs = tickMs;
    while (connectionBudget >= 1 && started < order.length) {
      order[started++]?.();
      connectionBudget--;
    }
    scheduler.runDue(tickMs);
  };
  const timer = setInterval(tick, settings.tickMs);
  tick();

  return {
    world,
    faults,
    stats: () => {
      const counts = world.counts();
      return {
        cars: { total: cars.size, connected: counters.carsConnected, driving: counts.driving, charging: counts.charging },
        chargePoints: { total: chargePoints.size, connected: counters.chargePointsConnected },
        messagesSent: counters.messagesSent,
        messagesDropped: counters.messagesDropped,
        messagesDuplicated: counters.messagesDuplicated,
        loginsRefused: counters.loginsRefused,
        errors: counters.errors,
        lastError: counters.lastError,
      };
    },
    car: (id) => cars.get(id),
    chargePoint: (id) => chargePoints.get(id),
    close: async () => {
      if (isClosed) return;
      isClosed = true;
      clearInterval(timer);
      unsubscribe();
      unsubscribeFaults();
      scheduler.clear();
      await Promise.allSettled([...[...cars.values()].map((link) => link.close()), ...[...chargePoints.values()].map((link) => link.close())]);
    },
  };
}

function interleave<T>(first: readonly T[], second: readonly T[]): T[] {
  const result: T[] = [];
  // Proportional merge: at every point the two lists are consumed at the same relative pace.
  let firstIndex = 0;
  let secondIndex = 0;
  while (firstIndex < first.length || secondIndex < second.length) {
    const firstProgress = first.length === 0 ? Infinity : firstIndex / first.length;
    const secondProgress = second.length === 0 ? Infinity : secondIndex / second.length;
    const next = firstProgress <= secondProgress ? first[firstIndex++] : second[secondIndex++];
    if (next !== undefined) result.push(next);
  }
  return result;
}
