/**
 * A device's past for the console: its readings as series for charts, and its timeline of events, read
 * from history (the telemetry and sensor_transitions tables) with the same SQL on PGlite and PostgreSQL.
 */
export { deviceSeries } from './series.js';
export type { SeriesRequest } from './series.js';
export { deviceTimeline } from './timeline-query.js';
export type { TimelinePage, TimelineRequest } from './timeline-query.js';
export { buildTimeline } from './timeline.js';
export type { TimelineRow, TransactionRecord } from './timeline.js';
export type { HistoryDevice } from './time-window.js';
