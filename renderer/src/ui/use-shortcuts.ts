/** Feeds the window's key presses to interpretKey and carries out what it answers. */
import { useEffect } from 'react';
import { kindFromCode } from '../../../shared/fleet.js';
import { alarmCommands } from '../alarms/alarm-commands.js';
import { listCommands } from '../find/list-commands.js';
import { reservationCommands } from '../reservations/reservation-commands.js';
import { useConsoleStore, type ConsoleState } from '../store/store.js';
import { fleetModel } from '../sync/fleet-controller.js';
import { INITIAL_SHORTCUT_STATE, interpretKey, type KeyStroke, type ShortcutAction } from './shortcuts.js';

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color'].includes(target.type);
}

function strokeOf(event: KeyboardEvent): KeyStroke {
  const target = event.target;
  return {
    key: event.key,
    ctrlKey: event.ctrlKey,
    metaKey: event.metaKey,
    altKey: event.altKey,
    isTyping: isTextField(target),
    isOnControl: target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement || (target instanceof HTMLInputElement && !isTextField(target)),
    atMs: event.timeStamp,
  };
}

function perform(action: ShortcutAction, state: ConsoleState, event: KeyboardEvent): void {
  switch (action.type) {
    case 'openSearch':
      return state.setOverlay('search');
    case 'closeOverlay':
      return state.setOverlay('none');
    case 'toggleHelp':
      return state.setOverlay(state.overlay === 'help' ? 'none' : 'help');
    case 'leaveInput':
      if (event.target instanceof HTMLElement) event.target.blur();
      return;
    case 'clearBoxSelection':
      return state.setBoxSelection([]);
    case 'closePanel':
      if (state.selectedDeviceId !== null) state.select(null);
      else state.selectStation(null);
      return;
    case 'goView':
      return state.setView(action.view);
    case 'toggleFollow': {
      const index = state.selectedDeviceId === null ? -1 : fleetModel.indexOf(state.selectedDeviceId);
      // Only cars move; following a charge point would mean nothing.
      if (index >= 0 && kindFromCode(fleetModel.kind[index] ?? 0) === 'car') state.setFollowing(!state.isFollowing);
      return;
    }
    case 'toggleList':
      return state.setListOpen(!state.isListOpen);
    case 'listMove':
      return listCommands.move(action.by);
    case 'listOpen':
      return listCommands.open();
    case 'alarmMove':
      return alarmCommands.move(action.by);
    case 'alarmOpen':
      return alarmCommands.open();
    case 'alarmToggleSelect':
      return alarmCommands.toggleSelected();
    case 'alarmAcknowledge':
      return alarmCommands.acknowledge();
    case 'closeAlarmPanel':
      return state.openAlarm(null);
    case 'clearAlarmSelection':
      return state.setAlarmSelection([]);
    case 'reservationMove':
      return reservationCommands.move(action.by);
    case 'reservationOpen':
      return reservationCommands.open();
    case 'reservationNew':
      return reservationCommands.create();
    case 'reservationClose':
      return reservationCommands.close();
  }
}

export function useShortcuts(): void {
  useEffect(() => {
    let shortcutState = INITIAL_SHORTCUT_STATE;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const state = useConsoleStore.getState();
      const { state: next, action } = interpretKey(shortcutState, strokeOf(event), {
        view: state.view,
        overlay: state.overlay,
        hasBoxSelection: state.boxSelection.length > 0,
        hasPanel: state.selectedDeviceId !== null || state.selectedStationId !== null,
        isListOpen: state.isListOpen,
        hasAlarmPanel: state.selectedAlarmId !== null,
        hasAlarmSelection: state.alarmSelection.length > 0,
      });
      shortcutState = next;
      if (!action) return;
      event.preventDefault();
      perform(action, state, event);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
