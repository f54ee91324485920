/**
 * The selected device's detail from the backend, fetched on selection and again when the fleet says the
 * device changed, at most once a second.
 */
import { useEffect, useState } from 'react';
import type { DeviceDetail } from '../../../shared/device-detail.js';
import type { FleetController } from '../sync/fleet-controller.js';
import { onDeviceChange } from './device-changes.js';
import { createThrottle } from './refresh-throttle.js';

const REFRESH_INTERVAL_MS = 1000;

export interface DetailState {
  readonly detail: DeviceDetail | null;
  readonly error: string | null;
  /** Local time of the latest answer. */
  readonly fetchedAtMs: number | null;
}

export function useDeviceDetail(controller: FleetController, deviceId: string): DetailState {
  const [state, setState] = useState<DetailState & { readonly deviceId: string }>({ deviceId, detail: null, error: null, fetchedAtMs: null });

  useEffect(() => {
    let isCurrent = true;
    const throttle = createThrottle(async () => {
      const answer = await controller.getDevice(deviceId);
      if (!isCurrent) return;
      setState((previous) =>
        answer.ok
          ? { deviceId, detail: answer.value, error: null, fetchedAtMs: Date.now() }
          : { ...(previous.deviceId === deviceId ? previous : { detail: null, fetchedAtMs: null }), deviceId, error: answer.error.message },
      );
    }, REFRESH_INTERVAL_MS);
    throttle.runNow();
    const unsubscribe = onDeviceChange(controller.model, deviceId, throttle.request);
    return () => {
      isCurrent = false;
      unsubscribe();
      throttle.dispose();
    };
  }, [controller, deviceId]);

  return state.deviceId === deviceId ? state : { detail: null, error: null, fetchedAtMs: null };
}
