import { describe, expect, it } from 'vitest';
import { changeDraft, startDraft, submitDraft } from './command-draft.js';

describe('from a click to a sent command', () => {
  it('sends a harmless command without parameters at once', () => {
    expect(startDraft('lock')).toEqual({ draft: null, send: {} });
  });

  it('asks to confirm a destructive command without parameters, then sends it', () => {
    const { draft } = startDraft('immobilise');
    expect(draft?.step).toBe('confirm');
    if (!draft) throw new Error('no draft');
    expect(submitDraft(draft)).toEqual({ draft: null, send: {} });
  });

  it('takes parameters, refuses bad ones with the problem, then confirms a destructive command', () => {
    const opened = startDraft('unlockConnector', { connectorIds: [1] }).draft;
    if (!opened) throw new Error('no draft');
    const wrong = submitDraft(changeDraft(opened, 'connectorId', '99'));
    expect(wrong.send).toBeNull();
    expect(wrong.draft?.step).toBe('form');
    expect(wrong.draft?.problems.connectorId).toMatch(/whole number from 1 to 16/);
    if (!wrong.draft) throw new Error('no draft');
    // Editing the field clears its problem until the next try.
    const edited = changeDraft(wrong.draft, 'connectorId', '2');
    expect(edited.problems).toEqual({});
    const confirming = submitDraft(edited).draft;
    expect(confirming).toMatchObject({ step: 'confirm', params: { connectorId: 2 } });
    if (!confirming) throw new Error('no confirmation');
    expect(submitDraft(confirming)).toEqual({ draft: null, send: { connectorId: 2 } });
  });

  it('sends a harmless command once its parameters parse, unless every step must be confirmed (bulk)', () => {
    const opened = startDraft('triggerMessage').draft;
    if (!opened) throw new Error('no draft');
    expect(submitDraft(opened)).toEqual({ draft: null, send: { requestedMessage: 'BootNotification' } });
    expect(submitDraft(opened, true).draft?.step).toBe('confirm');
    expect(startDraft('lock', {}, true).draft?.step).toBe('confirm');
  });
});
