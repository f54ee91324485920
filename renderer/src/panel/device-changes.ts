/** Tells a panel when its device changed in the FleetModel, without the panel reading any delta itself. */
import type { FleetModel } from '../sync/fleet-model.js';

/** Calls `listener` after a snapshot and after every delta that holds the device. */
export function onDeviceChange(model: Pick<FleetModel, 'subscribe' | 'indexOf'>, deviceId: string, listener: () => void): () => void {
  return model.subscribe((change) => {
    if (change.type === 'snapshot') {
      listener();
      return;
    }
    const index = model.indexOf(deviceId);
    if (index >= 0 && change.indices.includes(index)) listener();
  });
}
