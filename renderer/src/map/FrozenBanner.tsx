/**
 * "Frozen — data as of 14:02:11 (3 min ago) · reconnecting…": when the console has lost the backend, the
 * map says that what it shows is a picture of the past, and of when.
 */
import { useConsoleStore } from '../store/store.js';
import { formatAbsolute, formatAge, operatorTimeZone } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';

/** "14:02:11" in the operator's time zone. */
export function formatClockSeconds(timeMs: number, timeZone: string = operatorTimeZone()): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(new Date(timeMs));
}

/** Frozen once live data stopped: reconnecting or offline with data from before. */
export function useIsFrozen(): boolean {
  return useConsoleStore((state) => (state.connection === 'reconnecting' || state.connection === 'offline') && state.lastDataAtMs !== null);
}

export function FrozenBanner() {
  const isFrozen = useIsFrozen();
  const connection = useConsoleStore((state) => state.connection);
  const lastDataAtMs = useConsoleStore((state) => state.lastDataAtMs);
  const lostAtMs = useConsoleStore((state) => state.lostAtMs);
  const now = useNow();
  if (!isFrozen || lastDataAtMs === null) return null;
  const trying = connection === 'offline' && lostAtMs !== null ? `offline since ${formatClockSeconds(lostAtMs)} · retrying…` : 'reconnecting…';
  return (
    <div className="frozen-banner" role="status" data-testid="frozen-banner" title={`Last fleet data at ${formatAbsolute(lastDataAtMs)}`}>
      <span className="frozen-banner-icon" aria-hidden="true" />
      <strong>Frozen</strong>
      <span>
        {' — data as of '}
        {formatClockSeconds(lastDataAtMs)} ({formatAge(lastDataAtMs, now)})
      </span>
      <span className="frozen-banner-trying">{` · ${trying}`}</span>
    </div>
  );
}
