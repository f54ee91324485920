/**
 * `cyberponies simulate`: the demo fleet over real sockets against a running backend. Every setting has
 * a default, an environment variable and a flag (`--help` lists them).
 */
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { z } from 'zod';
import { COMMAND_PUBLIC_KEY_FILE, commandPublicKeySchema } from '../shared/car-commands.js';
import { DEMO_FLEET_FILE } from '../shared/demo-fleet.js';
import { DEFAULT_DEMO_NETWORK, generateDemoNetwork } from '../shared/network.js';
import type { DemoNetworkOptions } from '../shared/network.js';
import { startControlServer } from './control.js';
import type { ControlServer } from './control.js';
import { parseFaultFlag } from './faults/fault.js';
import type { FaultRequest } from './faults/fault.js';
import { readCommandPublicKey, waitForDemoFleet } from './fleet-file.js';
import { SIMULATION_DEFAULTS, ocppEndpoint, startSimulation } from './index.js';
import type { SimulationStats } from './index.js';
import { limitNetwork } from './world/network-subset.js';

const positive = z.coerce.number().positive();
const whole = z.coerce.number().int().nonnegative();

const settingsSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  mqttUrl: z.url({ protocol: /^(mqtts?|wss?|tcp)$/ }),
  dataDir: z.string().min(1),
  fleetKey: z.string().min(1).optional(),
  commandPublicKey: commandPublicKeySchema.optional(),
  seed: z.coerce.number().int(),
  stations: whole,
  cars: whole,
  chargePoints: whole,
  carInterval: positive,
  heartbeatInterval: positive,
  meterInterval: positive,
  speed: positive,
  drivingShare: z.coerce.number().gt(0).lt(1),
  ramp: positive,
  limit: z.union([z.literal('all'), z.coerce.number().int().positive()]),
  randomSeed: z.coerce.number().int(),
  statusInterval: positive,
  waitForFleet: z.coerce.number().nonnegative(),
  duration: z.coerce.number().nonnegative(),
  json: z.boolean(),
  fault: z.array(z.string()),
  controlPort: z.coerce.number().int().min(0).max(65_535).optional(),
});
type Settings = z.infer<typeof settingsSchema>;

function simulateCommand(): Command {
  const defaults = SIMULATION_DEFAULTS;
  const setting = (flags: string, description: string, env: string, value: string | number) => new Option(flags, description).env(env).default(value);
  return new Command('simulate')
    .usage('[options]')
    .description('Run the simulated fleet (cars over MQTT, charge points over OCPP 1.6J) against a running backend.')
    .addOption(setting('--url <url>', 'backend URL; charge points connect to ws://HOST:PORT/ocpp/{id}', 'CYBERPONIES_URL', 'http://127.0.0.1:8080'))
    .addOption(setting('--mqtt-url <url>', 'MQTT broker the cars connect to', 'CYBERPONIES_MQTT_URL', 'mqtt://127.0.0.1:1883'))
    .addOption(setting('--data-dir <dir>', `backend data directory, to read ${DEMO_FLEET_FILE} (fleet key and network)`, 'CYBERPONIES_DATA_DIR', './.data'))
    .addOption(new Option('--fleet-key <key>', `fleet key; when given, the network comes from the options below instead of ${DEMO_FLEET_FILE}`).env('CYBERPONIES_FLEET_KEY'))
    .addOption(new Option('--command-public-key <key>', `the backend’s car command key (raw Ed25519, base64url); default: ${COMMAND_PUBLIC_KEY_FILE} in the data directory`).env('CYBERPONIES_COMMAND_PUBLIC_KEY'))
    .addOption(setting('--seed <n>', 'demo network seed (with --fleet-key)', 'CYBERPONIES_DEMO_SEED', DEFAULT_DEMO_NETWORK.seed))
    .addOption(setting('--stations <n>', 'demo network stations (with --fleet-key)', 'CYBERPONIES_DEMO_STATIONS', DEFAULT_DEMO_NETWORK.stations))
    .addOption(setting('--cars <n>', 'demo network cars (with --fleet-key)', 'CYBERPONIES_DEMO_CARS', DEFAULT_DEMO_NETWORK.cars))
    .addOption(setting('--charge-points <n>', 'demo network charge points (with --fleet-key)', 'CYBERPONIES_DEMO_CHARGE_POINTS', DEFAULT_DEMO_NETWORK.chargePoints))
    .addOption(setting('--car-interval <seconds>', 'seconds between two full states of a car', 'CYBERPONIES_SIM_CAR_INTERVAL', defaults.carStateIntervalMs / 1000))
    .addOption(setting('--heartbeat-interval <seconds>', 'charge point heartbeat, until the backend names its own', 'CYBERPONIES_SIM_HEARTBEAT_INTERVAL', defaults.heartbeatIntervalMs / 1000))
    .addOption(setting('--meter-interval <seconds>', 'seconds between meter values while charging', 'CYBERPONIES_SIM_METER_INTERVAL', defaults.meterValuesIntervalMs / 1000))
    .addOption(setting('--speed <factor>', 'physics speed-up: driving, charging and draining run this much faster', 'CYBERPONIES_SIM_SPEED', defaults.speedFactor))
    .addOption(setting('--driving-share <share>', 'share of cars on the road at a time, between 0 and 1', 'CYBERPONIES_SIM_DRIVING_SHARE', defaults.drivingShare))
    .addOption(setting('--ramp <devices-per-second>', 'new connections per second while the fleet connects', 'CYBERPONIES_SIM_RAMP', defaults.connectionsPerSecond))
    .addOption(setting('--limit <n>', 'run only the first N devices (whole stations first)', 'CYBERPONIES_SIM_LIMIT', 'all'))
    .addOption(setting('--random-seed <n>', 'seed of the simulation’s own randomness (trips, batteries)', 'CYBERPONIES_SIM_SEED', defaults.seed))
    .addOption(setting('--status-interval <seconds>', 'seconds between two status lines', 'CYBERPONIES_SIM_STATUS_INTERVAL', 10))
    .addOption(setting('--wait-for-fleet <seconds>', `how long to wait for the backend to write ${DEMO_FLEET_FILE}`, 'CYBERPONIES_SIM_WAIT_FOR_FLEET', 60))
    .addOption(setting('--duration <seconds>', 'stop after this long; 0 runs until SIGINT or SIGTERM', 'CYBERPONIES_SIM_DURATION', 0))
    .addOption(new Option('--json', 'status lines as JSON objects, for scripts').env('CYBERPONIES_JSON').default(false))
    .addOption(
      new Option('--fault <spec>', 'inject a fault from the start, KIND[:key=value,…][@TARGET], e.g. drop:share=0.3@car-00001 (repeatable; docs/simulator.md)')
        .argParser((value: string, previous: string[] = []) => [...previous, value])
        .default([]),
    )
    .addOption(new Option('--control-port <port>', 'serve the fault control API (JSON over HTTP) on 127.0.0.1:PORT; 0 picks a free port').env('CYBERPONIES_SIM_CONTROL_PORT'));
}

