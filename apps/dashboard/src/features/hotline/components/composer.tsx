import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { Controller, useForm, type Path } from 'react-hook-form';
import {
  MAX_ACK_MINUTES,
  MAX_HOTLINE_MESSAGE_LENGTH,
  hotlineMessageSchema,
  type GuarantorCode,
  type HotlineMessageInput,
  type HotlineMessageView,
} from '@truce-monitor/domain';
import { Field, FieldError, FormActions, FormAlert } from '../../../components/form';
import { showApiErrors } from '../../../lib/form-errors';
import { formatDamascusTime } from '../../../lib/time';
import { optionalText, zodFormResolver } from '../../../lib/zod-form';
import { usePostMessage } from '../api/post-message';
import { excerpt } from '../ack-state';

/** A report the composer offers to refer to (the screen picks the recent ones). */
export interface ReportChoice {
  id: string;
  label: string;
}

/** The most reports one message may refer to (the shared schema says the same). */
const MAX_REFERENCES = 20;

const ACK_PRESETS = [
  { value: '', label: 'No acknowledgement needed' },
  { value: '15', label: 'within 15 minutes' },
  { value: '30', label: 'within 30 minutes' },
  { value: '60', label: 'within 1 hour' },
  { value: '120', label: 'within 2 hours' },
  { value: '1440', label: 'within 24 hours' },
  { value: 'custom', label: 'within … minutes' },
] as const;

interface ComposerValues {
  body: string;
  refersTo: string[];
  corrects: string;
  requiresAckWithinMinutes: string;
  customMinutes: string;
}

const EMPTY: ComposerValues = { body: '', refersTo: [], corrects: '', requiresAckWithinMinutes: '', customMinutes: '' };

function ackMinutes(v: ComposerValues): number | undefined {
  const raw = v.requiresAckWithinMinutes === 'custom' ? v.customMinutes.trim() : v.requiresAckWithinMinutes;
  return raw === '' ? (v.requiresAckWithinMinutes === 'custom' ? Number.NaN : undefined) : Number(raw);
}

const resolver = zodFormResolver(hotlineMessageSchema, (v: ComposerValues) => ({
  body: v.body,
  refersTo: v.refersTo,
  corrects: optionalText(v.corrects),
  requiresAckWithinMinutes: ackMinutes(v),
}));

/** The API's field names are the form's, except the deadline, which is the preset and the custom minutes together. */
const fieldFor = (apiField: string): Path<ComposerValues> | null =>
  apiField === 'body' || apiField === 'corrects' || apiField === 'requiresAckWithinMinutes'
    ? apiField
    : apiField.startsWith('refersTo')
      ? 'refersTo'
      : null;

interface ComposerProps {
  channelId: string;
  mySide: GuarantorCode;
  /** The guarantors on the other end, who read and acknowledge. */
  otherSide: readonly GuarantorCode[];
  reports: readonly ReportChoice[];
  /** This side's messages, newest first, that a new one may correct. */
  ownMessages: readonly HotlineMessageView[];
  /** Set from a message's "Correct this message"; `nonce` changes on every request, so the same message can be asked twice. */
  correctRequest: { messageId: string; nonce: number } | null;
}

/**
 * Writes to the channel with the shared schema's rules, so it refuses exactly
 * what the API refuses; the API's own refusals land next to the field they
 * name. What was typed stays on an error; it clears once the message is sent.
 */
