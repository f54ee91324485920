/**
 * Operators and their sessions. A session is a random 32-byte bearer token; the store keeps only its
 * SHA-256, so a copy of the database does not let anyone in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { LoginAnswer, OperatorIdentity } from '../../shared/console-api.js';
import type { OperatorRole } from '../../shared/fleet.js';
import { failure, success } from '../../shared/result.js';
import type { Result } from '../../shared/result.js';
import type { Database } from '../store/database.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';
import type { TokenVerifier } from './types.js';

export const SESSION_HOURS = 12;
/** How long a verified token is trusted without asking the store again (a logout here clears it at once). */
const TOKEN_CACHE_MS = 30_000;
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const MINIMUM_PASSWORD_LENGTH = 8;

export interface OperatorRecord extends OperatorIdentity {
  readonly createdAt: string;
}

export interface AddedOperator {
  readonly operator: OperatorRecord;
  /** The password, when it was generated here: shown once, never stored. */
  readonly generatedPassword: string | null;
}

export interface Operators extends TokenVerifier {
  add(username: string, role: OperatorRole, password?: string): Promise<Result<AddedOperator>>;
  list(): Promise<readonly OperatorRecord[]>;
  find(username: string): Promise<OperatorRecord | undefined>;
  login(username: string, password: string): Promise<Result<LoginAnswer>>;
  logout(token: string): Promise<void>;
}

interface OperatorRow {
  id: number;
  username: string;
  role: OperatorRole;
  created_at: Date;
}

interface CachedToken {
  readonly identity: OperatorIdentity;
  readonly expiresAtMs: number;
  readonly checkedAtMs: number;
}

function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

function operatorRecord(row: OperatorRow): OperatorRecord {
  return { id: row.id, username: row.username, role: row.role, createdAt: new Date(row.created_at).toISOString() };
}

function identity({ id, username, role }: OperatorIdentity): OperatorIdentity {
  return { id, username, role };
}

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export function createOperators(db: Database, clock: () => number = Date.now): Operators {
  const tokens = new Map<string, CachedToken>();
  // Unknown usernames are checked against this too, so that a wrong name takes as long as a wrong password.
  let dummyHash: Promise<string> | undefined;

  async function find(username: string): Promise<OperatorRecord | undefined> {
    const { rows } = await db.query<OperatorRow>('SELECT id, username, role, created_at FROM operators WHERE username = $1', [normaliseUsername(username)]);
    return rows[0] && operatorRecord(rows[0]);
  }

  return {
    find,

    async add(rawUsername, role, password) {
      const username = normaliseUsername(rawUsername);
      if (!USERNAME_PATTERN.test(username)) return failure('invalid', 'A username is 1 to 64 characters: letters, digits, dots, dashes and underscores, starting with a letter or digit.');
      if (password !== undefined && password.length < MINIMUM_PASSWORD_LENGTH) return failure('invalid', `A password needs at least ${MINIMUM_PASSWORD_LENGTH} characters.`);
      const generatedPassword = password === undefined ? generatePassword() : null;
      const passwordHash = await hashPassword(password ?? generatedPassword ?? '');
      const { rows } = await db.query<OperatorRow>(
        `INSERT INTO operators (username, password_hash, role) VALUES ($1, $2, $3)
         ON CONFLICT (username) DO NOTHING RETURNING id, username, role, created_at`,
        [username, passwordHash, role],
      );
      const row = rows[0];
      if (!row) return failure('conflict', `An operator named ${username} already exists.`);
      return success({ operator: operatorRecord(row), generatedPassword });
    },

    async list() {
      const { rows } = await db.query<OperatorRow>('SELECT id, username, role, created_at FROM operators ORDER BY id');
      return rows.map(operatorRecord);
    },

    async login(username, password) {
      const { rows } = await db.query<OperatorRow & { password_hash: string }>(
        'SELECT id, username, role, created_at, password_hash FROM operators WHERE username = $1',
        [normaliseUsername(username)],
      );
      const row = rows[0];
      dummyHash ??= hashPassword(generatePassword());
      const isValid = await verifyPassword(password, row?.password_hash ?? (await dummyHash));
      if (!row || !isValid) return failure('unauthenticated', 'Wrong username or password.');
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(clock() + SESSION_HOURS * 3600_000);
      await db.query('DELETE FROM operator_sessions WHERE expires_at < $1', [new Date(clock())]);
      const hash = tokenHash(token);
      await db.query('INSERT INTO operator_sessions (token_hash, operator_id, expires_at) VALUES ($1, $2, $3)', [hash, row.id, expiresAt]);
      const operator = identity(row);
      // The console connects with this token at once: spare that connection a query.
      tokens.set(hash.toString('hex'), { identity: operator, expiresAtMs: expiresAt.getTime(), checkedAtMs: clock() });
      return success({ token, expiresAt: expiresAt.toISOString(), operator });
    },

    async logout(token) {
      const hash = tokenHash(token);
      tokens.delete(hash.toString('hex'));
      await db.query('DELETE FROM operator_sessions WHERE token_hash = $1', [hash]);
    },

    async verifyToken(token) {
      const hash = tokenHash(token);
      const key = hash.toString('hex');
      const now = clock();
      const cached = tokens.get(key);
      if (cached && cached.expiresAtMs > now && now - cached.checkedAtMs < TOKEN_CACHE_MS) return cached.identity;
      const { rows } = await db.query<{ id: number; username: string; role: OperatorRole; expires_at: Date }>(
        `SELECT o.id, o.username, o.role, s.expires_at FROM operator_sessions s JOIN operators o ON o.id = s.operator_id
         WHERE s.token_hash = $1 AND s.expires_at > $2`,
        [hash, new Date(now)],
      );
      const row = rows[0];
      if (!row) {
        tokens.delete(key);
        return undefined;
      }
      const verified = identity(row);
      if (tokens.size > 10_000) tokens.clear();
      tokens.set(key, { identity: verified, expiresAtMs: new Date(row.expires_at).getTime(), checkedAtMs: now });
      return verified;
    },
  };
}
