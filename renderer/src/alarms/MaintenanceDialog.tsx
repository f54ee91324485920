/**
 * "Maintenance…": a small dialog that puts a device, or its whole station, under maintenance, so that
 * its alarms are kept but neither counted nor notified. Starts now or later; lasts a preset time or until
 * a chosen end; a reason is required. Enter creates it (Shift+Enter starts a new line), Esc cancels.
 */
import { useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { MAX_COMMENT_LENGTH } from '../../../shared/alarms.js';
import { operatorTimeZone } from '../ui/format.js';
import { useNow } from '../ui/use-now.js';
import type { AlarmRequester } from './alarm-actions.js';
import { alarmBook } from './alarm-book.js';
import { createMaintenance } from './maintenance-actions.js';
import { DURATION_PRESETS, formatLeft, formatWhen, initialForm, parseLocalTime, planWindow, problemWith, toLocalTimeValue } from './maintenance.js';
import type { MaintenanceForm, MaintenanceTarget } from './maintenance.js';
import { useEscape } from '../ui/use-escape.js';

const HOUR = 3_600_000;

export interface MaintenanceSubject extends MaintenanceTarget {
  /** How the device is called on screen (a plate, a serial), when there is one. */
  readonly deviceLabel: string | null;
  readonly stationName: string | null;
  /** Devices at the station, to say what "whole station" covers. */
  readonly stationDevices: number;
}

interface MaintenanceDialogProps {
  readonly requester: AlarmRequester;
  readonly subject: MaintenanceSubject;
  readonly onClose: () => void;
}

function nextWholeHour(nowMs: number): number {
  return Math.ceil((nowMs + 60_000) / HOUR) * HOUR;
}

function FieldProblem({ text, id }: { readonly text: string | null; readonly id: string }) {
  if (!text) return null;
  return (
    <p className="maintenance-field-problem" id={id} data-testid={id}>
      {text}
    </p>
  );
}

export function MaintenanceDialog({ requester, subject, onClose }: MaintenanceDialogProps) {
  const [form, setForm] = useState<MaintenanceForm>(() => initialForm(subject));
  const [hasTried, setTried] = useState(false);
  const [isSending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const nowMs = useNow() + alarmBook.serverOffsetMs;
  const timeZone = operatorTimeZone();
  const plan = planWindow(form, subject, nowMs);
  const problems = hasTried && !plan.ok ? plan.problems : [];
  const change = (part: Partial<MaintenanceForm>) => setForm((before) => ({ ...before, ...part }));

  useEscape(onClose);

  const submit = () => {
    setTried(true);
    if (isSending) return;
    // Planned again at the moment of sending: "now" is now, not when the dialog last drew.
    const planned = planWindow(form, subject, Date.now() + alarmBook.serverOffsetMs);
    if (!planned.ok) return;
    setSending(true);
    setRefusal(null);
    void createMaintenance(requester, alarmBook, planned.request).then((outcome) => {
      setSending(false);
      if (outcome.ok) onClose();
      else setRefusal(outcome.text);
    });
  };

  const onFormKeyDown = (event: ReactKeyboardEvent<HTMLFormElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    // Enter on a button presses that button.
    if (event.target instanceof HTMLButtonElement) return;
    event.preventDefault();
    submit();
  };

  const hasStation = subject.stationId !== null;
  const title = subject.deviceId === null ? `Maintenance of ${subject.stationName ?? subject.stationId ?? 'the station'}` : `Maintenance of ${subject.deviceLabel ?? subject.deviceId}`;
  const summary = plan.ok
    ? `${form.startsNow ? 'From now' : `From ${formatWhen(plan.request.startsAtMs, nowMs, timeZone)}`} until ${formatWhen(plan.request.endsAtMs, nowMs, timeZone)} · ${formatLeft(plan.durationMs)}`
    : null;

  return createPortal(
    <div className="overlay-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <form
        className="maintenance-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid="maintenance-dialog"
        onKeyDown={onFormKeyDown}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <h2>{title}</h2>
        <p className="dialog-note">Alarms raised while it lasts are kept, but not counted, drawn or notified.</p>

        <fieldset className="maintenance-row">
          <legend>Covers</legend>
          <div className="segments" role="radiogroup" aria-label="Covers">
            {subject.deviceId !== null && (
              <label className="segment">
                <input type="radio" name="maintenance-scope" checked={form.scope === 'device'} onChange={() => change({ scope: 'device' })} data-testid="maintenance-scope-device" />
                This device
              </label>
            )}
            {hasStation && (
              <label className="segment" title={`${subject.stationDevices} devices belong to this station`}>
                <input type="radio" name="maintenance-scope" checked={form.scope === 'station'} onChange={() => change({ scope: 'station' })} data-testid="maintenance-scope-station" />
                {subject.deviceId === null ? 'The whole station' : 'Its whole station'}
                <span className="segment-note">
                  {subject.stationName ?? subject.stationId} · {subject.stationDevices} devices
                </span>
              </label>
            )}
          </div>
        </fieldset>
        <FieldProblem id="maintenance-problem-scope" text={problemWith(problems, 'scope')} />

        <fieldset className="maintenance-row">
          <legend>Starts</legend>
          <div className="segments" role="radiogroup" aria-label="Starts">
            <label className="segment">
              <input type="radio" name="maintenance-start" checked={form.startsNow} onChange={() => change({ startsNow: true })} data-testid="maintenance-start-now" />
              Now
            </label>
            <label className="segment">
              <input
                type="radio"
                name="maintenance-start"
                checked={!form.startsNow}
                onChange={() => change({ startsNow: false, startsAt: form.startsAt || toLocalTimeValue(nextWholeHour(nowMs)) })}
                data-testid="maintenance-start-later"
              />
              Later
            </label>
          </div>
          {!form.startsNow && (
            <input
              type="datetime-local"
              className="maintenance-time"
              aria-label="Starts at"
              data-testid="maintenance-starts-at"
              value={form.startsAt}
              aria-invalid={problemWith(problems, 'startsAt') !== null}
              onChange={(event) => change({ startsAt: event.target.value })}
            />
          )}
        </fieldset>
        <FieldProblem id="maintenance-problem-starts" text={problemWith(problems, 'startsAt')} />

        <fieldset className="maintenance-row">
          <legend>Lasts</legend>
          <div className="segments" role="radiogroup" aria-label="Lasts">
            {DURATION_PRESETS.map((preset) => (
              <label key={preset.id} className="segment">
                <input type="radio" name="maintenance-duration" checked={form.durationId === preset.id} onChange={() => change({ durationId: preset.id })} data-testid={`maintenance-duration-${preset.id}`} />
                {preset.label}
              </label>
            ))}
            <label className="segment">
              <input
                type="radio"
                name="maintenance-duration"
                checked={form.durationId === null}
                onChange={() => {
                  const startMs = form.startsNow ? nowMs : (parseLocalTime(form.startsAt) ?? nowMs);
                  change({ durationId: null, endsAt: form.endsAt || toLocalTimeValue(nextWholeHour(startMs + HOUR)) });
                }}
                data-testid="maintenance-duration-until"
              />
              Until…
            </label>
          </div>
          {form.durationId === null && (
            <input
              type="datetime-local"
              className="maintenance-time"
              aria-label="Ends at"
              data-testid="maintenance-ends-at"
              value={form.endsAt}
              aria-invalid={problemWith(problems, 'endsAt') !== null}
              onChange={(event) => change({ endsAt: event.target.value })}
            />
          )}
        </fieldset>
        <FieldProblem id="maintenance-problem-ends" text={problemWith(problems, 'endsAt')} />
        {summary && (
          <p className="maintenance-summary" data-testid="maintenance-summary" title={`Times in ${timeZone}`}>
            {summary}
          </p>
        )}

        <label className="dialog-label" htmlFor="maintenance-reason">
          Reason <span className="is-required">required</span>
        </label>
        <textarea
          id="maintenance-reason"
          className="dialog-comment"
          data-testid="maintenance-reason"
          autoFocus
          rows={2}
          maxLength={MAX_COMMENT_LENGTH}
          placeholder="What is being done, by whom (e.g. connector replacement, ticket 4821)"
          value={form.reason}
          aria-invalid={problemWith(problems, 'reason') !== null}
          onChange={(event) => change({ reason: event.target.value })}
        />
        <FieldProblem id="maintenance-problem-reason" text={problemWith(problems, 'reason')} />

        {refusal && (
          <div className="dialog-problem" role="alert" data-testid="maintenance-refusal">
            {refusal}
          </div>
        )}
        <footer className="dialog-actions">
          <span className="dialog-hint">
            <kbd>Enter</kbd> save · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line · <kbd>Esc</kbd> cancel
          </span>
          <button type="button" className="quiet-button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary-button" data-testid="maintenance-submit" disabled={isSending}>
            {isSending ? 'Saving…' : form.startsNow ? 'Start maintenance' : 'Schedule'}
          </button>
        </footer>
      </form>
    </div>,
    document.body,
  );
}
