/** Items that changed, pushed to consoles once per window of DELTA_WINDOW_MS, each once in its newest form. */
import { DELTA_WINDOW_MS } from '../../shared/console-api.js';

export function createBatchedPushes<Item>(
  subscribe: (listener: (item: Item) => void) => () => void,
  keyOf: (item: Item) => string | number,
  push: (items: Item[]) => void,
): { close(): void } {
  let pending = new Map<string | number, Item>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const batch = [...pending.values()];
    pending = new Map();
    if (batch.length > 0) push(batch);
  };
  const stop = subscribe((item) => {
    pending.set(keyOf(item), item);
    timer ??= setTimeout(flush, DELTA_WINDOW_MS);
  });
  return {
    close() {
      stop();
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
