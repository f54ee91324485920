/**
 * Every backend setting in one table: its flag, its environment variable and its default. `serve --help`
 * lists them from here, and the same parse checks flags, variables and defaults alike.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Option } from 'commander';
import { z } from 'zod';
import { REGISTRATION_MODES } from './gateways/ocpp/registration.js';

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
  mqttUrl: { flags: '--mqtt-url <url>', variable: 'MQTT_URL', description: "mqtt(s)://ADMIN:PASSWORD@HOST:PORT of a Mosquitto 2 with the dynamic-security plugin, used for cars instead of the embedded broker (the admin login manages the cars' accounts)" },
  dataDir: { flags: '--data-dir <path>', variable: 'CYBERPONIES_DATA_DIR', fallback: './.data', description: 'where the embedded database and the demo fleet file live' },
  databaseUrl: { flags: '--database-url <url>', variable: 'DATABASE_URL', description: 'postgres://… to use a PostgreSQL server instead of the embedded database' },
  historyRetentionDays: { flags: '--history-retention-days <days>', variable: 'CYBERPONIES_HISTORY_RETENTION_DAYS', fallback: 90, description: 'days of device history kept; older days are dropped whole (0: keep everything)' },
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
  tlsCert: { flags: '--tls-cert <path>', variable: 'CYBERPONIES_TLS_CERT', description: 'PEM certificate (chain): serve HTTPS, so wss:// for OCPP (Security Profile 2) and the console; needs --tls-key' },
  tlsKey: { flags: '--tls-key <path>', variable: 'CYBERPONIES_TLS_KEY', description: 'PEM private key of --tls-cert' },
  ocppRegistration: { flags: '--ocpp-registration <mode>', variable: 'CYBERPONIES_OCPP_REGISTRATION', fallback: 'model', description: `how BootNotification is answered: ${REGISTRATION_MODES.join(', ')} (model: Accepted only when vendor and model match the inventory, else Rejected; pending: hold every charge point Pending)` },
  ocppBlockedIdTags: { flags: '--ocpp-blocked-id-tags <tags>', variable: 'CYBERPONIES_OCPP_BLOCKED_ID_TAGS', fallback: '', description: 'comma-separated id tags answered Blocked; every other tag is Accepted' },
  ocppMaxFrameBytes: { flags: '--ocpp-max-frame-bytes <bytes>', variable: 'CYBERPONIES_OCPP_MAX_FRAME_BYTES', fallback: 65536, description: 'largest OCPP WebSocket frame; a larger one closes that connection (1009)' },
  ocppPingInterval: { flags: '--ocpp-ping-interval <seconds>', variable: 'CYBERPONIES_OCPP_PING_INTERVAL', fallback: 30, description: 'WebSocket ping to each charge point this often; one that has not answered the previous ping is dropped' },
  alarmConfig: { flags: '--alarm-config <file>', variable: 'CYBERPONIES_ALARM_CONFIG', description: 'JSON file of alarm detector thresholds (docs/alarms.md); whatever it leaves out keeps its default' },
} as const satisfies Record<string, Setting>;

const configSchema = z.object({
  host: z.string().min(1),
  port,
  mqttPort: port,
  mqttUrl: optionalText.refine((value) => value === null || /^mqtts?:\/\/[^@/]+:[^@/]+@/.test(value), 'expected mqtt://ADMIN:PASSWORD@HOST:PORT'),
  dataDir: z.string().min(1),
  databaseUrl: optionalText.refine((value) => value === null || /^postgres(ql)?:\/\//.test(value), 'expected postgres://…'),
  historyRetentionDays: z.coerce.number().int().min(0).max(36_500),
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
  tlsCert: optionalText,
  tlsKey: optionalText,
  ocppRegistration: z.enum(REGISTRATION_MODES),
  ocppBlockedIdTags: list,
  ocppMaxFrameBytes: z.coerce.number().int().min(1024).max(16 * 1024 * 1024),
  ocppPingInterval: z.coerce.number().int().min(1).max(3600),
  alarmConfig: optionalText,
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
