import type { BulkCommand, CommandType } from '../../../shared/commands.js';
import type { StoreSlice } from './types.js';

/** Devices picked for one bulk command, resolved to ids when the dialog opened. */
export interface BulkTarget {
  /** "the box selection", "station Paris/Hugo/119", "the filtered devices". */
  readonly description: string;
  readonly deviceIds: readonly string[];
}

/** The latest bulk command sent: enough to show its progress again after its dialog was closed. */
export interface SentBulk {
  readonly batchId: string;
  readonly type: CommandType;
  readonly params: Readonly<Record<string, unknown>>;
  readonly targetDescription: string;
  readonly refused: BulkCommand['refused'];
  /** Server time. */
  readonly sentAtMs: number;
}

export interface CommandsSlice {
  /** The bulk dialog is choosing a command for these devices; null when it is not. */
  readonly bulkTarget: BulkTarget | null;
  readonly latestBulk: SentBulk | null;
  /** The latest bulk command's progress is on screen. */
  readonly isBulkProgressOpen: boolean;
  openBulkCommand(target: BulkTarget): void;
  closeBulkCommand(): void;
  noteBulkSent(bulk: SentBulk): void;
  showBulkProgress(): void;
  forgetBulk(): void;
}

export const createCommandsSlice: StoreSlice<CommandsSlice> = (set) => ({
  bulkTarget: null,
  latestBulk: null,
  isBulkProgressOpen: false,
  openBulkCommand: (bulkTarget) => set({ bulkTarget, isBulkProgressOpen: false }),
  closeBulkCommand: () => set({ bulkTarget: null, isBulkProgressOpen: false }),
  noteBulkSent: (latestBulk) => set({ latestBulk, bulkTarget: null, isBulkProgressOpen: true }),
  showBulkProgress: () => set((state) => ({ isBulkProgressOpen: state.latestBulk !== null, bulkTarget: null })),
  forgetBulk: () => set({ latestBulk: null, isBulkProgressOpen: false }),
});
