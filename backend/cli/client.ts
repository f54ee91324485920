/**
 * The CLI's side of the REST API: requests with a bearer token, answers checked against their schemas,
 * and every failure turned into a message and an exit code.
 */
import type { z } from 'zod';
import { errorBodySchema } from '../../shared/api-schemas.js';
import { CliError, EXIT } from './io.js';

const TIMEOUT_MS = 15_000;

export interface RequestOptions<T> {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  readonly token?: string;
  readonly body?: unknown;
  /** Null for answers without a body (204). */
  readonly answer: z.ZodType<T> | null;
}

export function normaliseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(EXIT.usage, `The backend URL "${url}" is not a URL (expected something like http://127.0.0.1:8080).`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new CliError(EXIT.usage, `The backend URL must start with http:// or https://, not ${parsed.protocol}//.`);
  return parsed.origin + parsed.pathname.replace(/\/+$/, '');
}

function failureReason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return `${cause.code}: ${cause.message}`;
  return error instanceof Error ? error.message : String(error);
}

export async function apiRequest<T>(baseUrl: string, path: string, options: RequestOptions<T>): Promise<T | undefined> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new CliError(EXIT.unreachable, `Cannot reach the backend at ${baseUrl} (${failureReason(error)}). Is it running? Start it with \`cyberponies serve\`, or point --url / CYBERPONIES_URL at it.`);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const body = errorBodySchema.safeParse(json);
    const message = body.success ? body.data.error.message : `HTTP ${response.status} ${response.statusText}`;
    if (response.status === 401) throw new CliError(EXIT.authentication, message);
    throw new CliError(EXIT.failure, message);
  }
  if (options.answer === null) return undefined;
  const parsed = options.answer.safeParse(json);
  if (!parsed.success) throw new CliError(EXIT.failure, `The backend at ${baseUrl} gave an answer this CLI does not understand (${path}): is it a Cyberponies backend of the same version?`);
  return parsed.data;
}
