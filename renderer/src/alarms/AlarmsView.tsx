/**
 * The alarms view (CONSOLE.md, issue 5): the filter bar over the table of alarms, the selected
 * alarm's panel on the right, bulk actions under the table, and keyboard triage — j/k move, Enter
 * opens, x ticks, a acknowledges (with a comment), Esc closes the panel then unticks. Filters, order
 * and the open alarm live in the store and the URL hash.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Alarm } from '../../../shared/alarms.js';
import { useConsoleStore } from '../store/store.js';
import { fleetController, fleetModel } from '../sync/fleet-controller.js';
import { useNow } from '../ui/use-now.js';
import { AcknowledgeDialog } from './AcknowledgeDialog.js';
import { alarmBook } from './alarm-book.js';
import { registerAlarmCommands } from './alarm-commands.js';
import { nextSort, selectAlarms, type AlarmSortKey } from './alarm-filters.js';
import { AlarmFilterBar } from './AlarmFilterBar.js';
import { AlarmPanel } from './AlarmPanel.js';
import { AlarmTable } from './AlarmTable.js';
import { fleetAlarmNames } from './alarm-words.js';
import { BulkBar } from './BulkBar.js';
import { NO_CURSOR, acknowledgeTargets, moveCursor, pruneSelection, resolveCursor, type Cursor } from './triage.js';
import { useAlarmBookRevision } from './use-alarm-book.js';
import { mergeAlarms, useClosedAlarms } from './use-closed-alarms.js';
import { useAssignees } from './use-assignees.js';
import { useTriage } from './use-triage.js';

function ClosedNotice({ isLoading, error, hasMore, onMore, onRetry }: { readonly isLoading: boolean; readonly error: string | null; readonly hasMore: boolean; readonly onMore: () => void; readonly onRetry: () => void }) {
  if (error) {
    return (
      <div className="alarm-notice is-error" role="alert">
        Could not load closed alarms: {error}{' '}
        <button type="button" className="link-button" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  }
  if (isLoading) return <div className="alarm-notice">Loading closed alarms…</div>;
  if (!hasMore) return null;
  return (
    <div className="alarm-notice">
      Older closed alarms exist.{' '}
      <button type="button" className="link-button" data-testid="alarm-closed-more" onClick={onMore}>
        Load more
      </button>
    </div>
  );
}

export function AlarmsView() {
  const filters = useConsoleStore((state) => state.alarmFilters);
  const sort = useConsoleStore((state) => state.alarmSort);
  const openId = useConsoleStore((state) => state.selectedAlarmId);
  const selection = useConsoleStore((state) => state.alarmSelection);
  const role = useConsoleStore((state) => state.session?.operator.role ?? null);
  const revision = useAlarmBookRevision();
  const nowMs = useNow() + alarmBook.serverOffsetMs;
  const wantsClosed = filters.states.includes('closed');
  const closed = useClosedAlarms(wantsClosed);
  const triage = useTriage();
  const assignees = useAssignees(role !== null && role !== 'support');
  const [cursor, setCursor] = useState<Cursor>(NO_CURSOR);

  // Names come from the fleet's catalogue, which changes only with a new snapshot.
  const names = useMemo(() => fleetAlarmNames(fleetModel), []);
  const open = useMemo(() => (revision >= 0 ? alarmBook.all() : []), [revision]);
  const closedById = useMemo(() => new Map(closed.alarms.map((alarm) => [alarm.id, alarm])), [closed.alarms]);
  const rows = useMemo(() => selectAlarms(wantsClosed ? mergeAlarms(open, closed.alarms) : open, filters, sort, names), [open, closed.alarms, wantsClosed, filters, sort, names]);
  const rowIds = useMemo(() => rows.map((alarm) => alarm.id), [rows]);
  const current = resolveCursor(rowIds, cursor);
  const lookup = useCallback((alarmId: number): Alarm | undefined => alarmBook.get(alarmId) ?? closedById.get(alarmId), [closedById]);
  const ticked = useMemo(() => new Set(selection), [selection]);
  const hiddenTicked = selection.length - rows.reduce((count, alarm) => count + (ticked.has(alarm.id) ? 1 : 0), 0);

  // The latest rows, cursor and actions, for the keyboard's commands registered once below.
  const latest = useRef({ rowIds, current, lookup, startAcknowledge: triage.startAcknowledge });
  useEffect(() => {
    latest.current = { rowIds, current, lookup, startAcknowledge: triage.startAcknowledge };
  });


  // An alarm that closed leaves the selection (unless closed ones are shown).
  useEffect(() => {
    const state = useConsoleStore.getState();
    const kept = pruneSelection(state.alarmSelection, (alarmId) => lookup(alarmId) !== undefined);
    if (kept !== state.alarmSelection) state.setAlarmSelection(kept);
  }, [revision, lookup]);

  // A panel opened from a link or the map puts the cursor on its alarm.
  useEffect(() => {
    if (openId === null) return;
    const position = latest.current.rowIds.indexOf(openId);
    if (position >= 0) setCursor({ alarmId: openId, position });
  }, [openId]);

  const openRow = useCallback((alarm: Alarm, position: number) => {
    setCursor({ alarmId: alarm.id, position });
    useConsoleStore.getState().openAlarm(alarm.id);
  }, []);

  const onSort = useCallback((key: AlarmSortKey) => {
    const state = useConsoleStore.getState();
    state.setAlarmSort(nextSort(state.alarmSort, key));
  }, []);

  const onToggle = useCallback((alarmId: number) => useConsoleStore.getState().toggleAlarmSelected(alarmId), []);

  const onToggleAll = useCallback((isTicking: boolean) => {
    const state = useConsoleStore.getState();
    const shown = new Set(latest.current.rowIds);
    const others = state.alarmSelection.filter((alarmId) => !shown.has(alarmId));
    state.setAlarmSelection(isTicking ? [...others, ...latest.current.rowIds] : others);
  }, []);

  useEffect(() => {
    registerAlarmCommands({
      move: (by) => setCursor(moveCursor(latest.current.rowIds, latest.current.current, by)),
      open: () => {
        const { alarmId } = latest.current.current;
        if (alarmId !== null) useConsoleStore.getState().openAlarm(alarmId);
      },
      toggleSelected: () => {
        const { alarmId } = latest.current.current;
        if (alarmId !== null) useConsoleStore.getState().toggleAlarmSelected(alarmId);
      },
      acknowledge: () => {
        const state = useConsoleStore.getState();
        const { current: here, lookup: find, startAcknowledge } = latest.current;
        startAcknowledge(acknowledgeTargets(state.alarmSelection, here.alarmId, state.selectedAlarmId, find));
      },
    });
    return () => registerAlarmCommands(null);
  }, []);

  const acknowledgeTicked = () => triage.startAcknowledge(acknowledgeTargets(selection, null, null, lookup));
  const acknowledgeOne = (alarm: Alarm) => triage.startAcknowledge(acknowledgeTargets([], alarm.id, null, lookup));

  let body;
  if (!alarmBook.isLoaded) body = <div className="alarm-empty">Waiting for the alarms…</div>;
  else if (rows.length === 0 && open.length === 0 && !wantsClosed) body = <div className="alarm-empty" data-testid="alarm-empty">No open alarm. All quiet.</div>;
  else if (rows.length === 0 && !closed.isLoading)
    body = (
      <div className="alarm-empty" data-testid="alarm-empty">
        No alarm matches these filters.
        <button type="button" className="link-button" onClick={() => useConsoleStore.getState().clearAlarmFilters()}>
          Clear filters
        </button>
      </div>
    );
  else
    body = (
      <AlarmTable
        rows={rows}
        cursorId={current.alarmId}
        cursorPosition={current.position}
        openId={openId}
        ticked={ticked}
        nowMs={nowMs}
        names={names}
        sort={sort}
        onSort={onSort}
        onOpen={openRow}
        onToggle={onToggle}
        onToggleAll={onToggleAll}
      />
    );

  return (
    <main className="view alarms-view" data-testid="alarms-view">
      <AlarmFilterBar open={open} shown={rows.length} names={names} />
      <div className="alarms-body">
        <section className="alarms-main" aria-label="Alarms">
          {wantsClosed && <ClosedNotice isLoading={closed.isLoading} error={closed.error} hasMore={closed.hasMore} onMore={closed.loadMore} onRetry={closed.retry} />}
          {body}
          <BulkBar
            ticked={selection}
            hidden={hiddenTicked}
            role={role}
            assignees={assignees}
            isAssigning={triage.isAssigning}
            outcome={triage.outcome}
            onAcknowledge={acknowledgeTicked}
            onAssign={(assignee) => triage.assign(selection, assignee)}
            onClear={() => useConsoleStore.getState().setAlarmSelection([])}
            onDismiss={triage.dismissOutcome}
          />
        </section>
        {openId !== null && (
          <AlarmPanel
            key={openId}
            controller={fleetController}
            alarmId={openId}
            fallback={closedById.get(openId)}
            names={names}
            assignees={assignees}
            isAssigning={triage.isAssigning}
            onAcknowledge={acknowledgeOne}
            onAssign={triage.assign}
            onClose={() => useConsoleStore.getState().openAlarm(null)}
          />
        )}
      </div>
      {triage.dialog && <AcknowledgeDialog key={triage.dialog.alarms.map((alarm) => alarm.id).join(',')} dialog={triage.dialog} onSubmit={triage.submitAcknowledge} onCancel={triage.cancelAcknowledge} />}
    </main>
  );
}