function parseSettings(values: Record<string, unknown>): Settings {
  const parsed = settingsSchema.safeParse(values);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const flag = String(issue?.path[0] ?? '').replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  throw new CommanderError(2, 'simulate.invalidSetting', `error: --${flag}: ${issue?.message ?? 'invalid value'}`);
}

/** Statistics between two samples, as one line for people or one JSON object for scripts. */
export function statusLine(previous: SimulationStats, current: SimulationStats, elapsedMs: number, isJson: boolean): string {
  const messagesPerSecond = elapsedMs > 0 ? ((current.messagesSent - previous.messagesSent) * 1000) / elapsedMs : 0;
  const newErrors = current.errors - previous.errors;
  if (isJson) {
    return JSON.stringify({
      time: new Date().toISOString(),
      cars: current.cars,
      chargePoints: current.chargePoints,
      messagesPerSecond: Math.round(messagesPerSecond * 10) / 10,
      messagesSent: current.messagesSent,
      errors: current.errors,
      lastError: newErrors > 0 ? current.lastError : null,
    });
  }
  const { cars, chargePoints } = current;
  const errors = newErrors > 0 ? `errors ${current.errors} (+${newErrors}, last: ${current.lastError ?? '?'})` : `errors ${current.errors}`;
  return [
    `[simulate ${new Date().toTimeString().slice(0, 8)}]`,
    `cars ${cars.connected}/${cars.total} (${cars.driving} driving, ${cars.charging} charging)`,
    `· charge points ${chargePoints.connected}/${chargePoints.total}`,
    `· ${messagesPerSecond.toFixed(0)} msg/s`,
    `· ${errors}`,
  ].join(' ');
}

async function fleetFor(settings: Settings, signal: AbortSignal): Promise<{ fleetKey: string; network: DemoNetworkOptions } | string> {
  if (settings.fleetKey !== undefined) {
    const { seed, stations, cars, chargePoints } = settings;
    return { fleetKey: settings.fleetKey, network: { seed, stations, cars, chargePoints } };
  }
  const dataDir = resolve(settings.dataDir);
  if (settings.waitForFleet > 0) console.log(`[simulate] reading ${DEMO_FLEET_FILE} from ${dataDir}…`);
  const fleet = await waitForDemoFleet(dataDir, settings.waitForFleet * 1000, signal);
  if (!fleet) {
    return `No ${DEMO_FLEET_FILE} in ${dataDir}: start the backend there first (it writes the file), or give --fleet-key and the network options.`;
  }
  const { fleetKey, ...network } = fleet;
  return { fleetKey, network };
}

