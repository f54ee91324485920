/**
 * Every backend setting in one table: its flag, its environment variable and its default. `serve --help`
 * lists them from here, and the same parse checks flags, variables and defaults alike.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Option } from 'commander';
import { z } from 'zod';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

const REPOSITORY_ROOT = fileURLToPath(new URL('../', import.meta.url));

const port = z.coerce.number().int().min(0).max(65535);
const count = z.coerce.number().int().min(0).max(1_000_000);
const flag = z.union([z.boolean(), z.string()]).transform((value, context) => {
  if (typeof value === 'boolean') return value;
  const text = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  context.addIssue({ code: 'custom', message: `expected true or false, got "${value}"` });
  return z.NEVER;
});
const optionalText = z.string().optional().transform((value) => (value ? value : null));
const list = z.union([z.string(), z.array(z.string())]).transform((value) =>
  (Array.isArray(value) ? value : value.split(',')).map((item) => item.trim()).filter((item) => item !== ''),
);
const coordinates = z.string().transform((value, context) => {
  const [latitude, longitude, ...rest] = value.split(',').map((part) => Number(part.trim()));
  if (latitude === undefined || longitude === undefined || rest.length > 0 || !Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    context.addIssue({ code: 'custom', message: `expected "latitude,longitude", got "${value}"` });
    return z.NEVER;
  }
  return [latitude, longitude] as const;
});
const tileUrl = z.string().refine((value) => /^https?:\/\//.test(value) && value.includes('{z}'), 'expected an http(s) URL with {z}, {x} and {y}');

interface Setting {
  readonly flags: string;
  readonly variable: string;
  readonly description: string;
  readonly fallback?: string | number | boolean;
}

/** Keyed by commander's attribute name (the flag in camelCase). */
const SETTINGS = {
  host: { flags: '--host <address>', variable: 'CYBERPONIES_HOST', fallback: '0.0.0.0', description: 'address to listen on (HTTP, OCPP, console hub and MQTT)' },
  port: { flags: '--port <port>', variable: 'CYBERPONIES_PORT', fallback: 8080, description: 'HTTP port: API, web console, OCPP WebSocket and console hub (0: any free port)' },
  mqttPort: { flags: '--mqtt-port <port>', variable: 'CYBERPONIES_MQTT_PORT', fallback: 1883, description: 'port of the embedded MQTT broker for cars (0: any free port)' },
  dataDir: { flags: '--data-dir <path>', variable: 'CYBERPONIES_DATA_DIR', fallback: './.data', description: 'where the embedded database and the demo fleet file live' },
  databaseUrl: { flags: '--database-url <url>', variable: 'DATABASE_URL', description: 'postgres://… to use a PostgreSQL server instead of the embedded database' },
  demo: { flags: '--demo <boolean>', variable: 'CYBERPONIES_DEMO', fallback: true, description: 'provision the demo fleet and demo operators on first start' },
  demoSeed: { flags: '--demo-seed <number>', variable: 'CYBERPONIES_DEMO_SEED', fallback: 1, description: 'seed of the generated demo network' },
  demoStations: { flags: '--demo-stations <count>', variable: 'CYBERPONIES_DEMO_STATIONS', fallback: 1100, description: 'stations in the demo network' },
  demoCars: { flags: '--demo-cars <count>', variable: 'CYBERPONIES_DEMO_CARS', fallback: 2600, description: 'cars in the demo network' },
  demoChargePoints: { flags: '--demo-charge-points <count>', variable: 'CYBERPONIES_DEMO_CHARGE_POINTS', fallback: 4800, description: 'charge points in the demo network' },
  tileUrl: { flags: '--tile-url <template>', variable: 'CYBERPONIES_TILE_URL', fallback: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', description: 'map tile URL template' },
  tileAttribution: { flags: '--tile-attribution <html>', variable: 'CYBERPONIES_TILE_ATTRIBUTION', fallback: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors', description: 'attribution shown with the tiles' },
  outlineGeojson: { flags: '--outline-geojson <path>', variable: 'CYBERPONIES_OUTLINE_GEOJSON', description: 'GeoJSON drawn under the devices when no tile can be fetched (served at /map/outline.geojson)' },
  mapCenter: { flags: '--map-center <lat,lon>', variable: 'CYBERPONIES_MAP_CENTER', fallback: '48.8566,2.3522', description: 'where the console map opens' },
  mapZoom: { flags: '--map-zoom <zoom>', variable: 'CYBERPONIES_MAP_ZOOM', fallback: 12, description: 'zoom level the console map opens at' },
  consoleDir: { flags: '--console-dir <path>', variable: 'CYBERPONIES_CONSOLE_DIR', fallback: `${REPOSITORY_ROOT}out/renderer`, description: 'the built web console, served at /' },
  allowedOrigins: { flags: '--allowed-origins <origins>', variable: 'CYBERPONIES_ALLOWED_ORIGINS', fallback: 'app://console', description: 'comma-separated origins (besides this server\'s own) allowed to call the API and the console hub' },
  logLevel: { flags: '--log-level <level>', variable: 'CYBERPONIES_LOG_LEVEL', fallback: 'info', description: `one of ${LOG_LEVELS.join(', ')}` },
  logFormat: { flags: '--log-format <format>', variable: 'CYBERPONIES_LOG_FORMAT', fallback: 'auto', description: 'json, pretty, or auto (pretty on a terminal)' },
} as const satisfies Record<string, Setting>;

const configSchema = z.object({
  host: z.string().min(1),
  port,
  mqttPort: port,
  dataDir: z.string().min(1),
  databaseUrl: optionalText.refine((value) => value === null || /^postgres(ql)?:\/\//.test(value), 'expected postgres://…'),
  demo: flag,
  demoSeed: z.coerce.number().int(),
  demoStations: count,
  demoCars: count,
  demoChargePoints: count,
  tileUrl,
  tileAttribution: z.string(),
  outlineGeojson: optionalText,
  mapCenter: coordinates,
  mapZoom: z.coerce.number().min(0).max(22),
  consoleDir: z.string().min(1),
  allowedOrigins: list,
  logLevel: z.enum(LOG_LEVELS),
  logFormat: z.enum(LOG_FORMATS),
});

export type BackendConfig = Readonly<z.output<typeof configSchema>>;
export type SettingName = keyof typeof SETTINGS;

export class ConfigError extends Error {}

/** The settings as commander options: add them to a command, then give its `opts()` to `parseConfig`. */
export function configOptions(): Option[] {
  return Object.values(SETTINGS).map((setting: Setting) => {
    const option = new Option(setting.flags, setting.description).env(setting.variable);
    return setting.fallback === undefined ? option : option.default(setting.fallback);
  });
}

export function parseConfig(values: Readonly<Record<string, unknown>>): BackendConfig {
  const parsed = configSchema.safeParse(values);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = issue.path[0];
    const settings: Readonly<Record<string, Setting>> = SETTINGS;
    const setting = typeof name === 'string' ? settings[name] : undefined;
    return setting ? `${setting.flags.split(' ')[0]} (${setting.variable}): ${issue.message}` : issue.message;
  });
  throw new ConfigError(`Invalid settings:\n  ${lines.join('\n  ')}`);
}

/** The defaults, without reading the environment: what tests start from. */
export function defaultConfig(overrides: Partial<BackendConfig> = {}): BackendConfig {
  const defaults = Object.fromEntries(Object.entries(SETTINGS).map(([key, setting]: [string, Setting]) => [key, setting.fallback]));
  return { ...parseConfig(defaults), ...overrides };
}

const packageSchema = z.object({ version: z.string() });

export function backendVersion(): string {
  return packageSchema.parse(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))).version;
}
