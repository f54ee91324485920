import { describe, expect, it } from 'vitest';
import { createDetectorRig } from './test-support.js';

describe('device-fault detector', () => {
  it('raises a Faulted connector as critical, an error code on a working one as major, and clears when all are well', () => {
    const rig = createDetectorRig({ 'cp-1': 'chargePoint' });
    rig.status('cp-1', { connectorId: 0, status: 'Available' });
    rig.status('cp-1', { connectorId: 1, status: 'Available' });
    expect(rig.sink.calls).toEqual([]);
    rig.status('cp-1', { connectorId: 1, status: 'Charging', errorCode: 'HighTemperature' });
    rig.status('cp-1', { connectorId: 1, status: 'Charging', errorCode: 'HighTemperature' });
    rig.status('cp-1', { connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure', vendorErrorCode: 'E42' });
    expect(rig.sink.raises('deviceFault')).toMatchObject([
      { severity: 'major', message: 'Connector 1 reports HighTemperature while Charging', details: { connectorId: 1, errorCode: 'HighTemperature' } },
      { severity: 'critical', message: 'Connector 1 Faulted (GroundFailure)', details: { connectorId: 1, status: 'Faulted', vendorErrorCode: 'E42' } },
    ]);
    // The whole charge point faults too: another occurrence, still critical.
    rig.status('cp-1', { connectorId: 0, status: 'Faulted', errorCode: 'PowerSwitchFailure' });
    rig.status('cp-1', { connectorId: 1, status: 'Available' });
    expect(rig.sink.raises('deviceFault').map((call) => call.severity)).toEqual(['major', 'critical', 'critical']);
    expect(rig.sink.clears()).toEqual([]);
    rig.status('cp-1', { connectorId: 0, status: 'Available' });
    expect(rig.sink.summary()).toEqual(['raise cp-1 deviceFault', 'raise cp-1 deviceFault', 'raise cp-1 deviceFault', 'clear cp-1 deviceFault']);
  });

  it('clears a charge point alarm left open from before a restart when it restates that all is well', () => {
    const rig = createDetectorRig({ 'cp-1': 'chargePoint', 'cp-2': 'chargePoint' });
    rig.sink.preload('cp-1', 'deviceFault');
    rig.sink.preload('cp-2', 'deviceFault');
    rig.status('cp-1', { connectorId: 1, status: 'Available' });
    // cp-2 still Faulted: the open alarm is its, taken over without another occurrence.
    rig.status('cp-2', { connectorId: 1, status: 'Faulted', errorCode: 'GroundFailure' });
    expect(rig.sink.summary()).toEqual(['clear cp-1 deviceFault']);
  });

  it("raises a car's fault codes, again for a new code, and clears when it reports none", () => {
    const rig = createDetectorRig({ 'car-1': 'car' });
    rig.car('car-1');
    rig.car('car-1', { faults: ['HV_ISOLATION_FAULT'] });
    rig.car('car-1', { faults: ['HV_ISOLATION_FAULT'] });
    rig.car('car-1', { faults: ['HV_ISOLATION_FAULT', 'BMS_TEMP'] });
    rig.car('car-1', { faults: ['BMS_TEMP'] });
    expect(rig.sink.raises('deviceFault')).toMatchObject([
      { severity: undefined, message: 'Reports fault HV_ISOLATION_FAULT', details: { codes: 'HV_ISOLATION_FAULT' } },
      { details: { codes: 'HV_ISOLATION_FAULT,BMS_TEMP' } },
    ]);
    rig.car('car-1');
    rig.car('car-1');
    expect(rig.sink.summary()).toEqual(['raise car-1 deviceFault', 'raise car-1 deviceFault', 'clear car-1 deviceFault']);
  });
});
