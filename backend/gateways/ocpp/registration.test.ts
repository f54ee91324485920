import { describe, expect, it } from 'vitest';
import { bootInterval, registrationFor, registrationWithoutBoot } from './registration.js';

const pillar = { id: 'autolib-pillar', kind: 'chargePoint', manufacturer: 'IER', name: 'Autolib pillar 1.6' } as const;

describe('OCPP registration', () => {
  it('accepts a boot that names the inventory model, by name or id, case-insensitively', () => {
    expect(registrationFor('model', { vendor: 'IER', model: 'Autolib pillar 1.6' }, pillar)).toBe('Accepted');
    expect(registrationFor('model', { vendor: 'ier', model: 'AUTOLIB-PILLAR' }, pillar)).toBe('Accepted');
  });

  it('compares with what a CiString20 can hold', () => {
    const longName = { ...pillar, name: 'A model name longer than twenty characters' };
    expect(registrationFor('model', { vendor: 'IER', model: longName.name.slice(0, 20) }, longName)).toBe('Accepted');
  });

  it('rejects another vendor, another model, or a device whose model the inventory does not know', () => {
    expect(registrationFor('model', { vendor: 'Other', model: 'Autolib pillar 1.6' }, pillar)).toBe('Rejected');
    expect(registrationFor('model', { vendor: 'IER', model: 'Pillar 2' }, pillar)).toBe('Rejected');
    expect(registrationFor('model', { vendor: 'IER', model: 'Autolib pillar 1.6' }, undefined)).toBe('Rejected');
  });

  it('accepts anything in `any` mode and holds everything in `pending` mode', () => {
    expect(registrationFor('any', { vendor: 'Other', model: 'Other' }, undefined)).toBe('Accepted');
    expect(registrationFor('pending', { vendor: 'IER', model: 'Autolib pillar 1.6' }, pillar)).toBe('Pending');
  });

  it('judges a charge point that only reconnected by its last boot', () => {
    expect(registrationWithoutBoot('model', null, pillar)).toBe('Accepted');
    expect(registrationWithoutBoot('model', { vendor: 'Other', model: 'Other' }, pillar)).toBe('Rejected');
    expect(registrationWithoutBoot('pending', null, pillar)).toBe('Pending');
  });

  it('asks for heartbeats when Accepted and for a later boot otherwise', () => {
    expect(bootInterval('Accepted', 60)).toBe(60);
    expect(bootInterval('Pending', 60)).toBeGreaterThan(0);
    expect(bootInterval('Rejected', 60)).toBeGreaterThan(bootInterval('Pending', 60));
  });
});
