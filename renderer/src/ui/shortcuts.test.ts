import { describe, expect, it } from 'vitest';
import {
  INITIAL_SHORTCUT_STATE,
  SEQUENCE_TIMEOUT_MS,
  commandKeyLabel,
  interpretKey,
  shortcutGroups,
  type KeyStroke,
  type ShortcutAction,
  type ShortcutContext,
  type ShortcutState,
} from './shortcuts.js';

const calm: ShortcutContext = { view: 'map', overlay: 'none', hasBoxSelection: false, hasPanel: false, isListOpen: true, hasAlarmPanel: false, hasAlarmSelection: false };

function stroke(key: string, extra: Partial<KeyStroke> = {}): KeyStroke {
  return { key, ctrlKey: false, metaKey: false, altKey: false, isTyping: false, isOnControl: false, atMs: 1000, ...extra };
}

function actionOf(key: string, extra: Partial<KeyStroke> = {}, context: Partial<ShortcutContext> = {}): ShortcutAction | null {
  return interpretKey(INITIAL_SHORTCUT_STATE, stroke(key, extra), { ...calm, ...context }).action;
}

/** Plays keys in order, as the hook does, and returns every action. */
function play(keys: readonly (string | [string, number])[], context: Partial<ShortcutContext> = {}): (ShortcutAction | null)[] {
  let state: ShortcutState = INITIAL_SHORTCUT_STATE;
  return keys.map((entry) => {
    const [key, atMs] = typeof entry === 'string' ? [entry, 1000] : entry;
    const result = interpretKey(state, stroke(key, { atMs }), { ...calm, ...context });
    state = result.state;
    return result.action;
  });
}

describe('interpretKey', () => {
  it('opens search with Ctrl+K, ⌘K or /, and Ctrl+K closes it again', () => {
    expect(actionOf('k', { ctrlKey: true })).toEqual({ type: 'openSearch' });
    expect(actionOf('K', { metaKey: true })).toEqual({ type: 'openSearch' });
    expect(actionOf('/')).toEqual({ type: 'openSearch' });
    expect(actionOf('k', { ctrlKey: true }, { overlay: 'search' })).toEqual({ type: 'closeOverlay' });
  });

  it('opens search with Ctrl+K even while typing, but not with /', () => {
    expect(actionOf('k', { ctrlKey: true, isTyping: true })).toEqual({ type: 'openSearch' });
    expect(actionOf('/', { isTyping: true })).toBeNull();
  });

  it('gives Esc one job at a time: overlay, then text field, then box selection, then panel', () => {
    const everything: Partial<ShortcutContext> = { overlay: 'help', hasBoxSelection: true, hasPanel: true };
    expect(actionOf('Escape', { isTyping: true }, everything)).toEqual({ type: 'closeOverlay' });
    expect(actionOf('Escape', { isTyping: true }, { ...everything, overlay: 'none' })).toEqual({ type: 'leaveInput' });
    expect(actionOf('Escape', {}, { ...everything, overlay: 'none' })).toEqual({ type: 'clearBoxSelection' });
    expect(actionOf('Escape', {}, { hasPanel: true })).toEqual({ type: 'closePanel' });
    expect(actionOf('Escape')).toBeNull();
  });

  it('ignores single letters while typing and leaves other modified keys to the browser', () => {
    for (const key of ['j', 'k', 'f', 'l', '?', 'g', 'Enter']) expect(actionOf(key, { isTyping: true }, { hasPanel: true })).toBeNull();
    expect(actionOf('l', { ctrlKey: true })).toBeNull();
    expect(actionOf('f', { altKey: true }, { hasPanel: true })).toBeNull();
    expect(actionOf('k', { ctrlKey: true, altKey: true })).toBeNull();
  });

  it('switches view with g then a letter, only to views that exist, and only soon after the g', () => {
    expect(play(['g', 'm'])).toEqual([null, { type: 'goView', view: 'map' }]);
    expect(play(['g', 'a'])).toEqual([null, { type: 'goView', view: 'alarms' }]);
    expect(play(['g', 'v'])).toEqual([null, { type: 'goView', view: 'review' }]);
    expect(play(['g', 'r'])).toEqual([null, { type: 'goView', view: 'reservations' }]);
    expect(play(['g', 's'])).toEqual([null, { type: 'goView', view: 'support' }]);
    // g then a letter of no view does nothing, and the letter is not taken as another shortcut.
    expect(play(['g', 'x', 'l'])).toEqual([null, null, { type: 'toggleList' }]);
    expect(play(['g', 'l'])).toEqual([null, null]);
    expect(play([['g', 1000], ['m', 1000 + SEQUENCE_TIMEOUT_MS + 1]])).toEqual([null, null]);
    expect(play([['g', 1000], ['l', 1000 + SEQUENCE_TIMEOUT_MS + 1]])).toEqual([null, { type: 'toggleList' }]);
  });

  it('toggles help with ?, and while help is shown only ? and Esc do anything', () => {
    expect(actionOf('?')).toEqual({ type: 'toggleHelp' });
    expect(actionOf('?', {}, { overlay: 'help' })).toEqual({ type: 'toggleHelp' });
    expect(actionOf('j', {}, { overlay: 'help' })).toBeNull();
    expect(actionOf('/', {}, { overlay: 'help' })).toBeNull();
    expect(actionOf('?', {}, { overlay: 'search' })).toBeNull();
  });

  it('follows only when something is selected', () => {
    expect(actionOf('f', {}, { hasPanel: true })).toEqual({ type: 'toggleFollow' });
    expect(actionOf('f')).toBeNull();
  });

  it('moves and opens in the list only while the list is shown, and leaves Enter to a focused button', () => {
    expect(actionOf('j')).toEqual({ type: 'listMove', by: 1 });
    expect(actionOf('k')).toEqual({ type: 'listMove', by: -1 });
    expect(actionOf('Enter')).toEqual({ type: 'listOpen' });
    expect(actionOf('Enter', { isOnControl: true })).toBeNull();
    expect(actionOf('j', {}, { isListOpen: false })).toBeNull();
    expect(actionOf('Enter', {}, { isListOpen: false })).toBeNull();
    expect(actionOf('l', {}, { isListOpen: false })).toEqual({ type: 'toggleList' });
  });
});

