/** The session survives a reload (sessionStorage) but not the closing of the window. */
import { z } from 'zod';
import { OPERATOR_ROLES } from '../../../shared/fleet.js';
import type { Session } from '../store/session-slice.js';

const SESSION_KEY = 'cyberponies.session';

const sessionSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.string(),
  operator: z.object({ id: z.number().int(), username: z.string(), role: z.enum(OPERATOR_ROLES) }),
}) satisfies z.ZodType<Session>;

export function loadSession(storage: Storage, nowMs: number): Session | null {
  let stored: unknown;
  try {
    stored = JSON.parse(storage.getItem(SESSION_KEY) ?? 'null');
  } catch {
    return null;
  }
  const parsed = sessionSchema.safeParse(stored);
  if (!parsed.success) return null;
  const expiresAt = Date.parse(parsed.data.expiresAt);
  return Number.isNaN(expiresAt) || expiresAt > nowMs ? parsed.data : null;
}

export function saveSession(storage: Storage, session: Session | null): void {
  if (session) storage.setItem(SESSION_KEY, JSON.stringify(session));
  else storage.removeItem(SESSION_KEY);
}
