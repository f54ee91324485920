/**
 * The filtered devices for React, at most a few times a second: the FleetView and the model change up
 * to ten times a second at 100,000 devices, and a list or a count does not need to redraw that often.
 */
import { useEffect, useState } from 'react';
import { fleetModel } from '../sync/fleet-controller.js';
import { fleetView } from './fleet-view-instance.js';

export const LIST_REFRESH_MS = 250;

/** Re-reads `read` after fleet or filter changes, at most once per `refreshMs`. */
function useThrottledFleet<Value>(read: (previous: Value | null) => Value, refreshMs: number): Value {
  const [value, setValue] = useState<Value>(() => read(null));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastAt = 0;
    const refresh = () => {
      timer = null;
      lastAt = performance.now();
      setValue(read);
    };
    const schedule = () => {
      if (timer === null) timer = setTimeout(refresh, Math.max(0, lastAt + refreshMs - performance.now()));
    };
    // Whatever changed between the first render and this effect is picked up at once.
    schedule();
    const stopView = fleetView.subscribe(schedule);
    const stopModel = fleetModel.subscribe(schedule);
    return () => {
      stopView();
      stopModel();
      if (timer !== null) clearTimeout(timer);
    };
  }, [read, refreshMs]);
  return value;
}

export interface FleetList {
  /** Model indices of the shown devices, ascending. */
  readonly indices: Uint32Array;
  readonly total: number;
  readonly viewRevision: number;
  /** Changes on every refresh, so rows re-read live values (state, battery, age). */
  readonly modelRevision: number;
}

function readList(previous: FleetList | null): FleetList {
  // Listing the shown indices walks every device: only when the shown set changed.
  const isSame = previous !== null && previous.viewRevision === fleetView.revision && previous.total === fleetModel.count;
  return { indices: isSame ? previous.indices : fleetView.shownIndices(), total: fleetModel.count, viewRevision: fleetView.revision, modelRevision: fleetModel.revision };
}

export function useFleetList(refreshMs: number = LIST_REFRESH_MS): FleetList {
  return useThrottledFleet(readList, refreshMs);
}

export interface ShownCount {
  readonly shown: number;
  readonly total: number;
}

function readCount(previous: ShownCount | null): ShownCount {
  const shown = fleetView.shownCount;
  const total = fleetModel.count;
  // The same object when nothing changed, so React skips the render.
  return previous && previous.shown === shown && previous.total === total ? previous : { shown, total };
}

export function useShownCount(refreshMs: number = LIST_REFRESH_MS): ShownCount {
  return useThrottledFleet(readCount, refreshMs);
}
