/**
 * The console's settings, kept as JSON in the user's data folder. The file is outside the app's
 * control (edited by hand, half-written by a crash), so it is validated on every read; a file that
 * does not parse is moved aside for a person to look at and the defaults are used.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { settingsPatchSchema, settingsSchema } from '../shared/bridge.js';
import type { Settings } from '../shared/bridge.js';

export const SETTINGS_FILE = 'settings.json';
export const DEFAULT_BACKEND_URL = 'http://127.0.0.1:8080';

export interface SettingsStore {
  /** The settings in force; always valid. */
  current(): Settings;
  /** Validates the patch, writes the merged settings to disk and returns them. Throws on an invalid patch. */
  update(patch: unknown): Promise<Settings>;
}

export interface SettingsStoreOptions {
  /** The folder the settings file lives in: app.getPath('userData'). */
  readonly directory: string;
  /** CYBERPONIES_URL, when set to a valid URL, is the default backend. */
  readonly environment: Readonly<Record<string, string | undefined>>;
  /** Told when a corrupt file was moved aside; the store goes on with the defaults. */
  readonly onCorruptFile?: (movedTo: string, problem: string) => void;
}

/**
 * The shared schema, narrowed: the backend must be reached over http(s) (z.url() alone accepts
 * javascript: and file: URLs). Unknown keys in the file are dropped, so a file written by a newer
 * version still loads; a patch with unknown keys is refused, since it can only be a mistake.
 */
const httpUrlSchema = z.url({ protocol: /^https?$/ });
export const storedSettingsSchema = settingsSchema.extend({ backendUrl: httpUrlSchema });
// From the fields without defaults: a patch naming only the theme must not reset the alarm settings.
const patchSchema = settingsPatchSchema.extend({ backendUrl: httpUrlSchema.optional() }).strict();

export function defaultSettings(environment: Readonly<Record<string, string | undefined>>): Settings {
  const fromEnvironment = storedSettingsSchema.shape.backendUrl.safeParse(environment.CYBERPONIES_URL);
  return {
    backendUrl: fromEnvironment.success ? fromEnvironment.data : DEFAULT_BACKEND_URL,
    tileUrl: null,
    theme: 'dark',
    alarmSound: true,
    alarmsMuted: false,
    alarmSnooze: null,
  };
}

type StoredSettings = { readonly kind: 'valid'; readonly settings: Settings } | { readonly kind: 'missing' } | { readonly kind: 'corrupt'; readonly problem: string };

async function readStored(path: string): Promise<StoredSettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return { kind: 'missing' };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { kind: 'corrupt', problem: error instanceof Error ? error.message : String(error) };
  }
  const parsed = storedSettingsSchema.safeParse(json);
  return parsed.success ? { kind: 'valid', settings: parsed.data } : { kind: 'corrupt', problem: parsed.error.message };
}

/** Write then rename, so a crash mid-write leaves the old file rather than half a new one. */
async function writeAtomically(path: string, settings: Settings): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(settings, null, 2)}\n`, 'utf8');
  await rename(temporary, path);
}

export async function loadSettingsStore(options: SettingsStoreOptions): Promise<SettingsStore> {
  const path = join(options.directory, SETTINGS_FILE);
  await mkdir(options.directory, { recursive: true });
  const stored = await readStored(path);
  let settings = stored.kind === 'valid' ? stored.settings : defaultSettings(options.environment);
  if (stored.kind === 'corrupt') {
    const movedTo = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(path, movedTo);
    options.onCorruptFile?.(movedTo, stored.problem);
  }
  // Updates are queued so that two quick changes cannot interleave their writes.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    current: () => settings,
    update(patch) {
      const next = queue.then(async () => {
        const changes = Object.entries(patchSchema.parse(patch)).filter(([, value]) => value !== undefined);
        const merged = storedSettingsSchema.parse({ ...settings, ...Object.fromEntries(changes) });
        await writeAtomically(path, merged);
        settings = merged;
        return merged;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
