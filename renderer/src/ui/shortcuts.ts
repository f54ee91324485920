/**
 * The console's keyboard (CONSOLE.md), as a pure function from a key stroke and what is on screen to
 * one action, so that every rule is tested without a browser. The hook that feeds it real key events
 * and performs the actions is use-shortcuts.ts; the help overlay lists SHORTCUTS.
 */
import type { View } from '../find/view-hash.js';
import type { Overlay } from '../store/ui-slice.js';

export interface KeyStroke {
  /** KeyboardEvent.key: 'k', 'K', '/', '?', 'Escape', 'Enter'… */
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  /** Focus is in a text field: letters are text, not commands. */
  readonly isTyping: boolean;
  /** Focus is on a button or link, where Enter already means "press this". */
  readonly isOnControl: boolean;
  readonly atMs: number;
}

export interface ShortcutContext {
  readonly view: View;
  readonly overlay: Overlay;
  readonly hasBoxSelection: boolean;
  /** A device or station panel is open. */
  readonly hasPanel: boolean;
  readonly isListOpen: boolean;
  /** The alarms view's panel is open. */
  readonly hasAlarmPanel: boolean;
  /** Rows of the alarms view are ticked. */
  readonly hasAlarmSelection: boolean;
}

export type ShortcutAction =
  | { readonly type: 'openSearch' }
  | { readonly type: 'closeOverlay' }
  | { readonly type: 'toggleHelp' }
  | { readonly type: 'leaveInput' }
  | { readonly type: 'clearBoxSelection' }
  | { readonly type: 'closePanel' }
  | { readonly type: 'goView'; readonly view: View }
  | { readonly type: 'toggleFollow' }
  | { readonly type: 'toggleList' }
  | { readonly type: 'listMove'; readonly by: 1 | -1 }
  | { readonly type: 'listOpen' }
  | { readonly type: 'alarmMove'; readonly by: 1 | -1 }
  | { readonly type: 'alarmOpen' }
  | { readonly type: 'alarmToggleSelect' }
  | { readonly type: 'alarmAcknowledge' }
  | { readonly type: 'closeAlarmPanel' }
  | { readonly type: 'clearAlarmSelection' }
  | { readonly type: 'reservationMove'; readonly by: 1 | -1 }
  | { readonly type: 'reservationOpen' }
  | { readonly type: 'reservationNew' }
  | { readonly type: 'reservationClose' };

/** A pending "g", waiting for the view's letter. */
export interface ShortcutState {
  readonly pendingSinceMs: number | null;
}

export const INITIAL_SHORTCUT_STATE: ShortcutState = { pendingSinceMs: null };

/** How long "g" waits for its letter. */
export const SEQUENCE_TIMEOUT_MS = 1500;

/** The letter after "g" for each view. */
export const VIEW_LETTERS: Readonly<Record<string, View>> = { m: 'map', a: 'alarms', r: 'reservations', s: 'support', v: 'review' };

export interface Interpretation {
  readonly state: ShortcutState;
  readonly action: ShortcutAction | null;
}

const none = (state: ShortcutState = INITIAL_SHORTCUT_STATE): Interpretation => ({ state, action: null });
const act = (action: ShortcutAction): Interpretation => ({ state: INITIAL_SHORTCUT_STATE, action });

export function interpretKey(state: ShortcutState, stroke: KeyStroke, context: ShortcutContext): Interpretation {
  const key = stroke.key;
  const isCommandKey = stroke.ctrlKey || stroke.metaKey;
  // Search opens from anywhere, even from a text field: it is the way out of everything else.
  if (isCommandKey && !stroke.altKey && (key === 'k' || key === 'K')) return act(context.overlay === 'search' ? { type: 'closeOverlay' } : { type: 'openSearch' });
  if (key === 'Escape') {
    if (context.overlay !== 'none') return act({ type: 'closeOverlay' });
    if (stroke.isTyping) return act({ type: 'leaveInput' });
    // The alarms view closes its panel first, then lets go of the ticked rows.
    if (context.view === 'alarms') {
      if (context.hasAlarmPanel) return act({ type: 'closeAlarmPanel' });
      return context.hasAlarmSelection ? act({ type: 'clearAlarmSelection' }) : none();
    }
    // The reservations view closes its side panel (details or the new-reservation form) itself.
    if (context.view === 'reservations') return act({ type: 'reservationClose' });
    if (context.view !== 'map') return none();
    if (context.hasBoxSelection) return act({ type: 'clearBoxSelection' });
    if (context.hasPanel) return act({ type: 'closePanel' });
    return none();
  }
  // Other combinations belong to the browser (copy, reload, zoom…); text fields keep their letters.
  if (isCommandKey || stroke.altKey || stroke.isTyping) return none();
  if (context.overlay === 'help') return key === '?' ? act({ type: 'toggleHelp' }) : none(state);
  if (context.overlay !== 'none') return none();

  const isPending = state.pendingSinceMs !== null && stroke.atMs - state.pendingSinceMs <= SEQUENCE_TIMEOUT_MS;
  if (isPending) {
    // "g" then a letter of no view does nothing: the console does not pretend a view exists.
    const view = VIEW_LETTERS[key.toLowerCase()];
    return view ? act({ type: 'goView', view }) : none();
  }
  switch (key) {
    case 'g':
      return none({ pendingSinceMs: stroke.atMs });
    case '/':
      return act({ type: 'openSearch' });
    case '?':
      return act({ type: 'toggleHelp' });
  }
  if (context.view === 'alarms') return alarmKey(stroke);
  if (context.view === 'reservations') return reservationKey(stroke);
  if (context.view !== 'map') return none();
  switch (key) {
    case 'f':
      return context.hasPanel ? act({ type: 'toggleFollow' }) : none();
    case 'l':
      return act({ type: 'toggleList' });
    case 'j':
      return context.isListOpen ? act({ type: 'listMove', by: 1 }) : none();
    case 'k':
      return context.isListOpen ? act({ type: 'listMove', by: -1 }) : none();
    case 'Enter':
      return context.isListOpen && !stroke.isOnControl ? act({ type: 'listOpen' }) : none();
    default:
      return none();
  }
}

