/**
 * The benchmark's eyes inside the page, installed before the console's own scripts run. It costs the
 * page one requestAnimationFrame callback and one WebSocket message listener: frame start times while a
 * window is open, long tasks, the fleet:delta rows that arrive (read from each binary frame's header,
 * without decoding it), and the moments from login to a fully drawn fleet.
 *
 * This file is type-checked without DOM types (bench/ runs in Node), so the probe names the few browser
 * objects it uses in ProbeScope and gets them as a parameter: in the page, that is globalThis.
 */

export interface ProbeSettings {
  readonly expectedDevices: number;
  /** Frame times kept per window, at most. */
  readonly maxFrames: number;
}

export interface ProbeMarks {
  /** performance.now() in the page when the login form was submitted. */
  readonly submitAtMs: number | null;
  /** The console hub's WebSocket opened. */
  readonly socketOpenAtMs: number | null;
  /** The snapshot's text frame arrived, then the last of its binary parts (catalogue, columns). */
  readonly snapshotTextAtMs: number | null;
  readonly snapshotAtMs: number | null;
  /** Characters of the snapshot's text frame and bytes of its binary parts. */
  readonly snapshotTextLength: number | null;
  readonly snapshotBinaryBytes: number | null;
  /** First frame in which the console held every device. */
  readonly allDevicesAtMs: number | null;
  /** The canvas showed them: reported by the map, or else the frame after all devices were held and the canvas existed. */
  readonly drawnAtMs: number | null;
  readonly drawnBy: 'map' | 'nextFrame' | null;
}

/** A frame of 50 ms or more, as Chromium's Long Animation Frames API tells it: what scripts ran in it. */
export interface LongFrame {
  readonly startMs: number;
  readonly durationMs: number;
  /** From the frame's start to its rendering (style, layout, paint); the rest of the frame came after. */
  readonly renderStartMs: number;
  readonly scripts: readonly { readonly name: string; readonly durationMs: number }[];
}

export interface ProbeWindow {
  readonly seconds: number;
  /** rAF start times, in ms of performance.now(). */
  readonly frameTimesMs: readonly number[];
  readonly longTasks: readonly { readonly startMs: number; readonly durationMs: number }[];
  /** At most MAX_LONG_FRAMES. */
  readonly longFrames: readonly LongFrame[];
  readonly deltas: number;
  readonly deltaRows: number;
  /** Bytes of delta columns received. */
  readonly deltaBytes: number;
}

interface MessageLike {
  readonly data: unknown;
}
interface SocketLike {
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: MessageLike) => void): void;
}
type SocketClass = new (url: string, protocols?: string | string[]) => SocketLike;
interface EntryLike {
  readonly startTime: number;
  readonly duration: number;
  /** Long animation frames only. */
  readonly renderStart?: number;
  readonly scripts?: readonly {
    readonly invoker: string;
    readonly sourceFunctionName: string;
    readonly sourceURL: string;
    readonly sourceCharPosition: number;
    readonly duration: number;
  }[];
}
type ObserverClass = new (callback: (list: { getEntries(): readonly EntryLike[] }) => void) => { observe(options: { type: string; buffered?: boolean }): void };
interface FleetHookLike {
  deviceCount(): number;
  revision?(): number;
  drawnRevision?(): number;
}

export interface ProbeApi {
  marks(): ProbeMarks;
  openWindow(): void;
  takeWindow(): ProbeWindow;
}

export interface ProbeScope {
  readonly performance: { now(): number };
  requestAnimationFrame(callback: (time: number) => void): number;
  readonly document: {
    addEventListener(type: 'submit', listener: () => void, capture: boolean): void;
    querySelector(selector: string): unknown;
  };
  WebSocket: SocketClass;
  readonly PerformanceObserver: ObserverClass;
  readonly __cyberponiesFleet?: FleetHookLike;
  __consoleBench?: ProbeApi;
}

