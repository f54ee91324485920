/** Start-up: the bridge and its settings, the saved session, the backend's config, then the UI. */
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { ConsoleConfig } from '../../shared/console-api.js';
import { App } from './App.js';
import { setCurrentBridge } from './bridge/current-bridge.js';
import { resolveBridge } from './bridge/desktop-bridge.js';
import { useConsoleStore } from './store/store.js';
import { ApiError, fetchConfig } from './sync/api.js';
import { fleetModel, followSession } from './sync/fleet-controller.js';
import { loadSession, saveSession } from './sync/session-storage.js';
import { installTestHook } from './testing/test-hook.js';
import { applyTheme } from './ui/theme.js';

const CONFIG_RETRY_MS = 3000;
const EXPIRY_CHECK_MS = 15_000;

/** Reads the backend's public config, retrying until it answers; later readers share the first answer. */
function loadConfig(backendUrl: string): Promise<ConsoleConfig> {
  return new Promise((resolve) => {
    const attempt = () => {
      fetchConfig(backendUrl).then(
        (config) => {
          if (useConsoleStore.getState().settings?.backendUrl !== backendUrl) return;
          useConsoleStore.getState().setConfig(config);
          resolve(config);
        },
        (error: unknown) => {
          const message = error instanceof ApiError ? error.message : `Cannot read the backend's config at ${backendUrl}.`;
          useConsoleStore.getState().setConfig(null, message);
          setTimeout(attempt, CONFIG_RETRY_MS);
        },
      );
    };
    attempt();
  });
}

async function boot(): Promise<void> {
  const element = document.getElementById('root');
  if (!element) throw new Error('index.html has no #root');
  installTestHook(fleetModel);

  let configReady: Promise<ConsoleConfig> | null = null;
  const bridge = resolveBridge(async () => {
    if (!configReady) throw new Error('The backend config is not loading yet');
    return (await configReady).version;
  });
  setCurrentBridge(bridge);
  const settings = await bridge.getSettings();
  const store = useConsoleStore.getState();
  store.setPlatform(bridge.platform);
  store.setSettings(settings);
  applyTheme(document.documentElement, settings.theme);
  configReady = loadConfig(settings.backendUrl);

  const saved = loadSession(window.sessionStorage, Date.now());
  if (saved) store.signIn(saved);

  useConsoleStore.subscribe((state, previous) => {
    if (state.session !== previous.session) saveSession(window.sessionStorage, state.session);
    const theme = state.settings?.theme;
    if (theme && theme !== previous.settings?.theme) applyTheme(document.documentElement, theme);
    const backendUrl = state.settings?.backendUrl;
    if (backendUrl && backendUrl !== previous.settings?.backendUrl) configReady = loadConfig(backendUrl);
  });
  setInterval(() => {
    const session = useConsoleStore.getState().session;
    if (session && Date.parse(session.expiresAt) <= Date.now()) useConsoleStore.getState().signOut('Your session has expired. Please log in again.');
  }, EXPIRY_CHECK_MS);
  followSession();

  createRoot(element).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void boot();
