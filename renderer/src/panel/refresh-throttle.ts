/**
 * Runs a fetch again when asked, but never more often than once per interval and never two at a time;
 * a request made while one runs is kept and served after it. Used for everything the panel refetches
 * when the selected device changes, which it may do several times a second.
 */
export interface Throttle {
  /** Ask for a run; it happens now, or as soon as the interval allows. */
  request(): void;
  /** Run now, whatever the interval (first load, an operator's explicit ask), unless one is running. */
  runNow(): void;
  dispose(): void;
}

export function createThrottle(run: () => Promise<void>, intervalMs: number): Throttle {
  let isRunning = false;
  let isWanted = false;
  let isDisposed = false;
  let lastRunMs = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const start = () => {
    if (isDisposed) return;
    isWanted = false;
    isRunning = true;
    lastRunMs = Date.now();
    void run()
      .catch(() => undefined)
      .finally(() => {
        isRunning = false;
        if (isWanted) schedule();
      });
  };

  const schedule = () => {
    isWanted = true;
    if (timer !== null || isRunning || isDisposed) return;
    const waitMs = Math.max(0, lastRunMs + intervalMs - Date.now());
    timer = setTimeout(() => {
      timer = null;
      start();
    }, waitMs);
  };

  return {
    request: schedule,
    runNow() {
      if (isRunning) {
        isWanted = true;
        return;
      }
      if (timer !== null) clearTimeout(timer);
      timer = null;
      start();
    },
    dispose() {
      isDisposed = true;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
