/** Username and password, with errors a person can act on, and the backend's address in small print. */
import { useState, type FormEvent } from 'react';
import { useConsoleStore } from '../store/store.js';
import { ApiError, login } from '../sync/api.js';

function loginErrorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401 || error.code === 'unauthenticated') return 'Wrong username or password.';
    if (error.status === 429) return 'Too many attempts. Wait a minute, then try again.';
    return error.message;
  }
  return 'Login failed for an unexpected reason. Try again.';
}

export function LoginScreen() {
  const backendUrl = useConsoleStore((state) => state.settings?.backendUrl ?? '');
  const version = useConsoleStore((state) => state.config?.version ?? null);
  const configError = useConsoleStore((state) => state.configError);
  const notice = useConsoleStore((state) => state.loginNotice);
  const signIn = useConsoleStore((state) => state.signIn);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isBusy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError('Enter your username and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      signIn(await login(backendUrl, { username: username.trim(), password }));
    } catch (caught) {
      setError(loginErrorText(caught));
      setBusy(false);
    }
  };

  const message = error ?? notice;
  return (
    <main className="login-screen">
      <form className="login-card" data-testid="login-form" onSubmit={(event) => void submit(event)} noValidate>
        <div className="login-brand">
          <span className="login-logo" aria-hidden="true" />
          <div>
            <h1>Cyberponies</h1>
            <p className="login-subtitle">Fleet Console</p>
          </div>
        </div>
        <label className="login-field">
          <span>Username</span>
          <input data-testid="login-username" name="username" autoComplete="username" autoFocus value={username} onChange={(event) => setUsername(event.target.value)} />
        </label>
        <label className="login-field">
          <span>Password</span>
          <input data-testid="login-password" name="password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        <p className={`login-error${message ? '' : ' is-empty'}${error === null && notice ? ' is-notice' : ''}`} data-testid="login-error" role="alert">
          {message ?? ''}
        </p>
        <button type="submit" className="login-submit" data-testid="login-submit" disabled={isBusy}>
          {isBusy ? 'Logging in…' : 'Log in'}
        </button>
        <footer className="login-footer">
          <span title="The backend this console talks to">{backendUrl}</span>
          {version && <span>v{version}</span>}
          {configError && <span className="tone-text-faulted">{configError}</span>}
        </footer>
      </form>
    </main>
  );
}
