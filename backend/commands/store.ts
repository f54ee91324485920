/**
 * The commands' SQL. Every move of a command is one conditional UPDATE, allowed only from the statuses
 * the lifecycle permits (shared/commands.ts): when the expiry sweep and a reconnecting device race for
 * one queued command, exactly one of them wins, and a command whose expiry has come is never sent.
 */
import { COMMAND_STATUSES, canMove, isTerminal } from '../../shared/commands.js';
import type { Command, CommandStatus, CommandTransition, CommandType } from '../../shared/commands.js';
import { writeAudit } from '../alarms/audit.js';
import type { Database, Queryable } from '../store/database.js';

interface CommandRow {
  id: string;
  device_id: string;
  type: CommandType;
  params: Record<string, unknown>;
  status: CommandStatus;
  operator: string;
  idempotency_key: string;
  created_at: Date;
  expires_at: Date | null;
  batch_id: string | null;
  transitions: CommandTransition[];
}

const COLUMNS = 'id, device_id, type, params, status, operator, idempotency_key, created_at, expires_at, batch_id, transitions';

function toCommand(row: CommandRow): Command {
  return {
    id: row.id,
    deviceId: row.device_id,
    type: row.type,
    params: row.params,
    status: row.status,
    operator: row.operator,
    createdAtMs: new Date(row.created_at).getTime(),
    expiresAtMs: row.expires_at === null ? null : new Date(row.expires_at).getTime(),
    batchId: row.batch_id,
    transitions: row.transitions,
  };
}

export interface NewCommand {
  readonly id: string;
  readonly deviceId: string;
  readonly type: CommandType;
  readonly params: Readonly<Record<string, unknown>>;
  readonly operator: string;
  readonly idempotencyKey: string;
  readonly atMs: number;
  readonly expiresAtMs: number | null;
  readonly batchId: string | null;
}

export interface Stored {
  readonly command: Command;
  /** False when the operator's idempotency key already named a command: that one is returned. */
  readonly isNew: boolean;
}

/** Stores a queued command, audited, unless the operator's key already made one. */
export async function insertCommand(db: Database, command: NewCommand): Promise<Stored> {
  const first: CommandTransition = { status: 'queued', atMs: command.atMs, detail: null };
  const inserted = await db.transaction(async (transaction) => {
    const { rows } = await transaction.query<CommandRow>(
      `INSERT INTO commands (id, device_id, type, params, status, operator, idempotency_key, created_at, updated_at, expires_at, batch_id, transitions)
       VALUES ($1, $2, $3, $4::jsonb, 'queued', $5, $6, $7, $7, $8, $9, $10::jsonb)
       ON CONFLICT (operator, idempotency_key) DO NOTHING RETURNING ${COLUMNS}`,
      [
        command.id,
        command.deviceId,
        command.type,
        JSON.stringify(command.params),
        command.operator,
        command.idempotencyKey,
        new Date(command.atMs),
        command.expiresAtMs === null ? null : new Date(command.expiresAtMs),
        command.batchId,
        JSON.stringify([first]),
      ],
    );
    const row = rows[0];
    if (!row) return null;
    await writeAudit(transaction, {
      atMs: command.atMs,
      operator: command.operator,
      action: `command:${command.type}`,
      target: `device:${command.deviceId}`,
      details: { commandId: command.id, params: command.params, batchId: command.batchId },
    });
    return toCommand(row);
  });
  if (inserted) return { command: inserted, isNew: true };
  const { rows } = await db.query<CommandRow>(`SELECT ${COLUMNS} FROM commands WHERE operator = $1 AND idempotency_key = $2`, [command.operator, command.idempotencyKey]);
  const existing = rows[0];
  if (!existing) throw new Error(`command with key ${command.idempotencyKey} neither inserted nor found`);
  return { command: toCommand(existing), isNew: false };
}

/** The statuses a command may be in to move to `to`. */
function movableTo(to: CommandStatus): CommandStatus[] {
  return COMMAND_STATUSES.filter((from) => canMove(from, to));
}

export interface Move {
  readonly id: string;
  readonly to: CommandStatus;
  readonly atMs: number;
  readonly detail: string | null;
}

/**
 * Moves a command to `to` if its lifecycle allows it from where it is now; null when it does not (it
 * moved on meanwhile). Leaving queued for sent also requires its expiry not to have come.
 */
