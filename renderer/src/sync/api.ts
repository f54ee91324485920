/** The backend's REST calls the console needs before it has a socket: config and login. */
import { consoleConfigSchema, errorBodySchema, loginAnswerSchema } from '../../../shared/api-schemas.js';
import type { ConsoleConfig, LoginAnswer, LoginRequest } from '../../../shared/console-api.js';


export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export function apiUrl(backendUrl: string, path: string): string {
  return new URL(path, backendUrl.endsWith('/') ? backendUrl : `${backendUrl}/`).toString();
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

async function request(backendUrl: string, path: string, init?: RequestInit): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(apiUrl(backendUrl, path), init);
  } catch {
    throw new ApiError('unavailable', `Cannot reach the backend at ${backendUrl}.`, 0);
  }
  const body = await readJson(response);
  if (!response.ok) {
    const parsed = errorBodySchema.safeParse(body);
    if (parsed.success) throw new ApiError(parsed.data.error.code, parsed.data.error.message, response.status);
    throw new ApiError('internal', `The backend answered ${response.status} ${response.statusText}.`, response.status);
  }
  return body;
}

export async function fetchConfig(backendUrl: string): Promise<ConsoleConfig> {
  const parsed = consoleConfigSchema.safeParse(await request(backendUrl, 'api/config'));
  if (!parsed.success) throw new ApiError('internal', 'The backend sent a console config this console cannot read.', 200);
  return parsed.data;
}

export async function login(backendUrl: string, credentials: LoginRequest): Promise<LoginAnswer> {
  const body = await request(backendUrl, 'api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  const parsed = loginAnswerSchema.safeParse(body);
  if (!parsed.success) throw new ApiError('internal', 'The backend sent a login answer this console cannot read.', 200);
  return parsed.data;
}
