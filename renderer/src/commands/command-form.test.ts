import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, COMMANDS } from '../../../shared/commands.js';
import { formFields, hasParameters, initialValues, parseForm } from './command-form.js';

describe('the command form', () => {
  it('asks for parameters exactly where the catalogue takes some', () => {
    for (const type of COMMAND_TYPES) {
      // A schema that accepts {} needs no form; one that refuses it needs one (optional fields alone do not count).
      const needsSome = !COMMANDS[type].params.safeParse({}).success;
      expect(hasParameters(type), type).toBe(needsSome);
    }
    expect(formFields('lock')).toEqual([]);
  });

  it('opens with the first choice and a connector the charge point has', () => {
    expect(initialValues('reset')).toEqual({ type: 'Soft' });
    expect(initialValues('unlockConnector', { connectorIds: [2, 3] })).toEqual({ connectorId: '2' });
    expect(initialValues('unlockConnector')).toEqual({ connectorId: '1' });
    // Connector 0 is the whole charge point: the safest default for availability.
    expect(initialValues('changeAvailability', { connectorIds: [1, 2] })).toEqual({ connectorId: '0', type: 'Inoperative' });
    expect(initialValues('remoteStop', { transactionId: 4711 })).toEqual({ transactionId: '4711' });
    expect(initialValues('remoteStop')).toEqual({ transactionId: '' });
  });

  it('turns the inputs into the params the catalogue accepts', () => {
    expect(parseForm('reset', { type: 'Hard' })).toEqual({ ok: true, params: { type: 'Hard' } });
    expect(parseForm('unlockConnector', { connectorId: ' 2 ' })).toEqual({ ok: true, params: { connectorId: 2 } });
    // An empty optional connector is left out, not sent as "".
    expect(parseForm('remoteStart', { idTag: 'CARD-42', connectorId: '' })).toEqual({ ok: true, params: { idTag: 'CARD-42' } });
    expect(parseForm('triggerMessage', { requestedMessage: 'StatusNotification', connectorId: '1' })).toEqual({
      ok: true,
      params: { requestedMessage: 'StatusNotification', connectorId: 1 },
    });
    expect(parseForm('updateFirmware', { location: 'https://firmware.example.com/cp-2.5.0.bin' })).toEqual({ ok: true, params: { location: 'https://firmware.example.com/cp-2.5.0.bin' } });
    expect(parseForm('lock', {})).toEqual({ ok: true, params: {} });
  });

  it('says what is wrong with each field in words', () => {
    expect(parseForm('unlockConnector', { connectorId: '' })).toEqual({ ok: false, problems: { connectorId: 'Connector is required.' } });
    expect(parseForm('unlockConnector', { connectorId: 'two' })).toEqual({ ok: false, problems: { connectorId: 'Connector is a whole number from 1 to 16.' } });
    expect(parseForm('unlockConnector', { connectorId: '17' })).toEqual({ ok: false, problems: { connectorId: 'Connector is a whole number from 1 to 16.' } });
    expect(parseForm('changeAvailability', { connectorId: '-1', type: 'Operative' })).toEqual({ ok: false, problems: { connectorId: 'Connector is a whole number from 0 to 16.' } });
    expect(parseForm('remoteStart', { idTag: 'X'.repeat(21), connectorId: '1.5' })).toEqual({
      ok: false,
      problems: { idTag: 'ID tag has at most 20 characters.', connectorId: 'Connector is a whole number from 1 to 16.' },
    });
    expect(parseForm('remoteStop', { transactionId: '12a' })).toEqual({ ok: false, problems: { transactionId: 'Transaction is a whole number.' } });
    const badUrl = parseForm('updateFirmware', { location: 'file:///etc/passwd' });
    expect(badUrl.ok === false && badUrl.problems.location).toMatch(/^Firmware URL must be a full address/);
  });
});