/** The alarms view's triage keys. */
function alarmKey(stroke: KeyStroke): Interpretation {
  switch (stroke.key) {
    case 'j':
      return act({ type: 'alarmMove', by: 1 });
    case 'k':
      return act({ type: 'alarmMove', by: -1 });
    case 'Enter':
      return stroke.isOnControl ? none() : act({ type: 'alarmOpen' });
    case 'x':
      return act({ type: 'alarmToggleSelect' });
    case 'a':
      return act({ type: 'alarmAcknowledge' });
    default:
      return none();
  }
}

/** The reservations view's list keys. */
function reservationKey(stroke: KeyStroke): Interpretation {
  switch (stroke.key) {
    case 'j':
      return act({ type: 'reservationMove', by: 1 });
    case 'k':
      return act({ type: 'reservationMove', by: -1 });
    case 'Enter':
      return stroke.isOnControl ? none() : act({ type: 'reservationOpen' });
    case 'n':
      return act({ type: 'reservationNew' });
    default:
      return none();
  }
}

export interface ShortcutHelp {
  /** Alternatives, each a sequence of keys: [['Ctrl', 'K'], ['/']]. */
  readonly keys: readonly (readonly string[])[];
  readonly description: string;
}

export interface ShortcutGroup {
  readonly title: string;
  readonly shortcuts: readonly ShortcutHelp[];
}

/** Every shortcut, for the "?" overlay. `commandKey` is "Ctrl", or "⌘" on a Mac. */
export function shortcutGroups(commandKey: string): readonly ShortcutGroup[] {
  return [
    {
      title: 'Anywhere',
      shortcuts: [
        { keys: [[commandKey, 'K'], ['/']], description: 'Search devices and stations by id, plate, serial, station or address' },
        { keys: [['Esc']], description: 'Close the search or this help; else leave the text field; else clear the box selection or close the panel' },
        { keys: [['?']], description: 'Show or hide these shortcuts' },
      ],
    },
    {
      title: 'Views',
      shortcuts: [
        { keys: [['g', 'm']], description: 'Go to the map' },
        { keys: [['g', 'a']], description: 'Go to the alarms' },
        { keys: [['g', 'r']], description: 'Go to the reservations' },
        { keys: [['g', 's']], description: 'Go to support: a customer\'s timeline' },
        { keys: [['g', 'v']], description: 'Go to the review of alarms over time' },
      ],
    },
    {
      title: 'Map and list',
      shortcuts: [
        { keys: [['l']], description: 'Show or hide the list of filtered devices' },
        { keys: [['j'], ['k']], description: 'Next / previous device in the list' },
        { keys: [['Enter']], description: 'Open the device under the list cursor and show it on the map' },
        { keys: [['f']], description: 'Follow the selected car on the map, or stop following' },
      ],
    },
    {
      title: 'Alarms',
      shortcuts: [
        { keys: [['j'], ['k']], description: 'Next / previous alarm' },
        { keys: [['Enter']], description: 'Open the alarm under the cursor in the panel' },
        { keys: [['x']], description: 'Tick or untick the alarm under the cursor, for bulk actions' },
        { keys: [['a']], description: 'Acknowledge the ticked alarms, else the one under the cursor (critical ones ask for a comment)' },
        { keys: [['Esc']], description: 'Close the alarm panel; else untick every alarm' },
      ],
    },
    {
      title: 'Reservations',
      shortcuts: [
        { keys: [['j'], ['k']], description: 'Next / previous reservation' },
        { keys: [['Enter']], description: 'Open the reservation under the cursor' },
        { keys: [['n']], description: 'Make a new reservation' },
        { keys: [['Esc']], description: 'Close the reservation or the new-reservation form' },
      ],
    },
    {
      title: 'Support timeline',
      shortcuts: [
        { keys: [['j'], ['k']], description: 'Next / previous entry (also ↓ ↑, Home, End)' },
        { keys: [['Enter']], description: 'Open the entry’s device on the map' },
      ],
    },
    {
      title: 'In the search',
      shortcuts: [
        { keys: [['↑'], ['↓']], description: 'Move through the results' },
        { keys: [['Enter']], description: 'Open the result and show it on the map' },
      ],
    },
  ];
}

/** "⌘" on Apple keyboards, "Ctrl" elsewhere. */
export function commandKeyLabel(platform: string): string {
  return /mac|iphone|ipad/i.test(platform) ? '⌘' : 'Ctrl';
}
