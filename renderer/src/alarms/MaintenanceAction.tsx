/**
 * The "Maintenance…" button of the device, station and alarm panels, for the roles that may plan
 * maintenance (supervisors and admins), and the dialog it opens.
 */
import { useCallback, useRef, useState } from 'react';
import { mayDo } from '../../../shared/alarms.js';
import { useConsoleStore } from '../store/store.js';
import type { FleetController } from '../sync/fleet-controller.js';
import { MaintenanceDialog, type MaintenanceSubject } from './MaintenanceDialog.js';

interface MaintenanceActionProps {
  readonly controller: FleetController;
  /** The device to put under maintenance; null on a station's panel. */
  readonly deviceId: string | null;
  /** The station: the device's own (looked up when not given), or the panel's. */
  readonly stationId?: string | null;
  readonly className?: string;
}

/** Devices whose station is the one at `position` in the fleet's stations: from the typed column, without a device object each. */
function countAtStation(stationIndex: Int32Array, position: number): number {
  if (position < 0) return 0;
  let count = 0;
  for (const each of stationIndex) if (each === position) count++;
  return count;
}

/** Names and counts the dialog shows, from the fleet the console holds. */
function subjectOf(controller: FleetController, deviceId: string | null, givenStationId: string | null | undefined): MaintenanceSubject {
  const model = controller.model;
  const device = deviceId === null ? undefined : model.device(model.indexOf(deviceId));
  const stationId = givenStationId ?? device?.stationId ?? null;
  const station = stationId === null ? undefined : model.stations[model.stationIndexOf(stationId)];
  const stationDevices = stationId === null ? 0 : countAtStation(model.stationIndex, model.stationIndexOf(stationId));
  return {
    deviceId,
    stationId,
    deviceLabel: device && device.label !== deviceId ? `${device.label} · ${deviceId}` : deviceId,
    stationName: station?.name ?? null,
    stationDevices,
  };
}

export function MaintenanceAction({ controller, deviceId, stationId, className = 'quiet-button' }: MaintenanceActionProps) {
  const role = useConsoleStore((state) => state.session?.operator.role ?? null);
  const [subject, setSubject] = useState<MaintenanceSubject | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const close = useCallback(() => {
    setSubject(null);
    button.current?.focus();
  }, []);
  if (role === null || !mayDo(role, 'maintenance')) return null;
  return (
    <>
      <button
        ref={button}
        type="button"
        className={className}
        data-testid="maintenance-action"
        title={deviceId === null ? "Suppress the alarms of this station's devices for a while" : "Suppress this device's alarms for a while"}
        onClick={() => setSubject(subjectOf(controller, deviceId, stationId))}
      >
        Maintenance…
      </button>
      {subject && <MaintenanceDialog requester={controller} subject={subject} onClose={close} />}
    </>
  );
}
