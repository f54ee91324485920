/**
 * The selected device's detail from the backend, fetched on selection and again when the fleet says the
 * device changed, at most once a second.
 */
import { useEffect, useState } from 'react';
import type { DeviceDetail } from '../../../shared/device-detail.js';
import type { FleetController } from '../sync/fleet-controller.js';

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
    let isFetching = false;
    let isWanted = true;
    let lastFetchMs = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;

    const fetchNow = async () => {
      isWanted = false;
      isFetching = true;
      lastFetchMs = Date.now();
      const answer = await controller.getDevice(deviceId);
      isFetching = false;
      if (!isCurrent) return;
      setState((previous) =>
        answer.ok
          ? { deviceId, detail: answer.value, error: null, fetchedAtMs: Date.now() }
          : { ...previous, deviceId, error: answer.error.message },
      );
      if (isWanted) schedule();
    };
    const schedule = () => {
      isWanted = true;
      if (timer || isFetching) return;
      const wait = Math.max(0, lastFetchMs + REFRESH_INTERVAL_MS - Date.now());
      timer = setTimeout(() => {
        timer = null;
        void fetchNow();
      }, wait);
    };

    void fetchNow();
    const unsubscribe = controller.model.subscribe((change) => {
      const index = controller.model.indexOf(deviceId);
      if (change.type === 'snapshot' || (index >= 0 && change.indices.includes(index))) schedule();
    });
    return () => {
      isCurrent = false;
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [controller, deviceId]);

  return state.deviceId === deviceId ? state : { detail: null, error: null, fetchedAtMs: null };
}
