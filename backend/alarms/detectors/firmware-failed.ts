/**
 * Firmware update failed: a charge point's FirmwareStatusNotification saying DownloadFailed or
 * InstallationFailed; each failed attempt is another occurrence. Cleared by Installed, or by a
 * BootNotification (the charge point started again, on whatever firmware it now says it runs).
 */
import type { AlarmSink } from '../types.js';
import { AlarmLatch } from './device-memory.js';
import type { DeviceMemory } from './device-memory.js';

const FAILURES: Readonly<Record<string, string>> = {
  DownloadFailed: 'Firmware download failed',
  InstallationFailed: 'Firmware installation failed',
};

/** The status of a FirmwareStatusNotification (history-only, so its payload is not parsed upstream). */
function statusOf(payload: unknown): string | null {
  return typeof payload === 'object' && payload !== null && 'status' in payload && typeof payload.status === 'string' ? payload.status : null;
}

export class FirmwareFailedDetector {
  readonly #latch: AlarmLatch;

  constructor(sink: AlarmSink) {
    this.#latch = new AlarmLatch(sink, 'firmwareFailed');
  }

  firmwareStatus(memory: DeviceMemory, payload: unknown, atMs: number): void {
    const status = statusOf(payload);
    if (status === null) return;
    const failure = FAILURES[status];
    if (failure !== undefined) this.#latch.raise(memory, atMs, failure, { status });
    else if (status === 'Installed') this.#latch.clear(memory, atMs, 'Firmware installed');
  }

  booted(memory: DeviceMemory, firmwareVersion: string | undefined, atMs: number): void {
    this.#latch.clear(memory, atMs, firmwareVersion ? `Booted on firmware ${firmwareVersion}` : 'Booted');
  }
}
