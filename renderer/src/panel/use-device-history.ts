/**
 * The selected device's history over the chosen window, for its charts; asked again as the device
 * changes, but rarely: a chart bucket is many seconds wide.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceSeries } from '../../../shared/device-history.js';
import type { FleetController } from '../sync/fleet-controller.js';
import { CHART_POINTS, chartRange, type ChartWindowId } from './chart-series.js';
import { onDeviceChange } from './device-changes.js';
import { createThrottle, type Throttle } from './refresh-throttle.js';

const REFRESH_INTERVAL_MS = 15_000;

export interface HistoryState {
  /** The latest answer for this device and window; kept while a newer one is asked for. */
  readonly series: DeviceSeries | null;
  readonly isLoading: boolean;
  readonly error: string | null;
}

export interface DeviceHistory extends HistoryState {
  retry(): void;
}

const INITIAL: HistoryState = { series: null, isLoading: true, error: null };

export function useDeviceHistory(controller: FleetController, deviceId: string, windowId: ChartWindowId): DeviceHistory {
  const key = `${deviceId}|${windowId}`;
  const [state, setState] = useState<HistoryState & { readonly key: string }>({ ...INITIAL, key });
  const throttleRef = useRef<Throttle | null>(null);

  useEffect(() => {
    let isCurrent = true;
    const throttle = createThrottle(async () => {
      const range = chartRange(windowId, controller.model.serverNow());
      const answer = await controller.request('device:history', { deviceId, ...range, points: CHART_POINTS });
      if (!isCurrent) return;
      setState((previous) =>
        answer.ok ? { key, series: answer.value, isLoading: false, error: null } : { ...(previous.key === key ? previous : INITIAL), key, isLoading: false, error: answer.error.message },
      );
    }, REFRESH_INTERVAL_MS);
    throttleRef.current = throttle;
    throttle.runNow();
    const unsubscribe = onDeviceChange(controller.model, deviceId, throttle.request);
    return () => {
      isCurrent = false;
      unsubscribe();
      throttle.dispose();
      throttleRef.current = null;
    };
  }, [controller, deviceId, windowId, key]);

  const retry = useCallback(() => throttleRef.current?.runNow(), []);
  const current = state.key === key ? state : INITIAL;
  return { ...current, retry };
}
