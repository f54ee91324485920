/** The commands that talk to a running backend: login, logout, operator add|list, device list. */
import type { DeviceKind, OperatorRole } from '../../shared/fleet.js';
import { createOperatorAnswerSchema, deviceListSchema, operatorListSchema } from '../../shared/api-schemas.js';
import { apiRequest } from './client.js';
import { readCredentials, removeCredentials, writeCredentials } from './credentials.js';
import { json, table } from './format.js';
import { CliError, EXIT, credentialsPath } from './io.js';
import type { CliIo } from './io.js';
import { login, withSession } from './session.js';

export interface CommonOptions {
  readonly url: string;
  readonly json: boolean;
}

export async function loginCommand(options: CommonOptions & { readonly user?: string }, io: CliIo): Promise<void> {
  const username = options.user || io.environment.CYBERPONIES_USER || (await io.prompt('Username: ', false));
  if (!username) throw new CliError(EXIT.usage, 'Give a username: --user NAME, CYBERPONIES_USER, or type it when asked.');
  const password = io.environment.CYBERPONIES_PASSWORD || (await io.prompt(`Password for ${username}: `, true));
  if (!password) throw new CliError(EXIT.usage, 'Give a password: CYBERPONIES_PASSWORD, or type it when asked.');
  const answer = await login(options.url, username, password);
  const path = credentialsPath(io.environment);
  await writeCredentials(path, { url: options.url, token: answer.token, username: answer.operator.username, expiresAt: answer.expiresAt });
  if (options.json) io.stdout(json({ url: options.url, operator: answer.operator, expiresAt: answer.expiresAt, credentials: path }));
  else io.stdout(`Logged in to ${options.url} as ${answer.operator.username} (${answer.operator.role}) until ${answer.expiresAt}.`);
}

export async function logoutCommand(options: CommonOptions, io: CliIo): Promise<void> {
  const path = credentialsPath(io.environment);
  const stored = await readCredentials(path);
  if (!stored) {
    io.stdout(options.json ? json({ loggedOut: false }) : 'Not logged in.');
    return;
  }
  // Forget the token here even when the backend cannot be told: a stale file must not linger.
  await removeCredentials(path);
  try {
    await apiRequest(stored.url, '/api/logout', { method: 'POST', token: stored.token, answer: null });
  } catch (error) {
    if (!(error instanceof CliError) || error.exitCode !== EXIT.authentication) throw error;
  }
  io.stdout(options.json ? json({ loggedOut: true, url: stored.url }) : `Logged out of ${stored.url}.`);
}

export async function operatorAddCommand(options: CommonOptions & { readonly username: string; readonly role: OperatorRole; readonly password?: string }, io: CliIo): Promise<void> {
  const body = { username: options.username, role: options.role, ...(options.password ? { password: options.password } : {}) };
  const added = await withSession(options.url, io, (token) => apiRequest(options.url, '/api/operators', { method: 'POST', token, body, answer: createOperatorAnswerSchema }));
  if (!added) throw new CliError(EXIT.failure, 'The backend did not say which operator it added.');
  if (options.json) {
    io.stdout(json(added));
    return;
  }
  io.stdout(`Added operator ${added.operator.username} (${added.operator.role}).`);
  if (added.generatedPassword) io.stdout(`Password (shown only now): ${added.generatedPassword}`);
}

export async function operatorListCommand(options: CommonOptions, io: CliIo): Promise<void> {
  const answer = await withSession(options.url, io, (token) => apiRequest(options.url, '/api/operators', { token, answer: operatorListSchema }));
  const operators = answer?.operators ?? [];
  if (options.json) io.stdout(json({ operators }));
  else io.stdout(table(['ID', 'USERNAME', 'ROLE', 'CREATED'], operators.map((operator) => [operator.id, operator.username, operator.role, operator.createdAt])));
}

export async function deviceListCommand(options: CommonOptions & { readonly kind?: DeviceKind }, io: CliIo): Promise<void> {
  const query = options.kind ? `?kind=${encodeURIComponent(options.kind)}` : '';
  const answer = await withSession(options.url, io, (token) => apiRequest(options.url, `/api/devices${query}`, { token, answer: deviceListSchema }));
  const devices = answer?.devices ?? [];
  if (options.json) {
    io.stdout(json({ devices }));
    return;
  }
  io.stdout(table(['ID', 'KIND', 'SERIAL', 'PLATE', 'FIRMWARE', 'STATION'], devices.map((device) => [device.id, device.kind, device.serialNumber, device.plate, device.firmwareVersion, device.stationId])));
  io.stderr(`${devices.length} device${devices.length === 1 ? '' : 's'}`);
}
