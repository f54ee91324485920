/**
 * The reservations view (CONSOLE.md): the filter bar over the table of reservations, with the open
 * reservation or the new-reservation form in a side panel, and keyboard use — j/k move, Enter opens,
 * n starts a new one, Esc closes the panel. Filters live in the store and the URL hash; rows come from
 * the reservation book, so pushes update them live.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { RESERVATION_ROLES } from '../../../shared/commands.js';
import { useConsoleStore } from '../store/store.js';
import { fleetModel } from '../sync/fleet-controller.js';
import { useRevision } from '../sync/use-revision.js';
import { operatorTimeZone } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';
import { CancelDialog } from './CancelDialog.js';
import { ReservationDetail } from './ReservationDetail.js';
import { ReservationFilterBar } from './ReservationFilterBar.js';
import { ReservationForm } from './ReservationForm.js';
import { ReservationNotices } from './ReservationNotices.js';
import { ReservationTable, type RowTexts } from './ReservationTable.js';
import { reservationBook } from './reservation-book.js';
import { registerReservationCommands } from './reservation-commands.js';
import { lookUpDevice, openDeviceOnMap, type DeviceLook } from './reservation-devices.js';
import { isShown, orderRows } from './reservation-list.js';
import { flagText, isUnderWay, lengthText, reasonText, whenText, windowText } from './reservation-words.js';
import { useReservationActions } from './use-reservation-actions.js';
import { useReservationList } from './use-reservation-list.js';
import './reservations.css';
import './reservation-fields.css';
import './reservation-panel.css';

type SidePanel = { readonly kind: 'none' } | { readonly kind: 'form'; readonly deviceId: string; readonly serial: number } | { readonly kind: 'detail'; readonly reservationId: number };

const NO_PANEL: SidePanel = { kind: 'none' };

/** The form for a device; a new serial remounts it, so asking again starts afresh. */
function formPanel(previous: SidePanel, deviceId: string): SidePanel {
  return { kind: 'form', deviceId, serial: previous.kind === 'form' ? previous.serial + 1 : 0 };
}
/** How long a row just made or just pointed at stays highlighted. */
const FRESH_MS = 6_000;

