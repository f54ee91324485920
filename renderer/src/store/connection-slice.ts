import type { StoreSlice } from './types.js';

/**
 * `connecting` before the first connection, `live` while connected, `reconnecting` right after a loss,
 * `offline` once the loss has lasted (since `lostAtMs`).
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'offline';

export interface ConnectionSlice {
  readonly connection: ConnectionStatus;
  /** Local time the connection was lost, or null while live. */
  readonly lostAtMs: number | null;
  /** Local time the latest fleet data arrived, or null before the first snapshot. */
  readonly lastDataAtMs: number | null;
  setConnection(connection: ConnectionStatus, lostAtMs?: number | null): void;
  noteData(atMs: number): void;
}

export const createConnectionSlice: StoreSlice<ConnectionSlice> = (set) => ({
  connection: 'idle',
  lostAtMs: null,
  lastDataAtMs: null,
  setConnection: (connection, lostAtMs = null) => set({ connection, lostAtMs: connection === 'live' ? null : lostAtMs }),
  noteData: (atMs) => set({ lastDataAtMs: atMs }),
});
