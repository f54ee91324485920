/** The box selection as the painter needs it: one byte per device, and a capped list to draw over clusters. */
import type { FleetModel } from '../sync/fleet-model.js';

/** Box-selected devices drawn over clusters at most; the bar still counts them all. */
const MAX_DRAWN_OVER_CLUSTERS = 3000;

export class BoxMarks {
  ids: readonly string[] = [];
  /** 1 for each box-selected device, by index. */
  mask = new Uint8Array(0);
  indices = new Int32Array(0);

  get isEmpty(): boolean {
    return this.ids.length === 0;
  }

  set(ids: readonly string[], model: Pick<FleetModel, 'count' | 'indexOf'>): void {
    this.ids = ids;
    this.reindex(model);
  }

  /** Device indices change with every snapshot. */
  reindex(model: Pick<FleetModel, 'count' | 'indexOf'>): void {
    if (this.mask.length !== model.count) this.mask = new Uint8Array(model.count);
    else this.mask.fill(0);
    const indices: number[] = [];
    for (const id of this.ids) {
      const index = model.indexOf(id);
      if (index < 0) continue;
      this.mask[index] = 1;
      if (indices.length < MAX_DRAWN_OVER_CLUSTERS) indices.push(index);
    }
    this.indices = Int32Array.from(indices);
  }
}
