/** Filter by firmware version, each with how many devices run it. */
import { useState } from 'react';
import { useConsoleStore } from '../store/store.js';
import { fleetModel } from '../sync/fleet-controller.js';
import { formatCount } from '../ui/format.js';
import { countFirmware } from './firmware-counts.js';
import { Popover } from './Popover.js';

function FirmwareChoices() {
  const firmware = useConsoleStore((state) => state.filters.firmware);
  const setFilters = useConsoleStore((state) => state.setFilters);
  // Counted once when the list opens: one pass over the devices.
  const [counts] = useState(() => countFirmware(fleetModel));
  const chosen = new Set(firmware);
  // A version named by a shared link that no device runs any more can still be unticked.
  const rows = [...counts, ...firmware.filter((version) => !counts.some((entry) => entry.version === version)).map((version) => ({ version, count: 0 }))];
  const toggle = (version: string) => setFilters({ firmware: chosen.has(version) ? firmware.filter((each) => each !== version) : [...firmware, version] });
  return (
    <ul className="choice-list" role="listbox" aria-multiselectable="true">
      {rows.map(({ version, count }) => (
        <li
          key={version}
          role="option"
          aria-selected={chosen.has(version)}
          className={`choice${chosen.has(version) ? ' is-chosen' : ''}`}
          data-testid="firmware-choice"
          onClick={() => toggle(version)}
        >
          <span className="choice-check" aria-hidden="true">
            {chosen.has(version) ? '✓' : ''}
          </span>
          <span className={`choice-label${version === '' ? ' is-unknown' : ' mono'}`}>{version === '' ? 'unknown' : version}</span>
          <span className="choice-detail">{formatCount(count)}</span>
        </li>
      ))}
      {rows.length === 0 && <li className="choice-empty">No devices yet.</li>}
    </ul>
  );
}

export function FirmwareFilter() {
  const firmware = useConsoleStore((state) => state.filters.firmware);
  const first = firmware[0];
  const label = firmware.length === 0 ? 'Firmware' : firmware.length === 1 && first !== undefined ? `Firmware ${first || 'unknown'}` : `${firmware.length} firmware versions`;
  return (
    <Popover label={<span className="filter-button-text">{label}</span>} title="Only the devices running some firmware versions" isActive={firmware.length > 0} testId="firmware-filter">
      {() => <FirmwareChoices />}
    </Popover>
  );
}
