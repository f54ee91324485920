/**
 * What the pointer is over on the map, for the tooltip: set by the canvas layer at most once a frame,
 * read by React through useSyncExternalStore. Outside the store: it changes with every mouse move.
 */
import { useSyncExternalStore } from 'react';

export type HoverTarget =
  | { readonly kind: 'device'; readonly index: number; readonly deviceId: string; readonly x: number; readonly y: number }
  | {
      readonly kind: 'cluster';
      readonly size: number;
      /** Counts by breakdown bucket (status code, or the stale bucket). */
      readonly breakdown: readonly number[];
      readonly x: number;
      readonly y: number;
      readonly radius: number;
    };

function isSame(first: HoverTarget | null, second: HoverTarget | null): boolean {
  if (first === null || second === null) return first === second;
  if (first.x !== second.x || first.y !== second.y) return false;
  if (first.kind === 'device' && second.kind === 'device') return first.index === second.index && first.deviceId === second.deviceId;
  if (first.kind === 'cluster' && second.kind === 'cluster') return first.size === second.size && first.breakdown.every((count, bucket) => count === second.breakdown[bucket]);
  return false;
}

export class HoverState {
  private target: HoverTarget | null = null;
  private readonly listeners = new Set<() => void>();

  readonly get = (): HoverTarget | null => this.target;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  set(target: HoverTarget | null): void {
    if (isSame(this.target, target)) return;
    this.target = target;
    for (const listener of this.listeners) listener();
  }
}

export const hoverState = new HoverState();

export function useHoverTarget(): HoverTarget | null {
  return useSyncExternalStore(hoverState.subscribe, hoverState.get);
}
