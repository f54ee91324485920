/** Messages between the map and its cluster worker: typed arrays only, transferred, never copied per device. */
import type { ClusterOptions, ClusterSet } from './cluster-grid.js';

export interface ClusterRequest {
  readonly id: number;
  readonly options: ClusterOptions;
  readonly count: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly bucket: Uint8Array;
}

export interface ClusterResponse {
  readonly id: number;
  readonly clusters: ClusterSet;
  /** How long the worker took to build them. */
  readonly buildMs: number;
  /** The request's arrays, handed back so the next request reuses them. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly bucket: Uint8Array;
}

/** Every buffer a message carries, to transfer rather than copy. */
export function transferablesOf(message: ClusterRequest | ClusterResponse): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [message.x, message.y, message.bucket];
  if ('clusters' in message) {
    const { clusters } = message;
    arrays.push(clusters.x, clusters.y, clusters.size, clusters.breakdown, clusters.bounds, clusters.singles, clusters.alarmCount, clusters.alarmLevel);
  }
  const buffers = new Set<ArrayBuffer>();
  for (const array of arrays) if (array.buffer instanceof ArrayBuffer && array.buffer.byteLength > 0) buffers.add(array.buffer);
  return [...buffers];
}
