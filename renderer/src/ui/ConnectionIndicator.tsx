/** LIVE, RECONNECTING… or OFFLINE since 14:02 · data 3 min old: the console never hides how old its data is. */
import { useConsoleStore } from '../store/store.js';
import { formatAbsolute, formatClock, formatDuration } from './format.js';
import { useNow } from './use-now.js';

export function ConnectionIndicator() {
  const connection = useConsoleStore((state) => state.connection);
  const lostAtMs = useConsoleStore((state) => state.lostAtMs);
  const lastDataAtMs = useConsoleStore((state) => state.lastDataAtMs);
  const now = useNow();
  const dataAge = lastDataAtMs === null ? 'no data yet' : `data ${formatDuration(now - lastDataAtMs)} old`;

  let text: string;
  if (connection === 'live') text = '● LIVE';
  else if (connection === 'connecting') text = 'CONNECTING…';
  else if (connection === 'reconnecting') text = 'RECONNECTING…';
  else if (connection === 'offline') text = `OFFLINE since ${formatClock(lostAtMs ?? now)} · ${dataAge}`;
  else text = 'NOT CONNECTED';

  const title = [
    lostAtMs === null ? null : `Connection lost at ${formatAbsolute(lostAtMs)}`,
    lastDataAtMs === null ? null : `Last fleet data at ${formatAbsolute(lastDataAtMs)}`,
  ]
    .filter((line) => line !== null)
    .join('\n');

  return (
    <span className={`connection connection-${connection}`} data-testid="connection-state" data-state={connection} title={title || undefined}>
      {text}
    </span>
  );
}
