/** "Following AB-123-CD · stop" while the map keeps the selected car centred. */
import { useConsoleStore } from '../store/store.js';
import type { FleetModel } from '../sync/fleet-model.js';

export function FollowIndicator({ model }: { readonly model: FleetModel }) {
  const isFollowing = useConsoleStore((state) => state.isFollowing);
  const selectedDeviceId = useConsoleStore((state) => state.selectedDeviceId);
  const setFollowing = useConsoleStore((state) => state.setFollowing);
  if (!isFollowing || selectedDeviceId === null) return null;
  const device = model.device(model.indexOf(selectedDeviceId));
  return (
    <div className="map-chip follow-indicator" data-testid="follow-indicator">
      <span className="follow-indicator-dot" aria-hidden="true" />
      <span>
        Following <strong>{device?.plate ?? device?.label ?? selectedDeviceId}</strong>
      </span>
      <span className="map-chip-separator" aria-hidden="true">
        ·
      </span>
      <button type="button" className="map-chip-button" onClick={() => setFollowing(false)} title="Stop following (f, or drag the map)">
        stop
      </button>
    </div>
  );
}
