import { useId, type ReactNode } from 'react';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

interface FieldProps {
  label: ReactNode;
  /** Said under the label, and read with the control. */
  hint?: ReactNode;
  error?: string | undefined;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}

/** A labelled control with its hint and its error, wired for screen readers. */
export function Field({ label, hint, error, className, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(error ? { 'aria-invalid': true } : {}) })}
      <FieldError id={errorId} message={error && typeof label === 'string' ? sentence(label, error) : error} />
    </div>
  );
}

export function FieldError({ id, message }: { id?: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error" data-testid="field-error">
      {message}
    </p>
  );
}

interface ChoiceGroupProps<T extends string> {
  legend: ReactNode;
  name: string;
  options: readonly { value: T; label: ReactNode; description?: ReactNode; disabledReason?: string | null }[];
  value: T | '';
  onChange: (value: T) => void;
  error?: string | undefined;
  hint?: ReactNode;
}

/** Radio buttons in a fieldset: every choice visible, each with what it means. */
export function ChoiceGroup<T extends string>({ legend, name, options, value, onChange, error, hint }: ChoiceGroupProps<T>) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className="choice-group" aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {options.map((option) => {
        const optionId = `${id}-${option.value}`;
        const disabled = Boolean(option.disabledReason);
        return (
          <div key={option.value} className={disabled ? 'choice choice--disabled' : 'choice'}>
            <input
              type="radio"
              id={optionId}
              name={name}
              value={option.value}
              checked={value === option.value}
              disabled={disabled}
              onChange={() => onChange(option.value)}
              aria-describedby={option.description || option.disabledReason ? `${optionId}-desc` : undefined}
            />
            <label htmlFor={optionId}>
              <span className="choice__label">{option.label}</span>
              {(option.description || option.disabledReason) && (
                <span id={`${optionId}-desc`} className="choice__description">
                  {option.disabledReason ?? option.description}
                </span>
              )}
            </label>
          </div>
        );
      })}
      <FieldError id={errorId} message={error && typeof legend === 'string' ? sentence(legend, error) : error} />
    </fieldset>
  );
}

/** Problems that belong to no single field, at the top of a form. */
export function FormAlert({ messages, testId }: { messages: readonly string[]; testId?: string }) {
  if (messages.length === 0) return null;
  return (
    <div className="form-error" role="alert" data-testid={testId ?? 'form-error'}>
      {messages.length === 1 ? (
        <p>{messages[0]}</p>
      ) : (
        <ul>
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * The API and the shared schemas word a problem as the rest of a sentence
 * about the field ("are required when disputing"): said after the field's
 * label it reads as one ("Reasons are required when disputing").
 */
export function sentence(label: string, problem: string): string {
  const name = label.replace(/\s*\(.*\)\s*$/, '').trim();
  if (!/^[a-z]/.test(problem)) return problem;
  if (problem.toLowerCase().startsWith(name.split(' ')[0]!.toLowerCase())) return problem[0]!.toUpperCase() + problem.slice(1);
  return `${name} ${problem}`;
}

interface FormActionsProps {
  /** True while the form's request runs: the button is disabled and shows `busyLabel`. */
  pending: boolean;
  label: ReactNode;
  busyLabel: ReactNode;
  /** What the last submission did, in a live region (screen readers announce it); no region when not given. */
  status?: ReactNode;
  statusTestId?: string;
  buttonTestId?: string;
}

/** A form's submit button and the line that says what it did. */
export function FormActions({ pending, label, busyLabel, status, statusTestId, buttonTestId }: FormActionsProps) {
  return (
    <div className="form-actions">
      <button type="submit" className="button button--primary" disabled={pending} data-testid={buttonTestId}>
        {pending ? busyLabel : label}
      </button>
      {status !== undefined && (
        <p className="form-done" role="status" data-testid={statusTestId}>
          {status}
        </p>
      )}
    </div>
  );
}

interface OptionsProps<T> {
  /** The first choice, meaning none (value ""). */
  empty: ReactNode;
  items: readonly T[];
  value: (item: T) => string;
  label?: (item: T) => ReactNode;
}

/** A select's choices: the empty one, then one per item (labelled by its value unless `label` says otherwise). */
export function Options<T>({ empty, items, value, label = value }: OptionsProps<T>) {
  return (
    <>
      <option value="">{empty}</option>
      {items.map((item) => (
        <option key={value(item)} value={value(item)}>
          {label(item)}
        </option>
      ))}
    </>
  );
}