/**
 * Resolves when a stop signal arrives, the duration is over or `abort` is aborted, and stops listening
 * then (aborting `abort` too, so a wait for the fleet file ends).
 */
function untilStopped(durationSeconds: number, abort: AbortController): Promise<string> {
  return new Promise((done) => {
    let isDone = false;
    const finish = (reason: string) => {
      if (isDone) return;
      isDone = true;
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onTerminate);
      clearTimeout(timer);
      abort.abort();
      done(reason);
    };
    const onInterrupt = () => finish('SIGINT');
    const onTerminate = () => finish('SIGTERM');
    process.once('SIGINT', onInterrupt);
    process.once('SIGTERM', onTerminate);
    abort.signal.addEventListener('abort', () => finish('stopped'), { once: true });
    const timer = durationSeconds > 0 ? setTimeout(() => finish(`${durationSeconds} s elapsed`), durationSeconds * 1000) : undefined;
  });
}

/** `cyberponies simulate [options]`: `argv` holds the arguments after `simulate`. Resolves to the exit code. */
export async function runSimulateCli(argv: string[]): Promise<number> {
  const command = simulateCommand().exitOverride();
  let settings: Settings;
  let faults: FaultRequest[];
  try {
    command.parse(argv, { from: 'user' });
    settings = parseSettings(command.opts());
    faults = settings.fault.map((spec) => {
      try {
        return parseFaultFlag(spec);
      } catch (error) {
        throw new CommanderError(2, 'simulate.invalidSetting', `error: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    if (error.code === 'simulate.invalidSetting') console.error(error.message);
    return error.exitCode;
  }

  const abort = new AbortController();
  const stopped = untilStopped(settings.duration, abort);
  let fleet: Awaited<ReturnType<typeof fleetFor>>;
  try {
    fleet = await fleetFor(settings, abort.signal);
  } catch (error) {
    abort.abort();
    console.error(`[simulate] ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  if (abort.signal.aborted) return 0;
  if (typeof fleet === 'string') {
    console.error(`[simulate] ${fleet}`);
    abort.abort();
    return 1;
  }

  let commandPublicKey: string | undefined;
  try {
    commandPublicKey = settings.commandPublicKey ?? (await readCommandPublicKey(resolve(settings.dataDir)));
  } catch (error) {
    console.error(`[simulate] ${error instanceof Error ? error.message : String(error)}`);
    abort.abort();
    return 1;
  }
  if (commandPublicKey === undefined) console.log(`[simulate] no command key (--command-public-key or ${COMMAND_PUBLIC_KEY_FILE}): cars refuse every command.`);

  const fullNetwork = generateDemoNetwork(fleet.network);
  const network = settings.limit === 'all' ? fullNetwork : limitNetwork(fullNetwork, settings.limit);
  const simulation = await startSimulation({
    network,
    fleetKey: fleet.fleetKey,
    httpUrl: settings.url,
    mqttUrl: settings.mqttUrl,
    carStateIntervalMs: settings.carInterval * 1000,
    heartbeatIntervalMs: settings.heartbeatInterval * 1000,
    meterValuesIntervalMs: settings.meterInterval * 1000,
    speedFactor: settings.speed,
    drivingShare: settings.drivingShare,
    connectionsPerSecond: settings.ramp,
    seed: settings.randomSeed,
    commandPublicKey,
  });
  for (const { target, fault } of faults) simulation.faults.inject(target, fault);
  let control: ControlServer | undefined;
  if (settings.controlPort !== undefined) {
    try {
      control = await startControlServer(simulation.faults, settings.controlPort);
    } catch (error) {
      console.error(`[simulate] cannot serve the control API on 127.0.0.1:${settings.controlPort}: ${error instanceof Error ? error.message : String(error)}`);
      await simulation.close();
      abort.abort();
      return 1;
    }
    console.log(`[simulate] fault control API on ${control.url}/faults`);
  }
  const first = simulation.stats();
  console.log(
    `[simulate] ${first.cars.total} cars → ${settings.mqttUrl}, ${first.chargePoints.total} charge points → ${ocppEndpoint(settings.url)}/{id}` +
      ` (network seed ${fleet.network.seed}, ${settings.ramp} connections/s, speed ×${settings.speed}). Stop with Ctrl+C.`,
  );
  let previous = first;
  let previousAt = Date.now();
  const status = setInterval(() => {
    const current = simulation.stats();
    const now = Date.now();
    console.log(statusLine(previous, current, now - previousAt, settings.json));
    previous = current;
    previousAt = now;
  }, settings.statusInterval * 1000);

  const reason = await stopped;
  clearInterval(status);
  await control?.close();
  console.log(`[simulate] ${reason}: closing ${first.cars.total + first.chargePoints.total} connections…`);
  await simulation.close();
  console.log(`[simulate] closed after ${simulation.stats().messagesSent} messages.`);
  return 0;
}
