/**
 * Maintenance windows: a time during which a device's (or a whole station's) alarms are raised
 * suppressed. The current and future windows are kept in memory, so that deciding whether a new alarm
 * is suppressed is a lookup, not a query; the store has every window ever made.
 */
import type { MaintenanceWindow } from '../../shared/alarms.js';
import type { Queryable } from '../store/database.js';
import type { Database } from '../store/database.js';
import { writeAudit } from './audit.js';

interface WindowRow {
  id: number;
  device_id: string | null;
  station_id: string | null;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  created_by: string;
  ended_at: Date | null;
}

const WINDOW_COLUMNS = 'id, device_id, station_id, starts_at, ends_at, reason, created_by, ended_at';

function windowFromRow(row: WindowRow): MaintenanceWindow {
  return {
    id: row.id,
    deviceId: row.device_id,
    stationId: row.station_id,
    startsAtMs: new Date(row.starts_at).getTime(),
    endsAtMs: new Date(row.ends_at).getTime(),
    reason: row.reason,
    createdBy: row.created_by,
    endedAtMs: row.ended_at === null ? null : new Date(row.ended_at).getTime(),
  };
}

/** When the window stops covering: its planned end, or when someone ended it. */
export function windowEndMs(window: MaintenanceWindow): number {
  return Math.min(window.endsAtMs, window.endedAtMs ?? Number.POSITIVE_INFINITY);
}

export function windowCovers(window: MaintenanceWindow, deviceId: string, stationId: string | null, atMs: number): boolean {
  if (atMs < window.startsAtMs || atMs >= windowEndMs(window)) return false;
  return window.deviceId === deviceId || (window.stationId !== null && window.stationId === stationId);
}

export interface NewMaintenanceWindow {
  readonly deviceId?: string;
  readonly stationId?: string;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly reason: string;
}

export type EndWindowOutcome =
  | { readonly kind: 'ended'; readonly window: MaintenanceWindow }
  | { readonly kind: 'notFound' }
  | { readonly kind: 'over'; readonly window: MaintenanceWindow };

export interface MaintenanceBook {
  /** Reads the windows that are not over at `nowMs`. */
  load(nowMs: number): Promise<void>;
  /** Current and future windows, soonest first. */
  windows(): readonly MaintenanceWindow[];
  /** The window that covers the device (by itself or its station) at `atMs`, if any. */
  covering(deviceId: string, stationId: string | null, atMs: number): MaintenanceWindow | undefined;
  /** Stores a window and its audit row in one transaction. */
  create(operator: string, window: NewMaintenanceWindow, nowMs: number): Promise<MaintenanceWindow>;
  /** Ends a window now (and audits it), unless it is unknown or already over. */
  end(operator: string, windowId: number, nowMs: number): Promise<EndWindowOutcome>;
  /** Forgets the windows that are over at `nowMs` and returns them. */
  expire(nowMs: number): MaintenanceWindow[];
  /** The earliest end among the kept windows; Infinity when there is none. */
  nextEndMs(): number;
}

export function createMaintenanceBook(db: Database): MaintenanceBook {
  let kept: MaintenanceWindow[] = [];

  function keep(window: MaintenanceWindow): void {
    kept = [...kept.filter((candidate) => candidate.id !== window.id), window].sort((left, right) => left.startsAtMs - right.startsAtMs || left.id - right.id);
  }

  async function lockWindow(transaction: Queryable, windowId: number): Promise<MaintenanceWindow | undefined> {
    const { rows } = await transaction.query<WindowRow>(`SELECT ${WINDOW_COLUMNS} FROM maintenance_windows WHERE id = $1 FOR UPDATE`, [windowId]);
    return rows[0] && windowFromRow(rows[0]);
  }

  return {
    async load(nowMs) {
      const { rows } = await db.query<WindowRow>(
        `SELECT ${WINDOW_COLUMNS} FROM maintenance_windows WHERE ends_at > $1 AND (ended_at IS NULL OR ended_at > $1) ORDER BY starts_at, id`,
        [new Date(nowMs)],
      );
      kept = rows.map(windowFromRow);
    },

    windows: () => kept,

    covering: (deviceId, stationId, atMs) => kept.find((window) => windowCovers(window, deviceId, stationId, atMs)),

    async create(operator, request, nowMs) {
      const window = await db.transaction(async (transaction) => {
        const { rows } = await transaction.query<WindowRow>(
          `INSERT INTO maintenance_windows (device_id, station_id, starts_at, ends_at, reason, created_by)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${WINDOW_COLUMNS}`,
          [request.deviceId ?? null, request.stationId ?? null, new Date(request.startsAtMs), new Date(request.endsAtMs), request.reason, operator],
        );
        const row = rows[0];
        if (!row) throw new Error('The maintenance window was not stored');
        const created = windowFromRow(row);
        await writeAudit(transaction, { atMs: nowMs, operator, action: 'maintenance:create', target: `maintenance:${created.id}`, details: { ...request } });
        return created;
      });
      keep(window);
      return window;
    },

    async end(operator, windowId, nowMs) {
      const outcome = await db.transaction(async (transaction): Promise<EndWindowOutcome> => {
        const window = await lockWindow(transaction, windowId);
        if (!window) return { kind: 'notFound' };
        if (windowEndMs(window) <= nowMs) return { kind: 'over', window };
        const { rows } = await transaction.query<WindowRow>(`UPDATE maintenance_windows SET ended_at = $2 WHERE id = $1 RETURNING ${WINDOW_COLUMNS}`, [windowId, new Date(nowMs)]);
        const row = rows[0];
        if (!row) throw new Error(`Maintenance window ${windowId} vanished while it was being ended`);
        await writeAudit(transaction, { atMs: nowMs, operator, action: 'maintenance:end', target: `maintenance:${windowId}`, details: { plannedEndMs: window.endsAtMs } });
        return { kind: 'ended', window: windowFromRow(row) };
      });
      if (outcome.kind === 'ended') kept = kept.filter((window) => window.id !== windowId);
      return outcome;
    },

    expire(nowMs) {
      const over = kept.filter((window) => windowEndMs(window) <= nowMs);
      if (over.length > 0) kept = kept.filter((window) => windowEndMs(window) > nowMs);
      return over;
    },

    nextEndMs: () => Math.min(Number.POSITIVE_INFINITY, ...kept.map(windowEndMs)),
  };
}
