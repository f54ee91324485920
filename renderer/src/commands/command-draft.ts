/**
 * The steps from a click on a command to its sending: parameters first if it has any, then a
 * confirmation if it is destructive (or always, for a bulk command), else it goes at once.
 */
import { COMMANDS, type CommandType } from '../../../shared/commands.js';
import { hasParameters, initialValues, parseForm, type FormContext, type FormValues } from './command-form.js';

export interface Draft {
  readonly type: CommandType;
  readonly step: 'form' | 'confirm';
  readonly values: FormValues;
  readonly problems: Readonly<Record<string, string>>;
  /** Parsed, once the form was accepted. */
  readonly params: Readonly<Record<string, unknown>> | null;
}

/** What the next step is: a draft to show, or params to send now (never both). */
export type DraftStep = { readonly draft: Draft; readonly send: null } | { readonly draft: null; readonly send: Readonly<Record<string, unknown>> };

function next(type: CommandType, values: FormValues, params: Readonly<Record<string, unknown>>, isConfirmAlways: boolean): DraftStep {
  if (COMMANDS[type].isDestructive || isConfirmAlways) return { draft: { type, step: 'confirm', values, problems: {}, params }, send: null };
  return { draft: null, send: params };
}

export function startDraft(type: CommandType, context: FormContext = {}, isConfirmAlways = false): DraftStep {
  const values = initialValues(type, context);
  if (hasParameters(type)) return { draft: { type, step: 'form', values, problems: {}, params: null }, send: null };
  return next(type, values, {}, isConfirmAlways);
}

export function changeDraft(draft: Draft, name: string, value: string): Draft {
  // A field's problem goes once it is edited; it comes back on the next submit if still there.
  const problems = Object.fromEntries(Object.entries(draft.problems).filter(([field]) => field !== name));
  return { ...draft, values: { ...draft.values, [name]: value }, problems };
}

export function submitDraft(draft: Draft, isConfirmAlways = false): DraftStep {
  if (draft.step === 'confirm') return { draft: null, send: draft.params ?? {} };
  const parsed = parseForm(draft.type, draft.values);
  if (!parsed.ok) return { draft: { ...draft, problems: parsed.problems }, send: null };
  return next(draft.type, draft.values, parsed.params, isConfirmAlways);
}
