/**
 * The audit log: every operator action, written in the same transaction as the change it records, so
 * that neither exists without the other. Generic: alarms use it now, commands and reservations later.
 */
import type { Queryable } from '../store/database.js';

export type AuditDetails = Readonly<Record<string, unknown>>;

export interface AuditEntry {
  readonly atMs: number;
  /** The operator's username. */
  readonly operator: string;
  /** What was done, as `area:verb`, e.g. 'alarm:acknowledge'. */
  readonly action: string;
  /** What it was done to, as `kind:id`, e.g. 'alarm:42'; null when it acted on nothing in particular. */
  readonly target: string | null;
  readonly details?: AuditDetails;
}

export interface AuditRecord extends AuditEntry {
  readonly id: number;
  readonly details: AuditDetails;
}

export async function writeAudit(transaction: Queryable, entry: AuditEntry): Promise<void> {
  await transaction.query('INSERT INTO audit_log (at, operator, action, target, details) VALUES ($1, $2, $3, $4, $5::jsonb)', [
    new Date(entry.atMs),
    entry.operator,
    entry.action,
    entry.target,
    JSON.stringify(entry.details ?? {}),
  ]);
}

interface AuditRow {
  id: number;
  at: Date;
  operator: string;
  action: string;
  target: string | null;
  details: AuditDetails;
}

/** The newest entries first, optionally only those about one target. */
export async function readAudit(db: Queryable, options: { readonly target?: string; readonly limit?: number } = {}): Promise<AuditRecord[]> {
  const { rows } = await db.query<AuditRow>(
    'SELECT id, at, operator, action, target, details FROM audit_log WHERE ($1::text IS NULL OR target = $1) ORDER BY id DESC LIMIT $2',
    [options.target ?? null, options.limit ?? 100],
  );
  return rows.map((row) => ({ id: row.id, atMs: new Date(row.at).getTime(), operator: row.operator, action: row.action, target: row.target, details: row.details }));
}