export async function moveCommand(db: Database, move: Move): Promise<Command | null> {
  const step: CommandTransition = { status: move.to, atMs: move.atMs, detail: move.detail };
  return db.transaction(async (transaction) => {
    const { rows } = await transaction.query<CommandRow>(
      `UPDATE commands SET status = $2, updated_at = $3, transitions = transitions || $4::jsonb
       WHERE id = $1 AND status = ANY($5::text[]) AND ($2 <> 'sent' OR expires_at IS NULL OR expires_at > $3)
       RETURNING ${COLUMNS}`,
      [move.id, move.to, new Date(move.atMs), JSON.stringify([step]), movableTo(move.to)],
    );
    const row = rows[0];
    if (!row) return null;
    const command = toCommand(row);
    // The result is audited once, when the command's life ends: who asked, what, to which device, and how it ended.
    if (isTerminal(move.to)) {
      await writeAudit(transaction, {
        atMs: move.atMs,
        operator: command.operator,
        action: `command:${command.type}:${move.to}`,
        target: `device:${command.deviceId}`,
        details: { commandId: command.id, detail: move.detail },
      });
    }
    return command;
  });
}

/**
 * A step of progress of a delivered command (a firmware download, then its installation): recorded as
 * one more `delivered` transition with what the device said, so the console shows how far it got.
 */
export async function noteProgress(db: Queryable, id: string, atMs: number, detail: string): Promise<Command | null> {
  const step: CommandTransition = { status: 'delivered', atMs, detail };
  const { rows } = await db.query<CommandRow>(
    `UPDATE commands SET updated_at = $2, transitions = transitions || $3::jsonb WHERE id = $1 AND status = 'delivered' RETURNING ${COLUMNS}`,
    [id, new Date(atMs), JSON.stringify([step])],
  );
  const row = rows[0];
  return row ? toCommand(row) : null;
}

export async function commandById(db: Queryable, id: string): Promise<Command | null> {
  const { rows } = await db.query<CommandRow>(`SELECT ${COLUMNS} FROM commands WHERE id = $1`, [id]);
  const row = rows[0];
  return row ? toCommand(row) : null;
}

/** A device's queued commands, oldest first: what it is owed when it comes back. */
export async function queuedFor(db: Queryable, deviceId: string): Promise<Command[]> {
  const { rows } = await db.query<CommandRow>(`SELECT ${COLUMNS} FROM commands WHERE device_id = $1 AND status = 'queued' ORDER BY seq`, [deviceId]);
  return rows.map(toCommand);
}

/** Queued commands whose expiry has come by `nowMs`. */
export async function expiredQueued(db: Queryable, nowMs: number): Promise<Command[]> {
  const { rows } = await db.query<CommandRow>(
    `SELECT ${COLUMNS} FROM commands WHERE status = 'queued' AND expires_at IS NOT NULL AND expires_at <= $1 ORDER BY expires_at LIMIT 1000`,
    [new Date(nowMs)],
  );
  return rows.map(toCommand);
}

/** Commands that were on their way when the backend stopped (sent or delivered): their answers are lost with the connection. */
export async function inFlight(db: Queryable): Promise<Command[]> {
  const { rows } = await db.query<CommandRow>(`SELECT ${COLUMNS} FROM commands WHERE status IN ('sent', 'delivered') ORDER BY seq`);
  return rows.map(toCommand);
}

/** A device's commands, newest first: its command history. */
export async function commandsOfDevice(db: Queryable, deviceId: string, limit = 50): Promise<Command[]> {
  const { rows } = await db.query<CommandRow>(`SELECT ${COLUMNS} FROM commands WHERE device_id = $1 ORDER BY seq DESC LIMIT $2`, [deviceId, limit]);
  return rows.map(toCommand);
}

/** A device's commands made in [fromMs, toMs), oldest first. */
export async function commandsOfDeviceBetween(db: Queryable, deviceId: string, fromMs: number, toMs: number, limit = 200): Promise<Command[]> {
  const { rows } = await db.query<CommandRow>(`SELECT ${COLUMNS} FROM commands WHERE device_id = $1 AND created_at >= $2 AND created_at < $3 ORDER BY seq LIMIT $4`, [
    deviceId,
    new Date(fromMs),
    new Date(toMs),
    limit,
  ]);
  return rows.map(toCommand);
}
