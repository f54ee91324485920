/**
 * The parameters a command asks for, as the inline form shows them, and their parsing: text from the
 * inputs becomes the catalogue's params, checked with the catalogue's own schema, and every problem is
 * said per field in words an operator reads, not zod's.
 */
import { COMMANDS, TRIGGERABLE_MESSAGES, type CommandType } from '../../../shared/commands.js';

interface FieldBase {
  readonly name: string;
  readonly label: string;
  readonly isOptional: boolean;
  /** Shown under the field: what is expected. */
  readonly hint?: string;
}

export interface ChoiceField extends FieldBase {
  readonly input: 'choice';
  readonly options: readonly string[];
}

export interface IntegerField extends FieldBase {
  readonly input: 'integer';
  readonly min: number;
  readonly max: number;
}

export interface TextField extends FieldBase {
  readonly input: 'text';
  readonly maxLength: number;
  readonly placeholder: string;
}

export type FormField = ChoiceField | IntegerField | TextField;

const connector = (isOptional: boolean): IntegerField => ({ name: 'connectorId', label: 'Connector', input: 'integer', min: 1, max: 16, isOptional });

/** Only charge point commands take parameters; the others are sent with none. */
const FIELDS: Readonly<Partial<Record<CommandType, readonly FormField[]>>> = {
  reset: [{ name: 'type', label: 'Reboot', input: 'choice', options: ['Soft', 'Hard'], isOptional: false, hint: 'Soft ends sessions first; Hard cuts them.' }],
  unlockConnector: [connector(false)],
  changeAvailability: [
    { name: 'connectorId', label: 'Connector', input: 'integer', min: 0, max: 16, isOptional: false, hint: '0 is the whole charge point.' },
    { name: 'type', label: 'Make it', input: 'choice', options: ['Inoperative', 'Operative'], isOptional: false },
  ],
  remoteStart: [
    { name: 'idTag', label: 'ID tag', input: 'text', maxLength: 20, placeholder: 'Customer card or tag', isOptional: false },
    { ...connector(true), hint: 'Empty: the charge point chooses.' },
  ],
  remoteStop: [
    { name: 'transactionId', label: 'Transaction', input: 'integer', min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER, isOptional: false, hint: 'The session under way is filled in; another one’s id is in the Timeline.' },
  ],
  triggerMessage: [
    { name: 'requestedMessage', label: 'Message', input: 'choice', options: TRIGGERABLE_MESSAGES, isOptional: false },
    { ...connector(true), hint: 'Empty: the whole charge point.' },
  ],
  updateFirmware: [{ name: 'location', label: 'Firmware URL', input: 'text', maxLength: 2048, placeholder: 'https://…', isOptional: false, hint: 'http, https, ftp or ftps.' }],
};

export function formFields(type: CommandType): readonly FormField[] {
  return FIELDS[type] ?? [];
}

export function hasParameters(type: CommandType): boolean {
  return formFields(type).length > 0;
}

export type FormValues = Readonly<Record<string, string>>;

/** What the device's detail can fill in for the operator. */
export interface FormContext {
  /** The charge point's connectors (0 excluded). */
  readonly connectorIds?: readonly number[];
  /** The session in progress on the charge point, if the detail says which. */
  readonly transactionId?: number | null;
}

/** The form as it opens: first choices, a sole connector, the session in progress. */
export function initialValues(type: CommandType, context: FormContext = {}): FormValues {
  const values: Record<string, string> = {};
  const connectors = context.connectorIds ?? [];
  for (const field of formFields(type)) {
    if (field.input === 'choice') values[field.name] = field.options[0] ?? '';
    else if (field.input === 'integer' && field.name === 'connectorId' && !field.isOptional) values[field.name] = String(field.min === 0 ? 0 : (connectors[0] ?? 1));
    else if (field.name === 'transactionId' && context.transactionId != null) values[field.name] = String(context.transactionId);
    else values[field.name] = '';
  }
  return values;
}

export type ParsedForm = { readonly ok: true; readonly params: Readonly<Record<string, unknown>> } | { readonly ok: false; readonly problems: Readonly<Record<string, string>> };

function problemOf(field: FormField, text: string): string {
  if (text === '') return `${field.label} is required.`;
  switch (field.input) {
    case 'integer':
      return field.max >= Number.MAX_SAFE_INTEGER ? `${field.label} is a whole number.` : `${field.label} is a whole number from ${field.min} to ${field.max}.`;
    case 'text':
      return field.name === 'location' ? `${field.label} must be a full address such as https://firmware.example.com/cp-2.5.0.bin.` : `${field.label} has at most ${field.maxLength} characters.`;
    case 'choice':
      return `${field.label} is one of ${field.options.join(', ')}.`;
  }
}

/** The params to send, or a problem per field; the catalogue's schema has the last word. */
export function parseForm(type: CommandType, values: FormValues): ParsedForm {
  const fields = formFields(type);
  const raw: Record<string, unknown> = {};
  for (const field of fields) {
    const text = (values[field.name] ?? '').trim();
    if (text === '' && field.isOptional) continue;
    // Text that is not a whole number stays text, so that the schema refuses it and the field says why.
    raw[field.name] = field.input === 'integer' && /^-?\d+$/.test(text) ? Number(text) : text;
  }
  const parsed = COMMANDS[type].params.safeParse(raw);
  if (parsed.success) return { ok: true, params: raw };
  const problems: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? '');
    const field = fields.find((candidate) => candidate.name === name);
    problems[name] ??= field ? problemOf(field, (values[name] ?? '').trim()) : issue.message;
  }
  return { ok: false, problems };
}
