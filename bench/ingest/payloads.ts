/** What the lean devices send, as text templates: far cheaper than building and serialising objects. */
import { NETWORK_MODELS } from '../../shared/network.js';
import type { DeviceSpec } from './device-contract.js';

const pillar = NETWORK_MODELS.find((model) => model.kind === 'chargePoint');
/** The demo network's charge point model, as a charge point names it (OCPP allows 20 characters): the backend accepts a boot only from the model it has on record. */
export const BOOT_NOTIFICATION = JSON.stringify({
  chargePointVendor: (pillar?.manufacturer ?? 'IER').slice(0, 20),
  chargePointModel: (pillar?.name ?? 'Autolib pillar 1.6').slice(0, 20),
  firmwareVersion: 'bench',
});

function sensors(sinceSeconds: number): string {
  const sensor = (value: boolean) => `{"value":${value},"sinceSeconds":${sinceSeconds}}`;
  return `{"doorsOpen":${sensor(false)},"locked":${sensor(true)},"plugged":${sensor(true)},"charging":${sensor(true)},"ignition":${sensor(false)}}`;
}

/** A parked, charging car's full state (docs/device-protocols.md). */
export function carStatePayload(spec: DeviceSpec, bootId: string, sequence: number, nowIso: string, sinceSeconds: number): string {
  return (
    `{"deviceId":"${spec.id}","bootId":"${bootId}","sequence":${sequence},"deviceTime":"${nowIso}",` +
    `"position":{"latitude":${spec.latitude},"longitude":${spec.longitude},"speedKmh":0,"headingDegrees":0},` +
    `"batteryPercent":80,"rangeKm":200,"odometerKm":12345.6,"sensors":${sensors(sinceSeconds)},"faults":[]}`
  );
}

export function meterValues(nowIso: string, energyWh: number): string {
  const sampled = (value: number, measurand: string, unit: string) =>
    `{"value":"${value}","context":"Sample.Periodic","measurand":"${measurand}","location":"Outlet","unit":"${unit}"}`;
  return `{"connectorId":1,"meterValue":[{"timestamp":"${nowIso}","sampledValue":[${sampled(energyWh, 'Energy.Active.Import.Register', 'Wh')},${sampled(3700, 'Power.Active.Import', 'W')}]}]}`;
}

export function statusNotification(connectorId: number, status: string, nowIso: string): string {
  return `{"connectorId":${connectorId},"errorCode":"NoError","status":"${status}","timestamp":"${nowIso}"}`;
}

