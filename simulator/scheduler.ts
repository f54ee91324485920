/**
 * One queue of timed work for the whole fleet, run from one shared timer: thousands of devices cost one
 * setInterval, not thousands of setTimeouts. A binary min-heap ordered by due time (then by insertion, so
 * equal times run first-in first-out).
 */

interface Entry {
  readonly dueMs: number;
  readonly order: number;
  readonly run: () => void;
}

export class Scheduler {
  readonly #heap: Entry[] = [];
  #order = 0;
  /** The time runDue was last called with, so repeating work can tell when it has fallen behind. */
  #nowMs = -Infinity;

  get size(): number {
    return this.#heap.length;
  }

  schedule(dueMs: number, run: () => void): void {
    const heap = this.#heap;
    heap.push({ dueMs, order: this.#order++, run });
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.#isBefore(index, parent)) break;
      this.#swap(index, parent);
      index = parent;
    }
  }

  /**
   * Runs `run` at `firstDueMs` and then every `periodMs()` after it, on a fixed cadence (no drift), until
   * it returns false. A run that fell more than a period behind (a stalled loop) starts a fresh cadence
   * instead of catching up in a burst.
   */
  every(firstDueMs: number, periodMs: () => number, run: () => boolean): void {
    const step = (dueMs: number): void => {
      if (!run()) return;
      const period = Math.max(1, periodMs());
      const nextDueMs = dueMs + period < this.#nowMs ? this.#nowMs + period : dueMs + period;
      this.schedule(nextDueMs, () => step(nextDueMs));
    };
    this.schedule(firstDueMs, () => step(firstDueMs));
  }

  /** Runs everything due at `nowMs`, including work that this work schedules for no later than now. */
  runDue(nowMs: number): number {
    this.#nowMs = nowMs;
    let count = 0;
    for (let top = this.#heap[0]; top !== undefined && top.dueMs <= nowMs; top = this.#heap[0]) {
      this.#pop();
      top.run();
      count++;
    }
    return count;
  }

  clear(): void {
    this.#heap.length = 0;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    heap[0] = last;
    let index = 0;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && this.#isBefore(left, smallest)) smallest = left;
      if (right < heap.length && this.#isBefore(right, smallest)) smallest = right;
      if (smallest === index) return;
      this.#swap(index, smallest);
      index = smallest;
    }
  }

  #isBefore(first: number, second: number): boolean {
    const a = this.#heap[first];
    const b = this.#heap[second];
    if (!a || !b) return false;
    return a.dueMs < b.dueMs || (a.dueMs === b.dueMs && a.order < b.order);
  }

  #swap(first: number, second: number): void {
    const heap = this.#heap;
    const a = heap[first];
    const b = heap[second];
    if (!a || !b) return;
    heap[first] = b;
    heap[second] = a;
  }
}

/** A device's place in a period, spread evenly over the fleet by the golden ratio, so sends never bunch up. */
export function phaseMs(index: number, periodMs: number): number {
  return ((index * 0.618_033_988_749_895) % 1) * periodMs;
}
