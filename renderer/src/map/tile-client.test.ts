import { describe, expect, it } from 'vitest';
import { TileClient, type TileWorkerPort } from './tile-client.js';
import type { TileAnswer, TileRequest } from './tile-protocol.js';

/** Stands in for the tile worker: keeps what it is asked, answers when told. */
class FakeWorker implements TileWorkerPort {
  readonly requests: TileRequest[] = [];
  private onMessage: ((event: MessageEvent<TileAnswer>) => void) | null = null;
  private onError: ((event: Event) => void) | null = null;

  postMessage(message: TileRequest): void {
    this.requests.push(message);
  }

  addEventListener(type: 'message' | 'error', listener: ((event: MessageEvent<TileAnswer>) => void) | ((event: Event) => void)): void {
    if (type === 'message') this.onMessage = listener as (event: MessageEvent<TileAnswer>) => void;
    else this.onError = listener as (event: Event) => void;
  }

  answer(message: TileAnswer): void {
    this.onMessage?.(new MessageEvent('message', { data: message }));
  }

  fail(): void {
    this.onError?.(new Event('error'));
  }
}

const bitmap = { close: () => {} } as unknown as ImageBitmap;

describe('TileClient', () => {
  it('hands back the bitmap the worker made, and says so when the page must load a tile itself', async () => {
    const worker = new FakeWorker();
    const client = new TileClient(worker);
    const made = client.load('https://tiles/1/0/0.png', 'invert(1)', 256, 256, new AbortController().signal);
    const refused = client.load('https://tiles/1/0/1.png', 'invert(1)', 256, 256, new AbortController().signal);
    const broken = client.load('https://tiles/1/1/1.png', 'invert(1)', 256, 256, new AbortController().signal);
    await Promise.resolve();
    // Asked for in one task, sent in one message.
    expect(worker.requests).toEqual([
      {
        type: 'load',
        tiles: [
          { id: 1, url: 'https://tiles/1/0/0.png', filter: 'invert(1)', width: 256, height: 256 },
          { id: 2, url: 'https://tiles/1/0/1.png', filter: 'invert(1)', width: 256, height: 256 },
          { id: 3, url: 'https://tiles/1/1/1.png', filter: 'invert(1)', width: 256, height: 256 },
        ],
      },
    ]);
    worker.answer({ id: 2, error: 'TypeError: Failed to fetch', isRefused: true });
    worker.answer({ id: 1, bitmap });
    worker.answer({ id: 3, error: 'The tile server answered 404', isRefused: false });
    await expect(made).resolves.toBe(bitmap);
    await expect(refused).resolves.toBeNull();
    await expect(broken).rejects.toThrow('404');
  });

  it('tells the worker to stop on a tile the map dropped, and drops its late answer', async () => {
    const worker = new FakeWorker();
    const client = new TileClient(worker);
    const controller = new AbortController();
    const dropped = client.load('https://tiles/2/0/0.png', 'none', 256, 256, controller.signal);
    const droppedAtOnce = client.load('https://tiles/2/0/1.png', 'none', 256, 256, AbortSignal.abort());
    await expect(droppedAtOnce).rejects.toThrow('dropped');
    await Promise.resolve();
    controller.abort();
    await expect(dropped).rejects.toThrow('dropped');
    // The tile dropped before it was sent never reaches the worker.
    expect(worker.requests).toEqual([
      { type: 'load', tiles: [{ id: 1, url: 'https://tiles/2/0/0.png', filter: 'none', width: 256, height: 256 }] },
      { type: 'cancel', id: 1 },
    ]);
    let closed = 0;
    worker.answer({ id: 1, bitmap: { close: () => (closed += 1) } as unknown as ImageBitmap });
    expect(closed).toBe(1);
  });

  it('leaves every tile to the page once the worker has failed, or when there is none', async () => {
    const worker = new FakeWorker();
    const client = new TileClient(worker);
    const waiting = client.load('https://tiles/3/0/0.png', 'none', 256, 256, new AbortController().signal);
    await Promise.resolve();
    worker.fail();
    await expect(waiting).resolves.toBeNull();
    await expect(client.load('https://tiles/3/0/1.png', 'none', 256, 256, new AbortController().signal)).resolves.toBeNull();
    await Promise.resolve();
    expect(worker.requests).toHaveLength(1);
    await expect(new TileClient(null).load('https://tiles/3/1/1.png', 'none', 256, 256, new AbortController().signal)).resolves.toBeNull();
  });
});
