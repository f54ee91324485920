/**
 * What a faulty charge point says instead of the truth: a connector that reports itself Faulted, the
 * steps of a firmware update that fails. Pure functions and data, like car-faults.ts.
 */
import type { ConnectorStatus } from '../world/charge-point.js';
import type { ActiveFaultOf } from './registry.js';

/** OCPP 1.6 FirmwareStatus values a charge point reports while it updates itself. */
export type FirmwareStatus = 'Downloading' | 'Downloaded' | 'DownloadFailed' | 'Installing' | 'Installed' | 'InstallationFailed';

/** The FirmwareStatusNotifications of an update that fails at each stage, in order. */
export const FAILING_UPDATE: Readonly<Record<'download' | 'install', readonly FirmwareStatus[]>> = {
  download: ['Downloading', 'DownloadFailed'],
  install: ['Downloading', 'Downloaded', 'Installing', 'InstallationFailed'],
};

/** The next attempt, once the fault is over. */
export const SUCCEEDING_UPDATE: readonly FirmwareStatus[] = ['Downloading', 'Downloaded', 'Installing', 'Installed'];

/** A StatusNotification's status, errorCode and when that status began. */
export interface ConnectorReport {
  readonly status: ConnectorStatus;
  readonly errorCode: string;
  readonly sinceMs: number;
}

/** The connector as the charge point reports it: Faulted since the fault began, on the fault's connector. */
export function connectorReport(connectorId: 0 | 1, truth: { readonly status: ConnectorStatus; readonly sinceMs: number }, reported: ActiveFaultOf<'reportedFault'> | undefined): ConnectorReport {
  if (reported?.fault.connectorId === connectorId) return { status: 'Faulted', errorCode: reported.fault.errorCode, sinceMs: reported.sinceMs };
  return { status: truth.status, errorCode: truth.status === 'Faulted' ? 'OtherError' : 'NoError', sinceMs: truth.sinceMs };
}
