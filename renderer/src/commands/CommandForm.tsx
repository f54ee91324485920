/**
 * A command's parameters as inputs: a few choices as a segmented radio group, more as a list, numbers
 * and text as fields, each with its problem under it. The caller owns the values and submits them.
 */
import type { CommandType } from '../../../shared/commands.js';
import { formFields, type FormField, type FormValues } from './command-form.js';

interface CommandFormProps {
  readonly type: CommandType;
  readonly values: FormValues;
  readonly problems: Readonly<Record<string, string>>;
  readonly onChange: (name: string, value: string) => void;
  /** Makes element ids unique where two forms could be on screen. */
  readonly idPrefix: string;
  /** Said under a connector field: which connectors the device has. */
  readonly connectorHint?: string | null;
}

const SEGMENTED_MAX = 3;

function FieldInput({ field, value, id, describedBy, isInvalid, isFirst, onChange }: {
  readonly field: FormField;
  readonly value: string;
  readonly id: string;
  readonly describedBy: string | undefined;
  readonly isInvalid: boolean;
  readonly isFirst: boolean;
  readonly onChange: (value: string) => void;
}) {
  if (field.input === 'choice' && field.options.length <= SEGMENTED_MAX) {
    return (
      <div className="segmented command-choice" role="radiogroup" aria-labelledby={`${id}-label`} aria-describedby={describedBy}>
        {field.options.map((option, position) => (
          <label key={option} className={`segment${value === option ? ' is-on' : ''}`}>
            <input
              type="radio"
              name={id}
              value={option}
              checked={value === option}
              autoFocus={isFirst && (value === option || (value === '' && position === 0))}
              data-testid={`command-field-${field.name}-${option}`}
              onChange={() => onChange(option)}
            />
            {option}
          </label>
        ))}
      </div>
    );
  }
  if (field.input === 'choice') {
    return (
      <select id={id} className="command-input" value={value} autoFocus={isFirst} aria-describedby={describedBy} data-testid={`command-field-${field.name}`} onChange={(event) => onChange(event.target.value)}>
        {field.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      id={id}
      className={`command-input${field.input === 'integer' ? ' is-number' : ''}`}
      type="text"
      inputMode={field.input === 'integer' ? 'numeric' : field.name === 'location' ? 'url' : 'text'}
      autoComplete="off"
      spellCheck={false}
      placeholder={field.input === 'text' ? field.placeholder : field.isOptional ? 'any' : undefined}
      maxLength={field.input === 'text' ? field.maxLength : undefined}
      value={value}
      autoFocus={isFirst}
      aria-invalid={isInvalid}
      aria-describedby={describedBy}
      data-testid={`command-field-${field.name}`}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

export function CommandForm({ type, values, problems, onChange, idPrefix, connectorHint = null }: CommandFormProps) {
  const fields = formFields(type);
  return (
    <div className="command-fields">
      {fields.map((field, position) => {
        const id = `${idPrefix}-${field.name}`;
        const problem = problems[field.name] ?? null;
        const hint = field.name === 'connectorId' && connectorHint ? [field.hint, connectorHint].filter(Boolean).join(' ') : field.hint;
        const describedBy = problem ? `${id}-problem` : hint ? `${id}-hint` : undefined;
        return (
          <div key={field.name} className="command-field">
            <label className="command-field-label" id={`${id}-label`} htmlFor={field.input === 'choice' && field.options.length <= SEGMENTED_MAX ? undefined : id}>
              {field.label}
              {field.isOptional && <span className="command-optional"> optional</span>}
            </label>
            <div className="command-field-body">
              <FieldInput field={field} value={values[field.name] ?? ''} id={id} describedBy={describedBy} isInvalid={problem !== null} isFirst={position === 0} onChange={(value) => onChange(field.name, value)} />
              {problem ? (
                <p className="command-problem" id={`${id}-problem`} role="alert" data-testid={`command-problem-${field.name}`}>
                  {problem}
                </p>
              ) : (
                hint && (
                  <p className="command-hint" id={`${id}-hint`}>
                    {hint}
                  </p>
                )
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}
