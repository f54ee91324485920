/**
 * Under a device's or a station's header: the maintenance window covering it now ("Under maintenance
 * until 16:00 (2 h 10 min left) · reason · by supervisor"), or quietly one planned for later, with "End
 * now" / "Cancel" for the roles that may. Everyone sees it: a dispatcher should know why a device's
 * alarms are not counted.
 */
import { useState } from 'react';
import { mayDo } from '../../../shared/alarms.js';
import type { MaintenanceWindow } from '../../../shared/alarms.js';
import { useConsoleStore } from '../store/store.js';
import { formatAbsolute, operatorTimeZone } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';
import type { AlarmRequester } from './alarm-actions.js';
import { alarmBook } from './alarm-book.js';
import { endMaintenance } from './maintenance-actions.js';
import { describeWindow, isStationWide, windowEndMs, windowsFor } from './maintenance.js';
import type { MaintenanceTarget } from './maintenance.js';
import { useAlarmBookRevision } from './use-alarm-book.js';

interface MaintenanceBannerProps extends MaintenanceTarget {
  readonly requester: AlarmRequester;
}

function WindowLine({ window, target, nowMs, mayEnd, requester }: {
  readonly window: MaintenanceWindow;
  readonly target: MaintenanceTarget;
  readonly nowMs: number;
  readonly mayEnd: boolean;
  readonly requester: AlarmRequester;
}) {
  const [isEnding, setEnding] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const isCurrent = window.startsAtMs <= nowMs;
  const end = () => {
    if (isEnding) return;
    setEnding(true);
    setProblem(null);
    void endMaintenance(requester, alarmBook, window.id).then((outcome) => {
      setEnding(false);
      if (!outcome.ok) setProblem(outcome.text);
    });
  };
  const hover = `From ${formatAbsolute(window.startsAtMs)}\nuntil ${formatAbsolute(windowEndMs(window))}\nCreated by ${window.createdBy}`;
  return (
    <div
      className={`maintenance-banner ${isCurrent ? 'is-current' : 'is-scheduled'}`}
      role="status"
      data-testid={isCurrent ? 'maintenance-banner' : 'maintenance-scheduled'}
      data-window-id={window.id}
    >
      <span className="maintenance-icon" aria-hidden="true">
        {isCurrent ? '⚒' : '◷'}
      </span>
      <span className="maintenance-text" title={hover}>
        <span className="maintenance-when" data-testid="maintenance-when">
          {describeWindow(window, nowMs, operatorTimeZone())}
        </span>
        <span className="maintenance-detail">
          {isStationWide(window, target) && <span className="maintenance-scope">Whole station · </span>}
          <span className="maintenance-reason" data-testid="maintenance-reason-text">
            {window.reason}
          </span>
          <span className="maintenance-by"> · by {window.createdBy}</span>
        </span>
      </span>
      {mayEnd && (
        <button type="button" className="quiet-button maintenance-end" data-testid="maintenance-end" disabled={isEnding} onClick={end} title={isCurrent ? 'End the window now: alarms count again' : 'Cancel this planned window'}>
          {isEnding ? 'Ending…' : isCurrent ? 'End now' : 'Cancel'}
        </button>
      )}
      {problem && (
        <p className="maintenance-field-problem" role="alert" data-testid="maintenance-end-problem">
          {problem}
        </p>
      )}
    </div>
  );
}

export function MaintenanceBanner({ requester, deviceId, stationId }: MaintenanceBannerProps) {
  useAlarmBookRevision();
  const role = useConsoleStore((state) => state.session?.operator.role ?? null);
  const nowMs = useNow() + alarmBook.serverOffsetMs;
  const target = { deviceId, stationId };
  const { current, upcoming } = windowsFor(alarmBook.maintenance(), target, nowMs);
  // The window covering it now, and the next planned one: more would crowd the panel's header.
  const shown = [...current.slice(0, 1), ...upcoming.slice(0, 1)];
  if (shown.length === 0) return null;
  const mayEnd = role !== null && mayDo(role, 'maintenance');
  return (
    <div className="maintenance-banners" data-testid="maintenance-banners">
      {shown.map((window) => (
        <WindowLine key={window.id} window={window} target={target} nowMs={nowMs} mayEnd={mayEnd} requester={requester} />
      ))}
    </div>
  );
}