describe('the shortcut list', () => {
  it('names the command key of the platform', () => {
    expect(commandKeyLabel('MacIntel')).toBe('⌘');
    expect(commandKeyLabel('Linux x86_64')).toBe('Ctrl');
    expect(shortcutGroups('⌘')[0]?.shortcuts[0]?.keys[0]).toEqual(['⌘', 'K']);
  });

  it('lists every key interpretKey acts on', () => {
    const listed = new Set(shortcutGroups('Ctrl').flatMap((group) => group.shortcuts.flatMap((shortcut) => shortcut.keys.flat())));
    for (const key of ['K', '/', 'Esc', '?', 'g', 'm', 'l', 'j', 'k', 'Enter', 'f', 'a', 'v', 'x', 'r', 'n']) expect(listed).toContain(key);
  });
});

describe('triage keys in the alarms view', () => {
  const alarms: Partial<ShortcutContext> = { view: 'alarms' };

  it('moves, opens, ticks and acknowledges, and leaves the map’s keys alone', () => {
    expect(actionOf('j', {}, alarms)).toEqual({ type: 'alarmMove', by: 1 });
    expect(actionOf('k', {}, alarms)).toEqual({ type: 'alarmMove', by: -1 });
    expect(actionOf('Enter', {}, alarms)).toEqual({ type: 'alarmOpen' });
    expect(actionOf('Enter', { isOnControl: true }, alarms)).toBeNull();
    expect(actionOf('x', {}, alarms)).toEqual({ type: 'alarmToggleSelect' });
    expect(actionOf('a', {}, alarms)).toEqual({ type: 'alarmAcknowledge' });
    expect(actionOf('l', {}, alarms)).toBeNull();
    expect(actionOf('f', {}, { ...alarms, hasPanel: true })).toBeNull();
    expect(play(['g', 'm'], alarms)).toEqual([null, { type: 'goView', view: 'map' }]);
    // On the map, a and x mean nothing.
    expect(actionOf('a')).toBeNull();
    expect(actionOf('x')).toBeNull();
  });

  it('keeps letters for the comment box', () => {
    for (const key of ['a', 'x', 'j', 'Enter']) expect(actionOf(key, { isTyping: true }, alarms)).toBeNull();
  });

  it('closes the alarm panel with Esc, then unticks, and never touches the map’s panel from there', () => {
    const busy: Partial<ShortcutContext> = { ...alarms, hasAlarmPanel: true, hasAlarmSelection: true, hasPanel: true, hasBoxSelection: true };
    expect(actionOf('Escape', {}, busy)).toEqual({ type: 'closeAlarmPanel' });
    expect(actionOf('Escape', {}, { ...busy, hasAlarmPanel: false })).toEqual({ type: 'clearAlarmSelection' });
    expect(actionOf('Escape', {}, { ...alarms, hasPanel: true })).toBeNull();
    expect(actionOf('Escape', {}, { view: 'review', hasPanel: true })).toBeNull();
  });
});

describe('list keys in the reservations view', () => {
  const reservations: Partial<ShortcutContext> = { view: 'reservations' };

  it('moves, opens, starts a new one and closes the side panel, and leaves the map’s keys alone', () => {
    expect(actionOf('j', {}, reservations)).toEqual({ type: 'reservationMove', by: 1 });
    expect(actionOf('k', {}, reservations)).toEqual({ type: 'reservationMove', by: -1 });
    expect(actionOf('Enter', {}, reservations)).toEqual({ type: 'reservationOpen' });
    expect(actionOf('Enter', { isOnControl: true }, reservations)).toBeNull();
    expect(actionOf('n', {}, reservations)).toEqual({ type: 'reservationNew' });
    expect(actionOf('Escape', {}, { ...reservations, hasPanel: true, hasBoxSelection: true })).toEqual({ type: 'reservationClose' });
    expect(actionOf('l', {}, reservations)).toBeNull();
    expect(actionOf('a', {}, reservations)).toBeNull();
    expect(play(['g', 'r'], reservations)).toEqual([null, { type: 'goView', view: 'reservations' }]);
    // Elsewhere n means nothing.
    expect(actionOf('n')).toBeNull();
  });

  it('keeps letters, and a first Esc, for the form’s fields', () => {
    for (const key of ['j', 'k', 'n', 'Enter']) expect(actionOf(key, { isTyping: true }, reservations)).toBeNull();
    expect(actionOf('Escape', { isTyping: true }, reservations)).toEqual({ type: 'leaveInput' });
  });
});
