import { describe, expect, it } from 'vitest';
import { createDetectorRig } from './test-support.js';

const held = (value: boolean, sinceSeconds: number) => ({ value, sinceSeconds });

describe('impossible-combination detector', () => {
  it('raises a cable plugged in while the hatch never opened, once it has held, and clears when consistent', () => {
    const rig = createDetectorRig({ 'car-1': 'car' });
    // The hatch closed an hour ago; the cable went in a minute ago: it never opened for it.
    const report = (extraSeconds: number) => ({ sensors: { plugged: held(true, 60 + extraSeconds), chargeHatchOpen: held(false, 3600 + extraSeconds) } });
    rig.car('car-1', report(0));
    for (let second = 5; second < 30; second += 5) {
      rig.advance(5_000);
      rig.car('car-1', report(second));
    }
    expect(rig.sink.summary('impossibleCombination')).toEqual([]);
    rig.advance(5_000);
    rig.car('car-1', report(30));
    expect(rig.sink.raises('impossibleCombination')).toMatchObject([
      { atMs: rig.now(), message: 'Cable plugged in while the charge hatch never opened', details: { combination: 'pluggedHatchClosed', pluggedForSeconds: 90 } },
    ]);
    rig.advance(5_000);
    rig.car('car-1', report(35));
    // The hatch opened (a sensor that was wrong, now right): consistent again.
    rig.advance(5_000);
    rig.car('car-1', { sensors: { plugged: held(true, 100), chargeHatchOpen: held(true, 1) } });
    expect(rig.sink.summary('impossibleCombination')).toEqual(['raise car-1 impossibleCombination', 'clear car-1 impossibleCombination']);
  });

  it('accepts a hatch that opened before the cable went in, and one closed after (by then it had opened)', () => {
    const rig = createDetectorRig({ 'car-1': 'car' });
    for (let second = 0; second <= 60; second += 5) {
      rig.advance(5_000);
      rig.car('car-1', { sensors: { plugged: held(true, 600 + second), chargeHatchOpen: held(true, 700 + second) } });
    }
    for (let second = 0; second <= 60; second += 5) {
      rig.advance(5_000);
      rig.car('car-1', { sensors: { plugged: held(true, 600 + second), chargeHatchOpen: held(false, 300 + second) } });
    }
    expect(rig.sink.summary('impossibleCombination')).toEqual([]);
  });

  it('raises moving while plugged and charging while unplugged, each naming its combination, as occurrences of one alarm', () => {
    const rig = createDetectorRig({ 'car-1': 'car' });
    for (let second = 0; second <= 30; second += 5) {
      rig.car('car-1', { speedKmh: 25, plugged: true });
      rig.advance(5_000);
    }
    expect(rig.sink.raises('impossibleCombination')).toMatchObject([{ details: { combination: 'movingWhilePlugged', speedKmh: 25 } }]);
    // Slow GPS noise is not moving; but charging with no cable is impossible too.
    for (let second = 0; second <= 30; second += 5) {
      rig.car('car-1', { speedKmh: 3, plugged: false, charging: true });
      rig.advance(5_000);
    }
    expect(rig.sink.summary('impossibleCombination')).toEqual(['raise car-1 impossibleCombination', 'raise car-1 impossibleCombination']);
    expect(rig.sink.raises('impossibleCombination')[1]).toMatchObject({ details: { combination: 'chargingWhileUnplugged' } });
    rig.car('car-1', { speedKmh: 0, plugged: false, charging: false });
    expect(rig.sink.summary('impossibleCombination')).toHaveLength(3);
    expect(rig.sink.clears('impossibleCombination')).toHaveLength(1);
  });

  it('ignores late messages: they neither raise nor clear', () => {
    const rig = createDetectorRig({ 'car-1': 'car' });
    const start = rig.now();
    for (let second = 0; second <= 30; second += 5) {
      rig.car('car-1', { speedKmh: 25, plugged: true });
      rig.advance(5_000);
    }
    expect(rig.sink.raises('impossibleCombination')).toHaveLength(1);
    // A message from before (a lower sequence of the same boot would be a duplicate; an older boot is late).
    rig.car('car-1', { bootId: 'boot-0', deviceTimeMs: start - 60_000, speedKmh: 0, plugged: false });
    expect(rig.sink.clears('impossibleCombination')).toEqual([]);
  });

  it('one flapping cable is one alarm: flapping, never the combinations it makes (root cause)', () => {
    const rig = createDetectorRig({ 'car-1': 'car' });
    const hatchClosed = held(false, 86_400);
    rig.car('car-1', { sensors: { plugged: held(false, 86_400), chargeHatchOpen: hatchClosed } });
    // Plugged in and out every 2 s with the hatch closed: every other message looks impossible.
    for (let flip = 1; flip <= 40; flip++) {
      rig.advance(2_000);
      rig.car('car-1', { sensors: { plugged: held(flip % 2 === 1, 0), chargeHatchOpen: hatchClosed } });
    }
    // Then it sticks at plugged for a minute: while it counts as flapping, its readings are not trusted.
    for (let second = 1; second <= 60; second++) {
      rig.advance(1_000);
      rig.car('car-1', { sensors: { plugged: held(true, second), chargeHatchOpen: hatchClosed } });
    }
    expect(rig.sink.summary().filter((line) => !line.endsWith('offline'))).toEqual(['raise car-1 flapping']);
  });
});