export function Composer({ channelId, mySide, otherSide, reports, ownMessages, correctRequest }: ComposerProps) {
  const titleId = useId();
  const bodyRef = useRef<HTMLTextAreaElement | null>(null);
  const mutation = usePostMessage(channelId);
  const [general, setGeneral] = useState<string[]>([]);
  const [sent, setSent] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const form = useForm<ComposerValues, unknown, HotlineMessageInput>({ resolver, defaultValues: EMPTY });
  const { register, handleSubmit, control, watch, setValue, setError, reset, formState } = form;
  const errors = formState.errors;
  const ackChoice = watch('requiresAckWithinMinutes');
  const corrects = watch('corrects');
  const body = watch('body');

  useEffect(() => {
    if (!correctRequest) return;
    setValue('corrects', correctRequest.messageId);
    bodyRef.current?.focus();
  }, [correctRequest, setValue]);

  const shown = useMemo(() => {
    const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
    return reports.filter((r) => words.every((w) => r.label.toLowerCase().includes(w) || r.id.startsWith(w))).slice(0, 40);
  }, [reports, filter]);

  const onSubmit = handleSubmit((message) => {
    setGeneral([]);
    setSent(null);
    mutation.mutate(message, {
      onSuccess: (stored) => {
        reset(EMPTY);
        setFilter('');
        setSent(`Sent at ${formatDamascusTime(stored.sentAt)}${stored.ackBy ? `; ${otherSide.join(' and ')} must acknowledge by ${formatDamascusTime(stored.ackBy)}` : ''}.`);
        bodyRef.current?.focus();
      },
      onError: (error) => setGeneral(showApiErrors(error, setError, fieldFor)),
    });
  });

  const correcting = ownMessages.find((m) => m.id === corrects);
  const { ref: bodyRegisterRef, ...bodyField } = register('body');

  return (
    <form className="hotline-composer" aria-labelledby={titleId} onSubmit={onSubmit} noValidate data-testid="hotline-composer">
      <h2 id={titleId} className="hotline-composer__title">
        Write to {otherSide.join(' and ')} <span className="muted">as {mySide}</span>
      </h2>
      <FormAlert messages={general} testId="composer-error" />
      {correcting && (
        <p className="notice" data-testid="correcting">
          Correcting your message of {formatDamascusTime(correcting.sentAt)}: “{excerpt(correcting.body, 70)}”. Nothing is edited: the correction is a
          new message that names it.{' '}
          <button type="button" className="link-button" onClick={() => setValue('corrects', '')}>
            Not a correction
          </button>
        </p>
      )}
      <Field label="Message" error={errors.body?.message} hint={`${body.length} of ${MAX_HOTLINE_MESSAGE_LENGTH} characters`}>
        {(control) => (
          <textarea
            {...control}
            {...bodyField}
            ref={(el) => {
              bodyRegisterRef(el);
              bodyRef.current = el;
            }}
            rows={2}
            data-testid="message-input"
          />
        )}
      </Field>

      <div className="hotline-composer__row">
        <Field label="Corrects" error={errors.corrects?.message} hint="An earlier message of your side this one corrects">
          {(control) => (
            <select {...control} {...register('corrects')} data-testid="corrects-select">
              <option value="">Not a correction</option>
              {ownMessages.map((m) => (
                <option key={m.id} value={m.id}>
                  {formatDamascusTime(m.sentAt)}: {excerpt(m.body, 50)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Acknowledgement" error={ackChoice === 'custom' ? undefined : errors.requiresAckWithinMinutes?.message} hint={`Asked of ${otherSide.join(' and ')}`}>
          {(control) => (
            <select {...control} {...register('requiresAckWithinMinutes')} data-testid="ack-select">
              {ACK_PRESETS.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        {ackChoice === 'custom' && (
          <Field label="Minutes" error={errors.requiresAckWithinMinutes?.message} hint={`1 to ${MAX_ACK_MINUTES}`}>
            {(control) => <input {...control} {...register('customMinutes')} inputMode="numeric" data-testid="ack-minutes" />}
          </Field>
        )}
      </div>

      <Controller
        control={control}
        name="refersTo"
        render={({ field }) => (
          <fieldset className="report-picker" aria-describedby={errors.refersTo ? `${titleId}-refs-error` : undefined}>
            <legend>
              Refers to reports <span className="muted">({field.value.length} of at most {MAX_REFERENCES} chosen)</span>
            </legend>
            {field.value.length > 0 && (
              <ul className="report-picker__chosen" aria-label="Chosen reports">
                {field.value.map((id) => (
                  <li key={id}>
                    {reports.find((r) => r.id === id)?.label ?? id.slice(0, 8)}{' '}
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => field.onChange(field.value.filter((x) => x !== id))}
                      aria-label={`Remove ${reports.find((r) => r.id === id)?.label ?? id}`}
                    >
                      remove
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <details className="report-picker__pick" data-testid="report-picker">
              <summary>Pick from the recent reports</summary>
            <div className="field">
              <label htmlFor={`${titleId}-filter`}>Find a recent report</label>
              <input
                id={`${titleId}-filter`}
                type="search"
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                placeholder="place, event, governorate or id"
                data-testid="report-filter"
              />
            </div>
            {reports.length === 0 ? (
              <p className="muted">No recent reports to refer to.</p>
            ) : (
              <div className="report-picker__list" role="group" aria-label="Recent reports, newest first">
                {shown.length === 0 && <p className="muted">No recent report matches.</p>}
                {shown.map((r) => {
                  const checked = field.value.includes(r.id);
                  return (
                    <label key={r.id} className="report-picker__option">
                      <input
                        type="checkbox"
                        checked={checked}
                        disabled={!checked && field.value.length >= MAX_REFERENCES}
                        onChange={() => field.onChange(checked ? field.value.filter((x) => x !== r.id) : [...field.value, r.id])}
                        data-testid="report-choice"
                        data-incident-id={r.id}
                      />{' '}
                      {r.label}
                    </label>
                  );
                })}
              </div>
            )}
            </details>
            <FieldError id={`${titleId}-refs-error`} message={errors.refersTo?.message ?? errors.refersTo?.root?.message} />
          </fieldset>
        )}
      />

      <FormActions pending={mutation.isPending} label={`Send to ${otherSide.join(' and ')}`} busyLabel="Sending…" status={sent} statusTestId="message-sent" buttonTestId="send-message" />
    </form>
  );
}
