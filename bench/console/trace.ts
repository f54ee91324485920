/**
 * Where Chromium's threads spent a few seconds, from a DevTools timeline trace: how busy each thread was
 * (the renderer's main thread, its compositor and raster workers, the GPU process's display compositor),
 * and, on the page's main thread, the self time of each kind of work (script, style, layout, paint,
 * canvas, garbage collection…). This names what the CPU profile lumps together as "(program)".
 */
import { z } from 'zod';

/** The timeline categories DevTools' Performance panel records, without screenshots. */
export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame', 'toplevel', 'v8', 'v8.execute', 'blink', 'cc', 'viz', 'gpu'];

const eventSchema = z.object({
  name: z.string(),
  ph: z.string(),
  pid: z.number(),
  tid: z.number(),
  ts: z.number().optional(),
  dur: z.number().optional(),
  args: z.object({ name: z.string().optional() }).passthrough().optional(),
});
const traceSchema = z.union([z.object({ traceEvents: z.array(z.unknown()) }), z.array(z.unknown())]);

export interface ThreadBusy {
  readonly thread: string;
  readonly busyMs: number;
  /** Busy time over the traced seconds, as % of one core. */
  readonly percent: number;
}

export interface WorkKind {
  readonly name: string;
  readonly selfMs: number;
  readonly percent: number;
  /** How many times it ran per second (a canvas produced, a frame committed…). */
  readonly perSecond: number;
}

export interface TraceSummary {
  readonly seconds: number;
  readonly threads: readonly ThreadBusy[];
  /** The page's main thread (the busiest CrRendererMain), by kind of work, self time. */
  readonly mainThread: readonly WorkKind[];
}

interface Slice {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

export function summariseTrace(bytes: Buffer, top = 15): TraceSummary {
  const parsed = traceSchema.parse(JSON.parse(bytes.toString('utf8')));
  const raw = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const processNames = new Map<number, string>();
  const threadNames = new Map<string, string>();
  const slices = new Map<string, Slice[]>();
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const item of raw) {
    const event = eventSchema.safeParse(item);
    if (!event.success) continue;
    const { name, ph, pid, tid, ts, dur, args } = event.data;
    const thread = `${pid}:${tid}`;
    if (ph === 'M' && name === 'process_name' && args?.name) processNames.set(pid, args.name);
    if (ph === 'M' && name === 'thread_name' && args?.name) threadNames.set(thread, args.name);
    if (ph !== 'X' || ts === undefined || dur === undefined) continue;
    first = Math.min(first, ts);
    last = Math.max(last, ts + dur);
    const list = slices.get(thread) ?? [];
    list.push({ name, start: ts, end: ts + dur });
    slices.set(thread, list);
  }
  const seconds = Math.max(0, last - first) / 1e6;
  const labelOf = (thread: string) => `${processNames.get(Number(thread.split(':')[0])) ?? '?'} / ${threadNames.get(thread) ?? thread}`;

  const busy = new Map<string, number>();
  const selfByThread = new Map<string, Map<string, number>>();
  const countByThread = new Map<string, Map<string, number>>();
  for (const [thread, list] of slices) {
    list.sort((left, right) => left.start - right.start || right.end - left.end);
    const self = new Map<string, number>();
    const counts = new Map<string, number>();
    for (const slice of list) counts.set(slice.name, (counts.get(slice.name) ?? 0) + 1);
    // Slices on one thread nest: a slice's self time is its length less its children's.
    const stack: { slice: Slice; childMs: number }[] = [];
    let busyUs = 0;
    const close = (until: number) => {
      while (stack.length > 0 && (stack.at(-1)?.slice.end ?? 0) <= until) {
        const done = stack.pop();
        if (!done) break;
        const length = done.slice.end - done.slice.start;
        self.set(done.slice.name, (self.get(done.slice.name) ?? 0) + Math.max(0, length - done.childMs));
        const parent = stack.at(-1);
        if (parent) parent.childMs += length;
        else busyUs += length;
      }
    };
    for (const slice of list) {
      close(slice.start);
      stack.push({ slice, childMs: 0 });
    }
    close(Number.POSITIVE_INFINITY);
    busy.set(thread, busyUs);
    selfByThread.set(thread, self);
    countByThread.set(thread, counts);
  }
  const threads = [...busy.entries()]
    .sort((left, right) => right[1] - left[1])
    .slice(0, 8)
    .map(([thread, us]) => ({ thread: labelOf(thread), busyMs: round(us / 1000), percent: round((us / 1e6 / Math.max(seconds, 1e-9)) * 100) }));
  const main = [...busy.entries()].filter(([thread]) => threadNames.get(thread) === 'CrRendererMain').sort((left, right) => right[1] - left[1])[0]?.[0];
  const mainSelf = (main ? selfByThread.get(main) : undefined) ?? new Map<string, number>();
  const mainCounts = (main ? countByThread.get(main) : undefined) ?? new Map<string, number>();
  const perSecond = (name: string) => round((mainCounts.get(name) ?? 0) / Math.max(seconds, 1e-9));
  const mainThread = [...mainSelf.entries()]
    .sort((left, right) => right[1] - left[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, selfMs: round(us / 1000), percent: round((us / 1e6 / Math.max(seconds, 1e-9)) * 100), perSecond: perSecond(name) }));
  return { seconds: round(seconds), threads, mainThread };
}
