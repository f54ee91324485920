import { ConsoleScreen } from './screens/ConsoleScreen.js';
import { LoginScreen } from './screens/LoginScreen.js';
import { useConsoleStore } from './store/store.js';

export function App() {
  const isSignedIn = useConsoleStore((state) => state.session !== null);
  return isSignedIn ? <ConsoleScreen /> : <LoginScreen />;
}
