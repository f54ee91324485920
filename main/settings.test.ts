import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settingsSchema } from '../shared/bridge.js';
import { DEFAULT_BACKEND_URL, defaultSettings, loadSettingsStore, SETTINGS_FILE } from './settings.js';

vi.mock('electron', () => ({}));

let directory: string;
const ALARM_DEFAULTS = { alarmSound: true, alarmsMuted: false, alarmSnooze: null } as const;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'cyberponies-settings-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function storedJson(): Promise<unknown> {
  return JSON.parse(await readFile(join(directory, SETTINGS_FILE), 'utf8'));
}

describe('defaultSettings', () => {
  it('is the local backend, the dark theme and the backend’s own tiles', () => {
    expect(defaultSettings({})).toEqual({ backendUrl: DEFAULT_BACKEND_URL, theme: 'dark', tileUrl: null, ...ALARM_DEFAULTS });
  });

  it('takes CYBERPONIES_URL when it is a URL, and ignores it when it is not', () => {
    expect(defaultSettings({ CYBERPONIES_URL: 'https://fleet.example.org' }).backendUrl).toBe('https://fleet.example.org');
    expect(defaultSettings({ CYBERPONIES_URL: 'not a url' }).backendUrl).toBe(DEFAULT_BACKEND_URL);
  });
});

