import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64url, demoDeviceSecret } from './demo-secrets.js';

describe('demoDeviceSecret', () => {
  it('is base64url(HMAC-SHA256(fleetKey, deviceId)), the same as Node computes it', () => {
    const expected = createHmac('sha256', 'fleet key ✓').update('car-00001').digest('base64url');
    expect(demoDeviceSecret('fleet key ✓', 'car-00001')).toBe(expected);
    expect(demoDeviceSecret('fleet key ✓', 'car-00001')).toHaveLength(43);
  });

  it('differs per device and per fleet key', () => {
    expect(demoDeviceSecret('k', 'cp-00001')).not.toBe(demoDeviceSecret('k', 'cp-00002'));
    expect(demoDeviceSecret('k', 'cp-00001')).not.toBe(demoDeviceSecret('l', 'cp-00001'));
  });
});

describe('base64url', () => {
  it('matches Node for every length remainder', () => {
    for (let length = 0; length < 40; length++) {
      const bytes = Uint8Array.from({ length }, (_, index) => (index * 37 + length * 11) % 256);
      expect(base64url(bytes)).toBe(Buffer.from(bytes).toString('base64url'));
    }
  });
});