export function ReservationsView() {
  const filters = useConsoleStore((state) => state.reservationFilters);
  const draft = useConsoleStore((state) => state.reservationDraft);
  const role = useConsoleStore((state) => state.session?.operator.role ?? null);
  const revision = useRevision(reservationBook);
  const nowMs = useNow() + fleetModel.serverOffsetMs;
  const timeZone = operatorTimeZone();
  const list = useReservationList(filters);
  const [panel, setPanel] = useState<SidePanel>(NO_PANEL);
  const [cursorId, setCursorId] = useState<number | null>(null);
  const [freshId, setFreshId] = useState<number | null>(null);
  // Null at first, so that a draft left before the view was shown opens the form too.
  const [seenDraft, setSeenDraft] = useState<typeof draft>(null);
  const mayReserve = role !== null && RESERVATION_ROLES.includes(role);

  // The device panel's "Reserve…" leaves a draft: the form opens on its device (adjusted during render, as React advises).
  if (draft !== seenDraft) {
    setSeenDraft(draft);
    if (draft) setPanel((previous) => formPanel(previous, draft.deviceId));
  }
  useEffect(() => {
    if (draft) useConsoleStore.getState().setReservationDraft(null);
  }, [draft]);

  const held = useMemo(() => (revision >= 0 ? reservationBook.where(() => true) : []), [revision]);
  const rows = orderRows(
    held.filter((reservation) => isShown(reservation, filters, nowMs, timeZone)),
    filters.range,
  );
  const devices = new Map<string, DeviceLook>();
  const texts = new Map<number, RowTexts>();
  const fleetNowMs = fleetModel.serverNow();
  for (const reservation of rows) {
    if (!devices.has(reservation.deviceId)) devices.set(reservation.deviceId, lookUpDevice(fleetModel, reservation.deviceId, fleetNowMs));
    texts.set(reservation.id, {
      window: windowText(reservation, nowMs, timeZone),
      length: lengthText(reservation),
      when: whenText(reservation, nowMs),
      isUnderWay: isUnderWay(reservation, nowMs),
      flag: flagText(reservation, nowMs, timeZone),
      reason: reasonText(reservation),
    });
  }
  const rowIds = rows.map((reservation) => reservation.id);

  const point = useCallback((reservationId: number) => {
    setCursorId(reservationId);
    setFreshId(reservationId);
  }, []);
  const openDetail = useCallback((reservationId: number) => {
    setCursorId(reservationId);
    setPanel({ kind: 'detail', reservationId });
  }, []);
  const openForm = useCallback((deviceId: string) => setPanel((previous) => formPanel(previous, deviceId)), []);
  const closePanel = useCallback(() => setPanel(NO_PANEL), []);
  const actions = useReservationActions({ onCreated: openDetail, onPoint: point });

  useEffect(() => {
    if (freshId === null) return;
    const timer = setTimeout(() => setFreshId(null), FRESH_MS);
    return () => clearTimeout(timer);
  }, [freshId]);

  // The latest rows and panel, for the keyboard's commands registered once below.
  const latest = useRef({ rowIds, cursorId, panel, filters });
  useEffect(() => {
    latest.current = { rowIds, cursorId, panel, filters };
  });
  useEffect(() => {
    registerReservationCommands({
      move: (by) => {
        const { rowIds: ids, cursorId: here } = latest.current;
        const position = here === null ? -1 : ids.indexOf(here);
        const next = ids[position < 0 ? 0 : Math.max(0, Math.min(ids.length - 1, position + by))];
        if (next !== undefined) setCursorId(next);
      },
      open: () => {
        const { rowIds: ids, cursorId: here } = latest.current;
        const target = here !== null && ids.includes(here) ? here : ids[0];
        if (target !== undefined) openDetail(target);
      },
      create: () => openForm(latest.current.filters.deviceId ?? ''),
      close: closePanel,
    });
    return () => registerReservationCommands(null);
  }, [openDetail, openForm, closePanel]);

  const setFilters = useConsoleStore((state) => state.setReservationFilters);
  const opened = panel.kind === 'detail' ? reservationBook.get(panel.reservationId) : undefined;

  return (
    <main className="view reservations-view" data-testid="reservations-view" aria-label="Reservations">
      <ReservationFilterBar shown={rows.length} isLoading={list.isLoading} onNew={() => openForm(filters.deviceId ?? '')} />
      <div className="reservations-body">
        <section className="reservations-main" aria-label="Reservations">
          <ReservationNotices list={list} filters={filters} shown={rows.length} canReserve={mayReserve} onNew={openForm} onClear={() => setFilters({ ...filters, deviceId: null, customerRef: null })} />
          {rows.length > 0 && (
            <ReservationTable rows={rows} devices={devices} texts={texts} cursorId={cursorId} openId={panel.kind === 'detail' ? panel.reservationId : null} freshId={freshId} onOpen={openDetail} onDevice={openDeviceOnMap} />
          )}
        </section>
        {panel.kind === 'form' && (
          <ReservationForm
            key={panel.serial}
            initialDeviceId={panel.deviceId}
            nowMs={nowMs}
            timeZone={timeZone}
            onCreated={actions.created}
            onClose={closePanel}
            onShowReservation={actions.showReservation}
            lookup={(reservationId) => reservationBook.get(reservationId)}
          />
        )}
        {opened && (
          <ReservationDetail
            reservation={opened}
            device={lookUpDevice(fleetModel, opened.deviceId, fleetNowMs)}
            nowMs={nowMs}
            timeZone={timeZone}
            canCancel={mayReserve}
            onClose={closePanel}
            onCancel={actions.startCancel}
            onDevice={openDeviceOnMap}
            onListDevice={(deviceId) => setFilters({ ...filters, deviceId, customerRef: null })}
            onListCustomer={(customerRef) => setFilters({ ...filters, customerRef, deviceId: null })}
          />
        )}
      </div>
      {actions.cancelling && (
        <CancelDialog
          key={actions.cancelling.reservation.id}
          reservation={actions.cancelling.reservation}
          nowMs={nowMs}
          timeZone={timeZone}
          isSending={actions.cancelling.isSending}
          problem={actions.cancelling.problem}
          onConfirm={actions.confirmCancel}
          onDismiss={actions.dismissCancel}
        />
      )}
    </main>
  );
}
