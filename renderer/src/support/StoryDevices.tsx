/** The devices the customer held, with what happened to each; a click (or Enter) opens one on the map. */
import type { StoryDevice } from './customer-story.js';
import { deviceName } from './DeviceChip.js';
import { openDeviceOnMap } from './open-device.js';
import { countOf } from './story-summary.js';

function counts(device: StoryDevice): string {
  const parts = [countOf(device.reservations, 'reservation'), countOf(device.commands, 'command')];
  if (device.commandTroubles > 0) parts.push(`${device.commandTroubles} failed`);
  if (device.alarms > 0) parts.push(countOf(device.alarms, 'alarm'));
  return parts.join(' · ');
}

export function StoryDevices({ devices, nowMs }: { readonly devices: readonly StoryDevice[]; readonly nowMs: number }) {
  return (
    <aside className="support-devices" aria-labelledby="support-devices-title">
      <h2 className="support-devices-title" id="support-devices-title">
        Devices <span className="support-devices-count">{devices.length}</span>
      </h2>
      <ul className="support-device-list">
        {devices.map((device) => {
          const name = deviceName(device.deviceId, nowMs);
          return (
            <li key={device.deviceId}>
              <button
                type="button"
                className={`support-device${device.hasTrouble ? ' has-trouble' : ''}`}
                data-testid="support-device"
                data-device-id={device.deviceId}
                title="Open on the map"
                onClick={() => openDeviceOnMap(device.deviceId)}
              >
                <span className="support-device-name">
                  {name.marker}
                  <span className="support-device-label">{name.label}</span>
                  {name.label !== device.deviceId && <span className="support-chip-id">{device.deviceId}</span>}
                </span>
                <span className="support-device-where">{[name.kindWord, name.stationName].filter((part) => part !== null).join(' · ')}</span>
                <span className="support-device-counts">{counts(device)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </aside>
  );
}
