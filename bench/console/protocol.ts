/**
 * What the benchmark and its backend process say to each other over Node's IPC channel. The backend is
 * another program, so both directions are parsed, not trusted.
 */
import { z } from 'zod';

export const feedSetupSchema = z.object({
  dataDir: z.string(),
  /** A PostgreSQL URL (its own schema), or null for the embedded PGlite. */
  databaseUrl: z.string().nullable(),
  adminPassword: z.string(),
  fleet: z.object({ seed: z.number().int(), stations: z.number().int(), cars: z.number().int(), chargePoints: z.number().int() }),
  /** Device messages per second applied to the state cache. */
  rate: z.number().nonnegative(),
  tickMs: z.number().positive(),
  /** Open alarms raised at start (see options.ts). */
  alarms: z.number().int().nonnegative(),
  outlineGeojson: z.string().nullable(),
  /** The built console to serve: a copy, so that a rebuild meanwhile does not change it under the runs. */
  consoleDir: z.string(),
  /** The base-map tile (PNG, base64) the backend's process serves for every z/x/y. */
  tilePng: z.string(),
});
export type FeedSetup = z.infer<typeof feedSetupSchema>;

export const toFeedSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('setup'), setup: feedSetupSchema }),
  z.object({ type: z.literal('report') }),
  z.object({ type: z.literal('stop') }),
]);
export type ToFeed = z.infer<typeof toFeedSchema>;

export const feedReportSchema = z.object({
  type: z.literal('report'),
  atMs: z.number(),
  /** Messages the feeder's schedule called for, and those that became a device's current state. */
  offered: z.number(),
  applied: z.number(),
  /** Milliseconds the feeder itself spent: its share of the backend's core. */
  feederBusyMs: z.number(),
  /** The hub's delta version: deltas sent since the start. */
  hubVersion: z.number(),
  /** The backend's event-loop delay since the last report. */
  loopDelayP99Ms: z.number(),
  rssBytes: z.number(),
});
export type FeedReport = z.infer<typeof feedReportSchema>;

export const fromFeedSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    httpUrl: z.string(),
    /** Seconds to create the store, provision the fleet and bring it online. */
    provisionSeconds: z.number(),
    devices: z.number(),
  }),
  feedReportSchema,
  z.object({ type: z.literal('stopped') }),
  z.object({ type: z.literal('failure'), message: z.string() }),
]);
export type FromFeed = z.infer<typeof fromFeedSchema>;
