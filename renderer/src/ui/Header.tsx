/** Always on screen: connection, fleet counts, search (Ctrl+K), shortcuts, theme and the operator. */
import { NotificationControls } from '../alarms/NotificationControls.js';
import { updateSettings } from '../bridge/current-bridge.js';
import { useConsoleStore } from '../store/store.js';
import { AlarmCounts } from './AlarmCounts.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { FleetCountsBar } from './FleetCountsBar.js';
import { commandKeyLabel } from './shortcuts.js';

export function Header() {
  const username = useConsoleStore((state) => state.session?.operator.username ?? '');
  const role = useConsoleStore((state) => state.session?.operator.role ?? '');
  const theme = useConsoleStore((state) => state.settings?.theme ?? 'dark');
  const signOut = useConsoleStore((state) => state.signOut);
  const setOverlay = useConsoleStore((state) => state.setOverlay);
  const nextTheme = theme === 'dark' ? 'light' : 'dark';
  const commandKey = commandKeyLabel(navigator.platform);
  return (
    <header className="header">
      <span className="brand" title="Cyberponies Fleet Console">
        Cyberponies
      </span>
      <ConnectionIndicator />
      <FleetCountsBar />
      <AlarmCounts />
      <span className="header-spacer" />
      <NotificationControls />
      <button type="button" className="search-button" data-testid="search-button" onClick={() => setOverlay('search')} title="Search devices and stations">
        <svg viewBox="0 0 20 20" width="14" height="14" aria-hidden="true">
          <circle cx="8.5" cy="8.5" r="5.5" fill="none" stroke="currentColor" strokeWidth="1.7" />
          <path d="m13 13 4.5 4.5" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" />
        </svg>
        <span className="search-button-text">Search id, plate, station…</span>
        <kbd>
          {commandKey === '⌘' ? '⌘' : 'Ctrl '}K
        </kbd>
      </button>
      <button type="button" className="quiet-button help-button" data-testid="help-button" onClick={() => setOverlay('help')} title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts">
        ?
      </button>
      <button type="button" className="quiet-button" onClick={() => void updateSettings({ theme: nextTheme })} title={`Switch to the ${nextTheme} theme`}>
        {nextTheme === 'light' ? 'Light' : 'Dark'}
      </button>
      <span className="operator" data-testid="operator">
        <span className="operator-name">{username}</span>
        <span className="operator-role">{role}</span>
      </span>
      <button type="button" className="quiet-button" data-testid="logout" onClick={() => signOut()}>
        Log out
      </button>
    </header>
  );
}
