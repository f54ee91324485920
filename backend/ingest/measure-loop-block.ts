/**
 * How long history writes hold the backend's event loop: ingest takes a burst of car states on PGlite
 * while a 100 ms timer stands in for the console hub's delta window (DELTA_WINDOW_MS). Prints the
 * loop's longest block, the timer's longest gap and its worst second. A measurement, not a test:
 *
 *   npx tsx backend/ingest/measure-loop-block.ts [--messages 20000] [--devices 2000] [--thread worker|main]
 *
 * `--thread main` runs PGlite on the event loop (as before it moved to a worker) for comparison.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { createStateCache } from '../state/index.js';
import { carStateMessage, createTestInventory, insertDevices, testCarState, testDevice } from '../state/test-support.js';
import type { Database } from '../store/database.js';
import { migrate } from '../store/migrate.js';
import { openPGliteInProcess } from '../store/pglite.js';
import { openPGlite } from '../store/pglite-thread.js';
import { createIngest } from './index.js';

const TIMER_MS = 100;
/** Messages handed to ingest per turn of the loop, as a gateway would when a burst arrives. */
const CHUNK = 500;

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    devices: { type: 'string', default: '2000' },
    thread: { type: 'string', default: 'worker' },
  },
});
const messageCount = Number(values.messages);
const deviceCount = Number(values.devices);
const isOnMainThread = values.thread === 'main';
const logger = pino({ level: 'warn' });
const milliseconds = (nanoseconds: number) => (nanoseconds / 1e6).toFixed(1);

/** Ticks of a `TIMER_MS` interval: the longest gap between two, and the fewest in any whole second. */
function watchTimer() {
  const ticks: number[] = [performance.now()];
  const timer = setInterval(() => ticks.push(performance.now()), TIMER_MS);
  return {
    stop() {
      clearInterval(timer);
      const end = performance.now();
      let longestGapMs = 0;
      for (let index = 1; index < ticks.length; index++) longestGapMs = Math.max(longestGapMs, (ticks[index] ?? 0) - (ticks[index - 1] ?? 0));
      let fewestPerSecond = Number.POSITIVE_INFINITY;
      for (let start = ticks[0] ?? 0; start + 1000 <= end; start += 1000) {
        fewestPerSecond = Math.min(fewestPerSecond, ticks.filter((tick) => tick > start && tick <= start + 1000).length);
      }
      return { longestGapMs, fewestPerSecond: Number.isFinite(fewestPerSecond) ? fewestPerSecond : null };
    },
  };
}

const dataDir = await mkdtemp(join(tmpdir(), 'cyberponies-loop-'));
const openStarted = performance.now();
const db: Database = isOnMainThread ? await openPGliteInProcess(dataDir) : await openPGlite(dataDir);
const openedMs = performance.now() - openStarted;
await migrate(db, logger);
const migratedMs = performance.now() - openStarted;
const devices = Array.from({ length: deviceCount }, (_, index) => testDevice(`car-${index + 1}`, 'car'));
await insertDevices(db, devices);

const state = createStateCache({ db, inventory: createTestInventory(devices), logger });
await state.load();
const ingest = createIngest({ db, state, logger });

const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
const timer = watchTimer();
const started = performance.now();
// The burst's own cost on the loop (making and accepting messages), to tell it from history's.
let longestChunkMs = 0;
for (let sent = 0; sent < messageCount; sent += CHUNK) {
  const chunkStarted = performance.now();
  for (let index = sent; index < Math.min(messageCount, sent + CHUNK); index++) {
    const device = devices[index % deviceCount];
    if (device) ingest.accept(carStateMessage(testCarState(device.id, Math.floor(index / deviceCount) + 1)));
  }
  longestChunkMs = Math.max(longestChunkMs, performance.now() - chunkStarted);
  await new Promise((resolve) => setImmediate(resolve));
}
await ingest.flush();
await state.flush();
const elapsedMs = performance.now() - started;
delay.disable();
const timed = timer.stop();

const stats = ingest.stats();
console.log(`PGlite on the ${isOnMainThread ? 'main thread' : 'worker thread'}: ${messageCount} car states from ${deviceCount} cars`);
console.log(`  open ${openedMs.toFixed(0)} ms, open + migrate ${migratedMs.toFixed(0)} ms`);
console.log(`  history written: ${stats.written} rows in ${elapsedMs.toFixed(0)} ms (${Math.round(stats.written / (elapsedMs / 1000))} rows/s), dropped ${stats.dropped}`);
console.log(`  event loop delay: max ${milliseconds(delay.max)} ms, p99 ${milliseconds(delay.percentile(99))} ms, mean ${milliseconds(delay.mean)} ms`);
console.log(`  longest turn spent accepting ${CHUNK} messages: ${longestChunkMs.toFixed(1)} ms`);
console.log(`  ${TIMER_MS} ms timer: longest gap ${timed.longestGapMs.toFixed(0)} ms, fewest ticks in a second ${timed.fewestPerSecond ?? 'n/a (under 1 s)'}`);

await ingest.close();
await state.close();
await db.close();
await rm(dataDir, { recursive: true, force: true });
