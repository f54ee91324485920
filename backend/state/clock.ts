/**
 * A device's clock offset (device clock minus backend clock), estimated from its live messages.
 *
 * Each message gives `deviceTime − receivedAt = offset − network delay`, and a delay is never negative,
 * so every sample is a lower bound of the true offset. The least-delayed message is the best one: the
 * estimate is the largest sample received in the last ten minutes. A slow link or a queue flushed late
 * only gives smaller samples, which never win; and since the window is one maximum per 30 s of receive
 * time, a burst of thousands of late messages fills one slot, not the whole window. A clock that is set
 * back is followed within the window.
 */

export const CLOCK_WINDOW_MS = 10 * 60_000;
const SLOT_MS = 30_000;

interface Slot {
  readonly startMs: number;
  maxSampleMs: number;
}

export class ClockEstimator {
  readonly #slots: Slot[] = [];

  /** One live message: its `deviceMs − receivedAtMs`, and when it was received. */
  add(sampleMs: number, receivedAtMs: number): void {
    if (!Number.isFinite(sampleMs) || !Number.isFinite(receivedAtMs)) return;
    const startMs = Math.floor(receivedAtMs / SLOT_MS) * SLOT_MS;
    const last = this.#slots.at(-1);
    // The backend's clock hardly goes back; if it does, the sample joins the latest slot.
    if (last && startMs <= last.startMs) {
      last.maxSampleMs = Math.max(last.maxSampleMs, sampleMs);
      return;
    }
    this.#slots.push({ startMs, maxSampleMs: sampleMs });
    while ((this.#slots[0]?.startMs ?? startMs) <= startMs - CLOCK_WINDOW_MS) this.#slots.shift();
  }

  /** Milliseconds; null until the device has sent a live message with its time. */
  estimate(): number | null {
    if (this.#slots.length === 0) return null;
    return Math.round(Math.max(...this.#slots.map((slot) => slot.maxSampleMs)));
  }
}
