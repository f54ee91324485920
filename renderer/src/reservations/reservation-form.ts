/**
 * The new-reservation form as data: its fields as typed, its defaults (from now, for an hour), and the
 * check that turns them into a request the hub will take, or says per field what is wrong. The shared
 * schema decides the shape; the backend's rules on time (not past, at most 7 days ahead, 24 hours long)
 * are checked here too, so most refusals are seen before anything is sent.
 */
import type { DeviceKind } from '../../../shared/fleet.js';
import type { ErrorCode } from '../../../shared/result.js';
import { RESERVATION_MAX_LEAD_MS, RESERVATION_MAX_LENGTH_MS, reservationRequestSchema } from '../../../shared/reservations.js';
import { fromLocalInput, toLocalInput } from './zoned-time.js';

export interface ReservationFormValues {
  readonly deviceId: string;
  readonly customerRef: string;
  /** datetime-local texts in the operator's time zone. */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly connectorId: string;
  readonly idTag: string;
}

export type FormField = keyof ReservationFormValues;
export type FormProblems = Readonly<Partial<Record<FormField, string>>>;

/** The request as the console sends it (shared/reservations.ts). */
export interface ReservationRequest {
  readonly deviceId: string;
  readonly customerRef: string;
  readonly startsAtMs: number;
  readonly endsAtMs: number;
  readonly idTag?: string;
  readonly connectorId?: number;
}

export type FormCheck = { readonly ok: true; readonly request: ReservationRequest; readonly startsNow: boolean } | { readonly ok: false; readonly problems: FormProblems };

export const DEFAULT_LENGTH_MS = 3_600_000;
/** The backend takes a start up to this far in the past (the time to click). */
const START_GRACE_MS = 60_000;
/**
 * A start this recent is the "now" the form opened with (to the minute), aged while the operator typed:
 * the window is sent starting now, its length kept, rather than refused as past.
 */
export const STALE_NOW_MS = 15 * 60_000;
/** An OCPP idTag is at most 20 characters. */
const ID_TAG_MAX = 20;

export function defaultFormValues(nowMs: number, timeZone: string, deviceId = ''): ReservationFormValues {
  const startMs = Math.floor(nowMs / 60_000) * 60_000;
  return { deviceId, customerRef: '', startsAt: toLocalInput(startMs, timeZone), endsAt: toLocalInput(startMs + DEFAULT_LENGTH_MS, timeZone), connectorId: '1', idTag: '' };
}

/** The end that keeps the window `lengthMs` long from the form's start (duration buttons). */
export function endAfter(values: ReservationFormValues, lengthMs: number, timeZone: string): string {
  const startMs = fromLocalInput(values.startsAt, timeZone);
  return startMs === null ? values.endsAt : toLocalInput(startMs + lengthMs, timeZone);
}

/** Moving the start keeps the window's length, as calendars do. */
export function withStart(values: ReservationFormValues, startsAt: string, timeZone: string): ReservationFormValues {
  const oldStart = fromLocalInput(values.startsAt, timeZone);
  const oldEnd = fromLocalInput(values.endsAt, timeZone);
  const newStart = fromLocalInput(startsAt, timeZone);
  if (oldStart === null || oldEnd === null || newStart === null || oldEnd <= oldStart) return { ...values, startsAt };
  return { ...values, startsAt, endsAt: toLocalInput(newStart + (oldEnd - oldStart), timeZone) };
}

const SCHEMA_FIELDS: Readonly<Record<string, FormField>> = { deviceId: 'deviceId', customerRef: 'customerRef', startsAtMs: 'startsAt', endsAtMs: 'endsAt', idTag: 'idTag', connectorId: 'connectorId' };

/**
 * Checks the form for a device of `kind` (null: not a device of this fleet). Charge points take a
 * connector and an idTag (the customer reference when left empty); cars take neither.
 */
export function checkForm(values: ReservationFormValues, kind: DeviceKind | null, nowMs: number, timeZone: string): FormCheck {
  const problems: Partial<Record<FormField, string>> = {};
  const note = (field: FormField, problem: string) => {
    problems[field] ??= problem;
  };
  const deviceId = values.deviceId.trim();
  const customerRef = values.customerRef.trim();
  const idTag = values.idTag.trim();
  if (deviceId === '') note('deviceId', 'Choose a device.');
  else if (kind === null) note('deviceId', `There is no device ${deviceId} in this fleet.`);
  if (customerRef === '') note('customerRef', 'Give the customer’s reference.');

  let startMs = fromLocalInput(values.startsAt, timeZone);
  let endMs = fromLocalInput(values.endsAt, timeZone);
  const startsNow = startMs !== null && startMs < nowMs && startMs >= nowMs - STALE_NOW_MS;
  if (startsNow && startMs !== null) {
    // "Now, for an hour" stays an hour: the window moves with its start.
    if (endMs !== null) endMs += nowMs - startMs;
    startMs = nowMs;
  }
  if (startMs === null) note('startsAt', 'Give the start: a date and a time.');
  else if (startMs < nowMs - START_GRACE_MS) note('startsAt', 'The start is in the past.');
  else if (startMs > nowMs + RESERVATION_MAX_LEAD_MS) note('startsAt', 'A reservation may start at most 7 days ahead.');
  if (endMs === null) note('endsAt', 'Give the end: a date and a time.');
  else if (startMs !== null && endMs <= startMs) note('endsAt', 'The end must come after the start.');
  else if (startMs !== null && endMs - startMs > RESERVATION_MAX_LENGTH_MS) note('endsAt', 'A reservation may last at most 24 hours.');

  const isChargePoint = kind === 'chargePoint';
  const connectorId = Number(values.connectorId);
  if (isChargePoint && idTag === '' && customerRef.length > ID_TAG_MAX) note('idTag', `The customer reference is longer than an idTag may be: give the customer’s idTag (at most ${ID_TAG_MAX} characters).`);

  const request: ReservationRequest = {
    deviceId,
    customerRef,
    startsAtMs: startMs ?? 0,
    endsAtMs: endMs ?? 0,
    ...(isChargePoint ? { connectorId: values.connectorId.trim() === '' ? Number.NaN : connectorId } : {}),
    ...(isChargePoint && idTag !== '' ? { idTag } : {}),
  };
  const parsed = reservationRequestSchema.safeParse(request);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = SCHEMA_FIELDS[String(issue.path[0] ?? '')];
      if (field) note(field, schemaWords(field, issue.message));
    }
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, request, startsNow };
}

/** The schema's words where they read well, plainer ones where they are zod's. */
function schemaWords(field: FormField, message: string): string {
  if (field === 'connectorId') return 'A connector is a number from 1 to 16.';
  if (field === 'idTag') return `An idTag is 1 to ${ID_TAG_MAX} characters.`;
  // The shared pattern's own message ("a customer reference is 1 to 64 of …"), as a sentence.
  if (field === 'customerRef') return `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
  if (field === 'deviceId') return 'A device id is 1 to 64 characters.';
  return message;
}

/** The backend's refusal of a request, with the reservation it names when it is a conflict with one. */
export interface Refusal {
  readonly code: ErrorCode;
  readonly message: string;
  readonly conflictId: number | null;
}

/** The reservation a conflict names ("… already reserved by reservation 17 for C-42 …"), to offer to show it. */
export function conflictingReservationId(message: string): number | null {
  const match = /\breservation (\d+)\b/.exec(message);
  return match?.[1] ? Number(match[1]) : null;
}