/** Runs in the page: self-contained, no imports, nothing from the closure. */
export function installProbe(scope: ProbeScope, settings: ProbeSettings): void {
  const now = () => scope.performance.now();
  const marks: { -readonly [K in keyof ProbeMarks]: ProbeMarks[K] } = {
    submitAtMs: null,
    socketOpenAtMs: null,
    snapshotTextAtMs: null,
    snapshotAtMs: null,
    snapshotTextLength: null,
    snapshotBinaryBytes: null,
    allDevicesAtMs: null,
    drawnAtMs: null,
    drawnBy: null,
  };
  let frameTimes = new Float64Array(settings.maxFrames);
  let frames = 0;
  let longTasks: { startMs: number; durationMs: number }[] = [];
  let longFrames: LongFrame[] = [];
  const MAX_LONG_FRAMES = 200;
  let deltas = 0;
  let deltaRows = 0;
  let deltaBytes = 0;
  let windowStartMs: number | null = null;
  let frameNumber = 0;
  let allDevicesFrame = -1;
  let revisionAtAllDevices = -1;

  scope.document.addEventListener('submit', () => (marks.submitAtMs ??= now()), true);

  const watchDrawing = () => {
    const hook = scope.__cyberponiesFleet;
    if (!hook || marks.submitAtMs === null) return;
    if (marks.allDevicesAtMs === null) {
      if (hook.deviceCount() !== settings.expectedDevices) return;
      marks.allDevicesAtMs = now();
      allDevicesFrame = frameNumber;
      revisionAtAllDevices = hook.revision?.() ?? -1;
    }
    const drawn = hook.drawnRevision?.() ?? -1;
    if (drawn >= 0 && revisionAtAllDevices >= 0) {
      if (drawn < revisionAtAllDevices) return;
      marks.drawnAtMs = now();
      marks.drawnBy = 'map';
    } else if (frameNumber > allDevicesFrame && scope.document.querySelector('[data-testid="fleet-canvas"]')) {
      marks.drawnAtMs = now();
      marks.drawnBy = 'nextFrame';
    }
  };

  const onFrame = (time: number) => {
    frameNumber++;
    if (windowStartMs !== null && frames < frameTimes.length) frameTimes[frames++] = time;
    if (marks.drawnAtMs === null) watchDrawing();
    scope.requestAnimationFrame(onFrame);
  };
  scope.requestAnimationFrame(onFrame);

  new scope.PerformanceObserver((list) => {
    if (windowStartMs === null) return;
    for (const entry of list.getEntries()) longTasks.push({ startMs: entry.startTime, durationMs: entry.duration });
  }).observe({ type: 'longtask' });

  new scope.PerformanceObserver((list) => {
    if (windowStartMs === null) return;
    for (const entry of list.getEntries()) {
      if (entry.duration < 50 || longFrames.length >= MAX_LONG_FRAMES) continue;
      longFrames.push({
        startMs: entry.startTime,
        durationMs: entry.duration,
        renderStartMs: entry.renderStart ? entry.renderStart - entry.startTime : entry.duration,
        scripts: (entry.scripts ?? []).map((script) => ({
          // An anonymous callback is named by where it starts in its file (minified: look it up in the bundle).
          name: `${script.invoker} → ${script.sourceFunctionName || `${script.sourceURL.split('/').pop() ?? ''}@${script.sourceCharPosition}`}`,
          durationMs: script.duration,
        })),
      });
    }
  }).observe({ type: 'long-animation-frame' });

  // socket.io sends an event with binary parts as a text frame naming the event and counting its parts
  // ("45<parts>-[…]"), then one binary frame per part. A delta's only part is its columns.
  const NativeSocket = scope.WebSocket;
  scope.WebSocket = class extends NativeSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      if (!String(url).includes('/socket.io/')) return;
      let binaryOf: 'delta' | 'snapshot' | null = null;
      let partsLeft = 0;
      this.addEventListener('open', () => (marks.socketOpenAtMs ??= now()));
      this.addEventListener('message', (event) => {
        const data = event.data;
        if (typeof data === 'string') {
          const head = data.slice(0, 80);
          binaryOf = head.includes('"fleet:delta"') ? 'delta' : head.includes('"fleet:snapshot"') ? 'snapshot' : null;
          partsLeft = Number(/^45(\d+)-/.exec(head)?.[1] ?? 0);
          if (binaryOf === 'snapshot' && marks.snapshotTextAtMs === null) {
            marks.snapshotTextAtMs = now();
            marks.snapshotTextLength = data.length;
          }
          return;
        }
        if (!(data instanceof ArrayBuffer) || data.byteLength < 8) return;
        partsLeft--;
        if (binaryOf === 'snapshot' && marks.snapshotAtMs === null) {
          marks.snapshotBinaryBytes = (marks.snapshotBinaryBytes ?? 0) + data.byteLength;
          if (partsLeft <= 0) marks.snapshotAtMs = now();
        } else if (binaryOf === 'delta' && windowStartMs !== null) {
          deltas++;
          deltaRows += new DataView(data).getUint32(4, true);
          deltaBytes += data.byteLength;
        }
        if (partsLeft <= 0) binaryOf = null;
      });
    }
  };

  scope.__consoleBench = {
    marks: () => ({ ...marks }),
    openWindow() {
      frameTimes = new Float64Array(settings.maxFrames);
      frames = 0;
      longTasks = [];
      longFrames = [];
      deltas = 0;
      deltaRows = 0;
      deltaBytes = 0;
      windowStartMs = now();
    },
    takeWindow() {
      const seconds = windowStartMs === null ? 0 : (now() - windowStartMs) / 1000;
      windowStartMs = null;
      return { seconds, frameTimesMs: Array.from(frameTimes.subarray(0, frames)), longTasks, longFrames, deltas, deltaRows, deltaBytes };
    },
  };
}

/**
 * The probe as a script for page.addInitScript. tsx keeps function names with a `__name` helper that
 * the page lacks; a local stand-in serves.
 */
export function probeScript(settings: ProbeSettings): string {
  return `(() => { const __name = (target) => target; (${installProbe.toString()})(globalThis, ${JSON.stringify(settings)}); })();`;
}
