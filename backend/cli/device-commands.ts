/** Provisioning from the command line: device add|show|remove|rotate-secret, and import autolib. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  deviceShowSchema,
  importStationsAnswerSchema,
  provisionedDeviceSchema,
  removedDeviceSchema,
} from '../../shared/api-schemas.js';
import type { CreateDeviceRequest } from '../../shared/api-schemas.js';
import { parseAutolibCsv } from '../../shared/autolib.js';
import { apiRequest } from './client.js';
import type { CommonOptions } from './commands.js';
import { json, table } from './format.js';
import { CliError, EXIT } from './io.js';
import type { CliIo } from './io.js';
import { withSession } from './session.js';

function devicePath(deviceId: string): string {
  return `/api/devices/${encodeURIComponent(deviceId)}`;
}

function shown<T>(answer: T | undefined, what: string): T {
  if (answer === undefined) throw new CliError(EXIT.failure, `The backend did not answer with ${what}.`);
  return answer;
}

function printWarnings(io: CliIo, warnings: readonly string[] | undefined): void {
  for (const warning of warnings ?? []) io.stderr(`Warning: ${warning}`);
}

function printSecret(io: CliIo, deviceId: string, secret: string | null): void {
  if (secret === null) return;
  io.stdout(`Secret (shown only now; the backend keeps only its hash): ${secret}`);
  io.stderr(`Give it to ${deviceId}: a charge point uses it as its HTTP Basic password, a car as its MQTT password.`);
}

export async function deviceAddCommand(options: CommonOptions & { readonly device: CreateDeviceRequest }, io: CliIo): Promise<void> {
  const answer = await withSession(options.url, io, (token) =>
    apiRequest(options.url, '/api/devices', { method: 'POST', token, body: options.device, answer: provisionedDeviceSchema }),
  );
  const added = shown(answer, 'the device it added');
  const { device, generatedSecret } = added;
  printWarnings(io, added.warnings);
  if (options.json) {
    io.stdout(json(added));
    return;
  }
  io.stdout(`Added ${device.kind === 'car' ? 'car' : 'charge point'} ${device.id} (${device.modelId}, serial ${device.serialNumber}${device.stationId ? `, station ${device.stationId}` : ''}).`);
  printSecret(io, device.id, generatedSecret);
}

export async function deviceShowCommand(options: CommonOptions & { readonly deviceId: string }, io: CliIo): Promise<void> {
  const answer = shown(
    await withSession(options.url, io, (token) => apiRequest(options.url, devicePath(options.deviceId), { token, answer: deviceShowSchema })),
    'the device',
  );
  if (options.json) {
    io.stdout(json(answer));
    return;
  }
  const { device, state } = answer;
  const name = (value: { id: string; name?: unknown } | null) => (value ? `${value.id}${typeof value.name === 'string' ? ` (${value.name})` : ''}` : null);
  const rows: [string, string | number | null][] = [
    ['id', device.id],
    ['kind', device.kind],
    ['model', name(answer.model)],
    ['serial number', device.serialNumber],
    ['plate', device.plate],
    ['firmware', device.firmwareVersion],
    ['station', name(answer.station)],
    ['added', device.createdAt],
  ];
  if (state) {
    rows.push(
      ['status', state.status],
      ['online', state.isOnline ? 'yes' : 'no'],
      ['last heard', state.lastSeenAt ?? 'never'],
      ['device clock', state.deviceTime],
      ['clock offset', state.clockOffsetMs === null ? null : `${state.clockOffsetMs} ms`],
    );
  }
  io.stdout(rows.map(([label, value]) => `${`${label}:`.padEnd(15)}${value ?? '-'}`).join('\n'));
}

/** Asks to type the device's id back unless `--yes` was given: removing the wrong device is not undone. */
async function confirmRemoval(deviceId: string, isConfirmed: boolean, io: CliIo): Promise<void> {
  if (isConfirmed) return;
  const answer = await io.prompt(`Remove ${deviceId} from the inventory, with its last-known state? Type its id to confirm: `, false);
  if (answer === undefined) throw new CliError(EXIT.usage, `Confirm with --yes to remove ${deviceId} without a question.`);
  if (answer.trim() !== deviceId) throw new CliError(EXIT.failure, `Not removed: "${answer.trim()}" is not ${deviceId}.`);
}

export async function deviceRemoveCommand(options: CommonOptions & { readonly deviceId: string; readonly isConfirmed: boolean }, io: CliIo): Promise<void> {
  await confirmRemoval(options.deviceId, options.isConfirmed, io);
  const answer = await withSession(options.url, io, (token) =>
    apiRequest(options.url, devicePath(options.deviceId), { method: 'DELETE', token, answer: removedDeviceSchema }),
  );
  const { removed, warnings } = shown(answer, 'the device it removed');
  printWarnings(io, warnings);
  if (options.json) io.stdout(json({ removed, ...(warnings ? { warnings } : {}) }));
  else io.stdout(`Removed ${removed.id} (serial ${removed.serialNumber}). Its history is kept; it can no longer connect.`);
}

export async function deviceRotateSecretCommand(options: CommonOptions & { readonly deviceId: string; readonly secret?: string }, io: CliIo): Promise<void> {
  const body = options.secret === undefined ? {} : { secret: options.secret };
  const answer = await withSession(options.url, io, (token) =>
    apiRequest(options.url, `${devicePath(options.deviceId)}/secret`, { method: 'POST', token, body, answer: provisionedDeviceSchema }),
  );
  const rotated = shown(answer, 'the device');
  const { device, generatedSecret } = rotated;
  printWarnings(io, rotated.warnings);
  if (options.json) {
    io.stdout(json(rotated));
    return;
  }
  io.stdout(`Replaced the secret of ${device.id}: the old one is refused from now on.`);
  printSecret(io, device.id, generatedSecret);
}

async function readStationFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new CliError(EXIT.usage, `Cannot read ${resolve(file)}: ${reason}.`);
  }
}

export async function importAutolibCommand(options: CommonOptions & { readonly file: string }, io: CliIo): Promise<void> {
  const text = await readStationFile(options.file);
  const expected = `is it the Autolib' export (";"-separated, with "ID" and "Geo point" columns)?`;
  let stations: ReturnType<typeof parseAutolibCsv>;
  try {
    stations = parseAutolibCsv(text);
  } catch (error) {
    throw new CliError(EXIT.failure, `${options.file} is not a station list (${error instanceof Error ? error.message : String(error)}): ${expected}`);
  }
  if (stations.length === 0) throw new CliError(EXIT.failure, `${options.file} has no station with a position: ${expected}`);
  const answer = shown(
    await withSession(options.url, io, (token) =>
      apiRequest(options.url, '/api/stations/import', { method: 'POST', token, body: { stations }, answer: importStationsAnswerSchema }),
    ),
    'a summary of the import',
  );
  printWarnings(io, answer.warnings);
  if (options.json) {
    io.stdout(json(answer));
    return;
  }
  // The secrets go to standard output (to be redirected to a file); the summary to standard error.
  if (answer.secrets.length > 0) io.stdout(table(['ID', 'KIND', 'SECRET'], answer.secrets.map((entry) => [entry.id, entry.kind, entry.secret])));
  io.stderr(
    `Imported ${answer.stations} stations: ${answer.devices.added} devices added, ${answer.devices.updated} already known (they keep their secrets).` +
      (answer.secrets.length > 0 ? ' The secrets above are shown only now: give each to its device.' : ''),
  );
}
