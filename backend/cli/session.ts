/** Which token a command uses: CYBERPONIES_USER/CYBERPONIES_PASSWORD when set, else the stored one. */
import { loginAnswerSchema } from '../../shared/api-schemas.js';
import { apiRequest } from './client.js';
import { readCredentials } from './credentials.js';
import { CliError, EXIT, credentialsPath } from './io.js';
import type { CliIo } from './io.js';

export interface Session {
  readonly token: string;
  readonly source: 'environment' | 'stored';
}

export async function login(url: string, username: string, password: string) {
  const answer = await apiRequest(url, '/api/login', { method: 'POST', body: { username, password }, answer: loginAnswerSchema });
  if (!answer) throw new CliError(EXIT.failure, 'The backend answered the login without a session.');
  return answer;
}

export async function openSession(url: string, io: CliIo): Promise<Session> {
  const { CYBERPONIES_USER: user, CYBERPONIES_PASSWORD: password } = io.environment;
  if (user && password) return { token: (await login(url, user, password)).token, source: 'environment' };
  const stored = await readCredentials(credentialsPath(io.environment));
  if (!stored) throw new CliError(EXIT.authentication, 'Not logged in: run `cyberponies login`, or set CYBERPONIES_USER and CYBERPONIES_PASSWORD.');
  if (stored.url !== url) throw new CliError(EXIT.authentication, `The stored login is for ${stored.url}, not ${url}: run \`cyberponies login --url ${url}\`.`);
  if (Date.parse(stored.expiresAt) <= Date.now()) throw new CliError(EXIT.authentication, 'Your stored login has expired: run `cyberponies login` again.');
  return { token: stored.token, source: 'stored' };
}

/** Runs `work` with a token; a stored token the backend no longer accepts gets a message that says what to do. */
export async function withSession<T>(url: string, io: CliIo, work: (token: string) => Promise<T>): Promise<T> {
  const session = await openSession(url, io);
  try {
    return await work(session.token);
  } catch (error) {
    if (error instanceof CliError && error.exitCode === EXIT.authentication && session.source === 'stored') {
      throw new CliError(EXIT.authentication, `${error.message} (The stored login is no longer valid: run \`cyberponies login\`.)`);
    }
    throw error;
  }
}
