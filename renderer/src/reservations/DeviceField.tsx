/**
 * A device typed or picked: the text is the device id, and as one types the fleet's devices matching
 * it by id, plate, serial or label are offered (the search palette's index), with their state. Arrows
 * move among them, Enter or a click picks one.
 */
import { useId, useMemo, useState } from 'react';
import { STATUS_LABELS } from '../../../shared/fleet.js';
import { DeviceMarker } from '../find/DeviceMarker.js';
import { summariseDevice } from '../find/device-summary.js';
import { fleetSearchFor } from '../find/search-instance.js';
import { fleetModel } from '../sync/fleet-controller.js';

const OFFERED = 8;

interface DeviceFieldProps {
  readonly value: string;
  readonly onChange: (text: string) => void;
  /** A device was picked from the offers (or Enter pressed on the text): its id. */
  readonly onPick: (deviceId: string) => void;
  readonly placeholder: string;
  readonly testId: string;
  readonly id?: string;
  readonly className?: string;
  readonly isInvalid?: boolean;
  readonly autoFocus?: boolean;
  readonly onBlur?: () => void;
}

export function DeviceField({ value, onChange, onPick, placeholder, testId, id, className, isInvalid = false, autoFocus = false, onBlur }: DeviceFieldProps) {
  const listId = useId();
  const [isOpen, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const offers = useMemo(() => {
    if (!isOpen || value.trim() === '') return [];
    const nowMs = fleetModel.serverNow();
    return fleetSearchFor(fleetModel)
      .index.search(value, { devices: OFFERED, stations: 0 })
      .devices.flatMap((hit) => summariseDevice(fleetModel, hit.index, nowMs) ?? []);
  }, [isOpen, value]);
  const shown = Math.min(active, Math.max(0, offers.length - 1));

  const pick = (deviceId: string) => {
    setOpen(false);
    onPick(deviceId);
  };

  return (
    <div className={`device-field${className ? ` ${className}` : ''}`}>
      <input
        id={id}
        className="text-field"
        role="combobox"
        aria-expanded={offers.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-invalid={isInvalid}
        data-testid={testId}
        placeholder={placeholder}
        autoFocus={autoFocus}
        spellCheck={false}
        autoComplete="off"
        value={value}
        onChange={(event) => {
          onChange(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          onBlur?.();
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            const step = event.key === 'ArrowDown' ? 1 : -1;
            setActive(Math.max(0, Math.min(offers.length - 1, shown + step)));
            return;
          }
          if (event.key === 'Enter') {
            // An exact id wins over the offers: what was typed is what was meant.
            const exact = offers.find((offer) => offer.id === value.trim());
            const chosen = exact ?? offers[shown];
            event.preventDefault();
            pick(chosen?.id ?? value.trim());
            return;
          }
          if (event.key === 'Escape' && offers.length > 0) {
            // The offers close first; the console's Esc (leave the field) waits for the next one.
            event.preventDefault();
            setOpen(false);
          }
        }}
      />
      {offers.length > 0 && (
        <ul className="device-offers" id={listId} role="listbox" aria-label="Devices">
          {offers.map((offer, position) => (
            <li
              key={offer.id}
              role="option"
              aria-selected={position === shown}
              className={`device-offer${position === shown ? ' is-active' : ''}`}
              data-testid="device-offer"
              data-device-id={offer.id}
              // Before the input's blur, which would close the list under the pointer.
              onMouseDown={(event) => {
                event.preventDefault();
                pick(offer.id);
              }}
              onMouseEnter={() => setActive(position)}
            >
              <DeviceMarker kind={offer.kind} status={offer.status} isStale={offer.isStale} />
              <span className="offer-id">{offer.id}</span>
              <span className="offer-reference">{offer.reference}</span>
              <span className="offer-station">{offer.stationName ?? 'no station'}</span>
              <span className={`offer-state tone-${offer.status}`}>
                {STATUS_LABELS[offer.status]}
                {offer.isStale ? ' · stale' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
