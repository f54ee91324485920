import { describe, expect, it } from 'vitest';
import { createDetectorRig } from './test-support.js';
import type { DetectorRig } from './test-support.js';

function firmware(rig: DetectorRig, status: string): void {
  rig.ocpp('cp-1', { channel: 'ocpp:FirmwareStatusNotification', payload: { status } });
}

describe('firmware-failed detector', () => {
  it('raises each failed attempt as an occurrence, and clears on Installed', () => {
    const rig = createDetectorRig({ 'cp-1': 'chargePoint' });
    for (const status of ['Downloading', 'Downloaded', 'Installing', 'InstallationFailed', 'Downloading', 'DownloadFailed']) firmware(rig, status);
    expect(rig.sink.raises()).toMatchObject([
      { type: 'firmwareFailed', message: 'Firmware installation failed', details: { status: 'InstallationFailed' } },
      { type: 'firmwareFailed', message: 'Firmware download failed', details: { status: 'DownloadFailed' } },
    ]);
    for (const status of ['Downloading', 'Downloaded', 'Installing', 'Installed']) firmware(rig, status);
    expect(rig.sink.summary()).toEqual(['raise cp-1 firmwareFailed', 'raise cp-1 firmwareFailed', 'clear cp-1 firmwareFailed']);
  });

  it('clears on a BootNotification, and ignores a payload without a status', () => {
    const rig = createDetectorRig({ 'cp-1': 'chargePoint' });
    firmware(rig, 'InstallationFailed');
    rig.ocpp('cp-1', { channel: 'ocpp:FirmwareStatusNotification', payload: { state: 'InstallationFailed' } });
    rig.ocpp('cp-1', { channel: 'ocpp:BootNotification', payload: { chargePointVendor: 'IER', chargePointModel: 'Pillar', firmwareVersion: '1.0.1' } }, 'connection-2');
    expect(rig.sink.clears()).toMatchObject([{ type: 'firmwareFailed', message: 'Booted on firmware 1.0.1' }]);
    expect(rig.sink.raises()).toHaveLength(1);
  });
});
