import { updateSettings } from '../bridge/current-bridge.js';
import { useConsoleStore } from '../store/store.js';
import { ConnectionIndicator } from './ConnectionIndicator.js';
import { FleetCountsBar } from './FleetCountsBar.js';

export function Header() {
  const username = useConsoleStore((state) => state.session?.operator.username ?? '');
  const role = useConsoleStore((state) => state.session?.operator.role ?? '');
  const theme = useConsoleStore((state) => state.settings?.theme ?? 'dark');
  const signOut = useConsoleStore((state) => state.signOut);
  const nextTheme = theme === 'dark' ? 'light' : 'dark';
  return (
    <header className="header">
      <span className="brand" title="Cyberponies Fleet Console">
        Cyberponies
      </span>
      <ConnectionIndicator />
      <FleetCountsBar />
      <span className="header-spacer" />
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