describe('loadSettingsStore', () => {
  it('starts from the defaults when there is no file, and writes nothing until a change', async () => {
    const store = await loadSettingsStore({ directory, environment: { CYBERPONIES_URL: 'http://10.0.0.5:8080' } });
    expect(store.current()).toEqual({ backendUrl: 'http://10.0.0.5:8080', theme: 'dark', tileUrl: null, ...ALARM_DEFAULTS });
    expect(await readdir(directory)).toEqual([]);
  });

  it('writes a valid change to disk, and a new store reads it back', async () => {
    const store = await loadSettingsStore({ directory, environment: {} });
    const updated = await store.update({ theme: 'light', tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png' });
    expect(updated).toEqual({ backendUrl: DEFAULT_BACKEND_URL, theme: 'light', tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png', ...ALARM_DEFAULTS });
    expect(store.current()).toEqual(updated);
    expect(settingsSchema.parse(await storedJson())).toEqual(updated);
    const reopened = await loadSettingsStore({ directory, environment: { CYBERPONIES_URL: 'http://elsewhere:1' } });
    expect(reopened.current()).toEqual(updated);
  });

  it.each([
    [{ theme: 'purple' }],
    [{ backendUrl: 'not a url' }],
    [{ tileUrl: 'x'.repeat(501) }],
    [{ unknownSetting: true }],
    [{ alarmSound: 'loud' }],
    [{ alarmSnooze: { kind: 'until', untilMs: -5 } }],
    ['a string'],
    [null],
  ])('refuses the invalid patch %j and keeps the settings as they were', async (patch) => {
    const store = await loadSettingsStore({ directory, environment: {} });
    await store.update({ theme: 'light' });
    await expect(store.update(patch)).rejects.toThrow();
    expect(store.current().theme).toBe('light');
    expect(await storedJson()).toEqual(store.current());
  });

  it('ignores keys given as undefined rather than erasing the setting', async () => {
    const store = await loadSettingsStore({ directory, environment: {} });
    expect((await store.update({ theme: undefined, tileUrl: null })).theme).toBe('dark');
  });

  it('applies quick successive updates in order', async () => {
    const store = await loadSettingsStore({ directory, environment: {} });
    const results = await Promise.all([store.update({ theme: 'light' }), store.update({ tileUrl: 'https://a/{z}' }), store.update({ theme: 'dark' })]);
    expect(results.at(-1)).toEqual({ backendUrl: DEFAULT_BACKEND_URL, theme: 'dark', tileUrl: 'https://a/{z}', ...ALARM_DEFAULTS });
    expect(await storedJson()).toEqual(results.at(-1));
  });

  it.each([
    ['JSON that does not parse', '{"theme": "dark",'],
    ['JSON that fails the schema', JSON.stringify({ backendUrl: 'http://x:1', theme: 'neon', tileUrl: null })],
    ['a file with a missing field', JSON.stringify({ theme: 'light' })],
  ])('moves %s aside, keeps it, and uses the defaults', async (_case, content) => {
    await writeFile(join(directory, SETTINGS_FILE), content);
    const reports: string[] = [];
    const store = await loadSettingsStore({ directory, environment: {}, onCorruptFile: (movedTo) => reports.push(movedTo) });
    expect(store.current()).toEqual(defaultSettings({}));
    const files = await readdir(directory);
    expect(files).not.toContain(SETTINGS_FILE);
    const kept = files.filter((file) => file.startsWith(`${SETTINGS_FILE}.corrupt-`));
    expect(kept).toHaveLength(1);
    expect(reports).toEqual([join(directory, kept[0] ?? '')]);
    expect(await readFile(join(directory, kept[0] ?? ''), 'utf8')).toBe(content);
    // The next change writes a fresh, valid file.
    await store.update({ theme: 'light' });
    expect(settingsSchema.parse(await storedJson()).theme).toBe('light');
  });
});

describe('storedSettingsSchema', () => {
  it('accepts only http(s) backends', async () => {
    const store = await loadSettingsStore({ directory, environment: { CYBERPONIES_URL: 'file:///etc/passwd' } });
    expect(store.current().backendUrl).toBe(DEFAULT_BACKEND_URL);
    await expect(store.update({ backendUrl: 'javascript:alert(1)' })).rejects.toThrow();
    await expect(store.update({ backendUrl: 'file:///etc/passwd' })).rejects.toThrow();
    expect((await store.update({ backendUrl: 'https://fleet.example.org' })).backendUrl).toBe('https://fleet.example.org');
  });
});

describe('a settings file from another version', () => {
  it('loads, dropping the keys this version does not know', async () => {
    await writeFile(join(directory, SETTINGS_FILE), JSON.stringify({ backendUrl: 'http://10.1.1.1:8080', theme: 'light', tileUrl: null, futureSetting: 3 }));
    const store = await loadSettingsStore({ directory, environment: {} });
    expect(store.current()).toEqual({ backendUrl: 'http://10.1.1.1:8080', theme: 'light', tileUrl: null, ...ALARM_DEFAULTS });
    expect(await readdir(directory)).toEqual([SETTINGS_FILE]);
  });

  it('written before the alarm settings existed, loads with their defaults and keeps its own values', async () => {
    await writeFile(join(directory, SETTINGS_FILE), JSON.stringify({ backendUrl: 'http://10.1.1.1:8080', theme: 'light', tileUrl: null }));
    const store = await loadSettingsStore({ directory, environment: {} });
    expect(store.current()).toEqual({ backendUrl: 'http://10.1.1.1:8080', theme: 'light', tileUrl: null, ...ALARM_DEFAULTS });
    expect(await readdir(directory)).toEqual([SETTINGS_FILE]);
  });
});

describe('the alarm settings', () => {
  it('are saved, and a later patch naming something else does not reset them', async () => {
    const store = await loadSettingsStore({ directory, environment: {} });
    await store.update({ alarmSound: false, alarmsMuted: true, alarmSnooze: { kind: 'incident' } });
    await store.update({ theme: 'light' });
    const expected = { backendUrl: DEFAULT_BACKEND_URL, theme: 'light', tileUrl: null, alarmSound: false, alarmsMuted: true, alarmSnooze: { kind: 'incident' } };
    expect(store.current()).toEqual(expected);
    expect((await loadSettingsStore({ directory, environment: {} })).current()).toEqual(expected);
    expect((await store.update({ alarmSnooze: null, alarmsMuted: false })).alarmSnooze).toBeNull();
  });
});
