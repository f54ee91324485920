/** How the alarm service waits for escalations and the ends of maintenance windows; tests drive their own (testing.ts). */

export interface AlarmTimer {
  cancel(): void;
}

export interface AlarmTimers {
  start(callback: () => void, delayMs: number): AlarmTimer;
}

/** Node's timers, unreferenced: a pending escalation does not keep the process alive. */
export const realTimers: AlarmTimers = {
  start(callback, delayMs) {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
