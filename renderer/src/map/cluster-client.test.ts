import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildClusters, HIDDEN_BUCKET } from './cluster-grid.js';
import { ClusterClient, RECLUSTER_INTERVAL_MS, type ClusterSource, type ClusterWorkerPort } from './cluster-client.js';
import type { ClusterRequest, ClusterResponse } from './cluster-protocol.js';

const OPTIONS = { cellPx: 80, mergePx: 44, minClusterSize: 3 } as const;

/** A worker that answers only when the test says so, the way a real one answers some time later. */
class FakeWorker implements ClusterWorkerPort {
  readonly requests: ClusterRequest[] = [];
  readonly transferred: ArrayBuffer[][] = [];
  private onMessage: ((event: MessageEvent<ClusterResponse>) => void) | null = null;
  private onError: ((event: Event) => void) | null = null;

  postMessage(message: ClusterRequest, options: { transfer: Transferable[] }): void {
    this.requests.push(message);
    this.transferred.push(options.transfer.filter((item): item is ArrayBuffer => item instanceof ArrayBuffer));
  }

  addEventListener(type: 'message', listener: (event: MessageEvent<ClusterResponse>) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<ClusterResponse>) => void) & ((event: Event) => void)): void {
    if (type === 'message') this.onMessage = listener;
    else this.onError = listener;
  }

  terminate(): void {}

  answer(): void {
    const request = this.requests.at(-1);
    if (!request || !this.onMessage) throw new Error('nothing to answer');
    const clusters = buildClusters(request, request.options);
    this.onMessage(new MessageEvent('message', { data: { id: request.id, clusters, buildMs: 1, x: request.x, y: request.y, bucket: request.bucket } }));
  }

  fail(): void {
    this.onError?.(new Event('error'));
  }
}

function source(count: number): ClusterSource & { fills: number } {
  return {
    fills: 0,
    deviceCount: () => count,
    fill(x, y, bucket) {
      this.fills++;
      for (let index = 0; index < count; index++) {
        x[index] = 0.5 + index * 1e-7;
        y[index] = 0.5;
        bucket[index] = index % 10 === 0 ? HIDDEN_BUCKET : 1;
      }
    },
  };
}

describe('ClusterClient', () => {
  let now = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 0;
  });
  afterEach(() => vi.useRealTimers());
  const clock = () => now;
  const advance = (ms: number) => {
    now += ms;
    vi.advanceTimersByTime(ms);
  };

  it('sends the first request at once, with typed arrays transferred rather than copied', () => {
    const worker = new FakeWorker();
    const client = new ClusterClient(source(100), () => undefined, () => worker, clock);
    client.want({ zoom: 12, ...OPTIONS });
    expect(worker.requests).toHaveLength(1);
    const [request] = worker.requests;
    expect(request?.x).toBeInstanceOf(Float64Array);
    expect(worker.transferred[0]).toHaveLength(3);
    expect(client.isPending).toBe(true);
    worker.answer();
    expect(client.latest?.shownCount).toBe(90);
    expect(client.isPending).toBe(false);
  });

  it('keeps one request in flight and sends data changes at most every interval', () => {
    const worker = new FakeWorker();
    const updates: number[] = [];
    const client = new ClusterClient(source(100), () => updates.push(now), () => worker, clock);
    client.want({ zoom: 12, ...OPTIONS });
    // Data keeps changing while the worker works: nothing more is sent until it answers.
    for (let step = 0; step < 5; step++) {
      advance(20);
      client.want({ zoom: 12, ...OPTIONS });
    }
    expect(worker.requests).toHaveLength(1);
    worker.answer();
    expect(worker.requests).toHaveLength(1);
    advance(RECLUSTER_INTERVAL_MS - 101);
    expect(worker.requests).toHaveLength(1);
    advance(1);
    expect(worker.requests).toHaveLength(2);
    worker.answer();
    expect(updates).toEqual([100, RECLUSTER_INTERVAL_MS]);
    // Nothing changed since: nothing is sent.
    advance(RECLUSTER_INTERVAL_MS * 3);
    expect(worker.requests).toHaveLength(2);
  });

  it('asks at once for a new zoom, and again as soon as a request for an old zoom comes back', () => {
    const worker = new FakeWorker();
    const client = new ClusterClient(source(100), () => undefined, () => worker, clock);
    client.want({ zoom: 12, ...OPTIONS });
    worker.answer();
    advance(10);
    client.want({ zoom: 13, ...OPTIONS });
    expect(worker.requests.map((request) => request.options.zoom)).toEqual([12, 13]);
    client.want({ zoom: 14, ...OPTIONS });
    expect(worker.requests).toHaveLength(2);
    worker.answer();
    // The zoom-13 clusters are drawn meanwhile, and zoom 14 is asked for without waiting for the interval.
    expect(client.latest?.zoom).toBe(13);
    expect(worker.requests.map((request) => request.options.zoom)).toEqual([12, 13, 14]);
  });

  it('reuses the arrays the worker hands back', () => {
    const worker = new FakeWorker();
    const client = new ClusterClient(source(100), () => undefined, () => worker, clock);
    client.want({ zoom: 12, ...OPTIONS });
    const first = worker.requests[0];
    worker.answer();
    client.want({ zoom: 13, ...OPTIONS });
    expect(worker.requests[1]?.x).toBe(first?.x);
  });

  it('builds on the main thread, outside the caller, when no worker can start or the worker fails', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const updates: number[] = [];
    const withoutWorker = new ClusterClient(source(50), () => updates.push(1), () => null, clock);
    withoutWorker.want({ zoom: 12, ...OPTIONS });
    expect(withoutWorker.latest).toBeNull();
    advance(0);
    expect(withoutWorker.latest?.shownCount).toBe(45);

    const worker = new FakeWorker();
    const failing = new ClusterClient(source(50), () => undefined, () => worker, clock);
    failing.want({ zoom: 12, ...OPTIONS });
    worker.fail();
    advance(0);
    expect(failing.latest?.shownCount).toBe(45);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/worker failed/i), expect.anything());
  });
});
