/**
 * The filtered devices beside the map, virtualised (only the rows on screen exist), in step with the
 * map: the same FleetView, re-read a few times a second. The selected device is highlighted and
 * scrolled to wherever it was selected; j/k move a cursor, Enter or a click opens the device.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { STATUS_LABELS } from '../../../shared/fleet.js';
import { mapCommands } from '../map/map-commands.js';
import { useConsoleStore } from '../store/store.js';
import { fleetModel } from '../sync/fleet-controller.js';
import { formatAbsolute, formatAge, formatCount } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';
import { DeviceMarker } from './DeviceMarker.js';
import { positionOf, summariseDevice } from './device-summary.js';
import { registerListCommands } from './list-commands.js';
import { useFleetList } from './use-fleet-list.js';
import { useRowVirtualizer } from './use-row-virtualizer.js';

const ROW_HEIGHT = 30;

function openDevice(deviceId: string): void {
  useConsoleStore.getState().select(deviceId);
  mapCommands.focusDevice(deviceId);
}

/** "12 s", "3 min", "now": the column says what it is ("Heard"), so no "ago". */
function shortAge(lastSeenMs: number | null, nowMs: number): string {
  const age = formatAge(lastSeenMs, nowMs);
  return age === 'just now' ? 'now' : age.replace(/ ago$/, '');
}

interface RowProps {
  readonly index: number;
  readonly top: number;
  readonly isSelected: boolean;
  readonly isCursor: boolean;
  readonly nowMs: number;
  readonly onOpen: (deviceId: string) => void;
}

function DeviceRow({ index, top, isSelected, isCursor, nowMs, onOpen }: RowProps) {
  const device = summariseDevice(fleetModel, index, nowMs);
  if (!device) return null;
  const state = `${STATUS_LABELS[device.status]}${device.isStale ? ', stale' : ''}`;
  return (
    <div
      className={`list-row${isSelected ? ' is-selected' : ''}${isCursor ? ' is-cursor' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      role="option"
      aria-selected={isSelected}
      data-testid="list-row"
      data-device-id={device.id}
      data-kind={device.kind}
      data-status={device.status}
      onClick={() => onOpen(device.id)}
    >
      <span title={state}>
        <DeviceMarker kind={device.kind} status={device.status} isStale={device.isStale} />
      </span>
      <span className="list-id">{device.id}</span>
      <span className="list-reference">{device.reference}</span>
      <span className="list-station" title={device.stationName ?? undefined}>
        {device.stationName ?? '—'}
      </span>
      <span className="list-battery">{device.battery === null ? '' : `${device.battery} %`}</span>
      <span className={`list-age${device.isStale ? ' is-stale' : ''}`} title={device.lastSeenMs === null ? 'Never heard from' : `Last message ${formatAbsolute(device.lastSeenMs)}`}>
        {shortAge(device.lastSeenMs, nowMs)}
      </span>
    </div>
  );
}

export function DeviceList() {
  const { indices, total } = useFleetList();
  const selectedDeviceId = useConsoleStore((state) => state.selectedDeviceId);
  const clearFilters = useConsoleStore((state) => state.clearFilters);
  const [cursorId, setCursorId] = useState<string | null>(null);
  const scrollElement = useRef<HTMLDivElement>(null);
  const nowMs = useNow() + fleetModel.serverOffsetMs;
  const virtualizer = useRowVirtualizer(indices.length, ROW_HEIGHT, () => scrollElement.current);

  const open = useCallback((deviceId: string) => {
    setCursorId(deviceId);
    openDevice(deviceId);
  }, []);

  // The latest list and cursor, for the keyboard and the selection subscription below.
  const latest = useRef({ indices, cursorId, virtualizer });
  useEffect(() => {
    latest.current = { indices, cursorId, virtualizer };
  });

  useEffect(() => {
    const scrollTo = (deviceId: string | null) => {
      if (deviceId === null) return;
      const { indices: shown, virtualizer: current } = latest.current;
      const found = positionOf(shown, fleetModel.indexOf(deviceId));
      if (found.isPresent) current.scrollToIndex(found.position, { align: 'auto' });
    };
    // Selected on the map or in search: the list follows.
    const stop = useConsoleStore.subscribe((state, previous) => {
      if (state.selectedDeviceId === previous.selectedDeviceId) return;
      setCursorId(state.selectedDeviceId);
      scrollTo(state.selectedDeviceId);
    });
    scrollTo(useConsoleStore.getState().selectedDeviceId);
    registerListCommands({
      move: (by) => {
        const { indices: shown, cursorId: cursor, virtualizer: current } = latest.current;
        if (shown.length === 0) return;
        const from = cursor ?? useConsoleStore.getState().selectedDeviceId;
        const found = from === null ? null : positionOf(shown, fleetModel.indexOf(from));
        // A cursor whose device was filtered out moves from where it would have been.
        const position = found === null ? (by > 0 ? 0 : shown.length - 1) : found.isPresent ? found.position + by : by > 0 ? found.position : found.position - 1;
        const next = Math.max(0, Math.min(shown.length - 1, position));
        const deviceId = fleetModel.ids[shown[next] ?? 0];
        if (deviceId === undefined) return;
        setCursorId(deviceId);
        current.scrollToIndex(next, { align: 'auto' });
      },
      open: () => {
        const { cursorId: cursor } = latest.current;
        if (cursor !== null && fleetModel.indexOf(cursor) >= 0) open(cursor);
      },
    });
    return () => {
      stop();
      registerListCommands(null);
    };
  }, [open]);

  return (
    <section className="device-list" aria-label="Filtered devices" data-testid="device-list" data-count={indices.length}>
      <header className="list-header">
        <span className="list-title">Devices</span>
        <span className="list-count" data-testid="list-count">
          {formatCount(indices.length)}
          {indices.length !== total && <span className="list-total"> of {formatCount(total)}</span>}
        </span>
        <span className="list-hint" title="j / k move, Enter opens">
          <kbd>j</kbd>
          <kbd>k</kbd>
          <kbd>↵</kbd>
        </span>
      </header>
      <div className="list-columns" aria-hidden="true">
        <span />
        <span>Id</span>
        <span>Plate / serial</span>
        <span>Station</span>
        <span className="list-battery">Batt.</span>
        <span className="list-age">Heard</span>
      </div>
      {indices.length === 0 ? (
        <div className="list-empty">
          {total === 0 ? (
            'Waiting for the fleet…'
          ) : (
            <>
              No device matches these filters.
              <button type="button" className="link-button" onClick={clearFilters}>
                Clear filters
              </button>
            </>
          )}
        </div>
      ) : (
        <div className="list-scroll" ref={scrollElement} role="listbox" aria-label="Devices">
          <div className="list-space" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const index = indices[item.index];
              // Rows past a list that just shrank, for the one render before the virtualizer hears of it.
              if (index === undefined) return null;
              const deviceId = fleetModel.ids[index];
              return (
                <DeviceRow
                  key={item.key}
                  index={index}
                  top={item.start}
                  isSelected={deviceId === selectedDeviceId}
                  isCursor={deviceId === cursorId}
                  nowMs={nowMs}
                  onOpen={open}
                />
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
