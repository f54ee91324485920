import { describe, expect, it } from 'vitest';
import { createDetectorRig } from './test-support.js';

describe('auth-failures detector', () => {
  it('raises at the threshold within the window for a known device, once, and clears on a successful login', () => {
    const rig = createDetectorRig({ 'car-1': 'car', 'cp-1': 'chargePoint' });
    for (let attempt = 1; attempt <= 4; attempt++) {
      rig.authGuard.failure('10.0.0.1', 'car-1', 'mqtt');
      rig.advance(1_000);
    }
    expect(rig.sink.calls).toEqual([]);
    rig.authGuard.failure('10.0.0.2', 'car-1', 'mqtt');
    rig.authGuard.failure('10.0.0.2', 'car-1', 'ocpp');
    expect(rig.sink.raises()).toMatchObject([{ deviceId: 'car-1', type: 'authFailures', message: '5 failed logins within 10 min', details: { failures: 5 } }]);
    rig.authGuard.success('10.0.0.1', 'car-1');
    expect(rig.sink.summary()).toEqual(['raise car-1 authFailures', 'clear car-1 authFailures']);
  });

  it('raises nothing for ids the inventory does not know, or for failures spread wider than the window', () => {
    const rig = createDetectorRig({ 'cp-1': 'chargePoint' });
    for (let attempt = 1; attempt <= 20; attempt++) rig.authGuard.failure('10.0.0.1', 'cp-unknown', 'ocpp');
    for (let attempt = 1; attempt <= 10; attempt++) {
      rig.authGuard.failure('10.0.0.1', 'cp-1', 'ocpp');
      rig.advance(151_000);
    }
    expect(rig.sink.calls).toEqual([]);
  });

  it('clears after the quiet period without a failure', () => {
    const rig = createDetectorRig({ 'cp-1': 'chargePoint' }, { authFailures: { failures: 3, quietSeconds: 600 } });
    for (let attempt = 1; attempt <= 3; attempt++) rig.authGuard.failure('10.0.0.1', 'cp-1', 'ocpp');
    rig.sweepAfter(599_000);
    expect(rig.sink.summary()).toEqual(['raise cp-1 authFailures']);
    rig.sweepAfter(1_000);
    expect(rig.sink.summary()).toEqual(['raise cp-1 authFailures', 'clear cp-1 authFailures']);
  });
});
