/** Runs the alarm notifier while the console screen is up, on the bridge chosen at start-up. */
import { useEffect } from 'react';
import { currentBridge } from '../bridge/current-bridge.js';
import { startConsoleNotifier } from './console-notifier.js';

export function useAlarmNotifier(): void {
  useEffect(() => {
    const bridge = currentBridge();
    if (!bridge) return undefined;
    const notifier = startConsoleNotifier(bridge);
    return () => notifier.stop();
  }, []);
}
