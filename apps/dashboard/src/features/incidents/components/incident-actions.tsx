import { useEffect, useId, useState } from 'react';
import { useForm, type Path } from 'react-hook-form';
import {
  CROSS_CONFIRMATIONS,
  EVENT_TYPE_LABELS,
  GUARANTOR_RESPONSES,
  MIN_SOURCES_TO_CORROBORATE,
  allowedNextStates,
  crossConfirmationSchema,
  governorateName,
  guarantorResponseSchema,
  verificationChangeSchema,
  type AgreementView,
  type AuthUser,
  type CrossConfirmation,
  type GuarantorResponse,
  type IncidentView,
  type VerificationState,
} from '@truce-monitor/domain';
import { ChoiceGroup, Field, FormActions, FormAlert } from '../../../components/form';
import { DamascusTime } from '../../../components/damascus-time';
import { showApiErrors, sameNames } from '../../../lib/form-errors';
import { formatDamascusTime } from '../../../lib/time';
import { optionalText, zodFormResolver } from '../../../lib/zod-form';
import { useAnswerIncident, useChangeVerification, useConfirmIncident } from '../api/act-on-incident';
import { allowedActions } from '../deadline';
import {
  CONFIRMATION_DESCRIPTIONS,
  CONFIRMATION_LABELS,
  RESPONSE_DESCRIPTIONS,
  RESPONSE_LABELS,
  VERIFICATION_ACTIONS,
  VERIFICATION_DESCRIPTIONS,
  VERIFICATION_LABELS,
  shortId,
} from '../labels';

interface IncidentActionsProps {
  incident: IncidentView;
  agreement: AgreementView;
  user: AuthUser;
  /** Other reports of the agreement, offered as the original when marking a duplicate. */
  candidates: readonly IncidentView[];
}

/** The actions the signed-in user's role allows on this report, and only those. */
export function IncidentActions({ incident, agreement, user, candidates }: IncidentActionsProps) {
  const allowed = allowedActions(user, incident, agreement);
  const guarantorName = (code: string | null) => agreement.guarantors.find((g) => g.code === code)?.name ?? code ?? '';
  if (!allowed.verify && !allowed.answer && !allowed.confirm) {
    return (
      <p className="muted" data-testid="no-actions">
        {user.role === 'officer' && incident.responsibleGuarantor === null
          ? 'This report is not routed to any guarantor: there is nothing to answer or confirm.'
          : 'Your role reads this report; it has no action to take on it.'}
      </p>
    );
  }
  return (
    <div className="incident-actions">
      {allowed.answer && <AnswerForm incident={incident} guarantorName={guarantorName(user.guarantor)} />}
      {allowed.confirm && (
        <ConfirmationForm incident={incident} guarantorName={guarantorName(user.guarantor)} responsible={guarantorName(incident.responsibleGuarantor)} />
      )}
      {allowed.verify && <VerificationForm incident={incident} candidates={candidates} />}
    </div>
  );
}

/* ---------- Verify ---------- */

interface VerificationValues {
  to: VerificationState | '';
  duplicateOf: string;
  note: string;
}

const verificationResolver = zodFormResolver(verificationChangeSchema, (v: VerificationValues) => ({
  to: (v.to || undefined) as VerificationState,
  duplicateOf: optionalText(v.duplicateOf),
  note: optionalText(v.note),
}));

function VerificationForm({ incident, candidates }: { incident: IncidentView; candidates: readonly IncidentView[] }) {
  const titleId = useId();
  const mutation = useChangeVerification();
  const [general, setGeneral] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const form = useForm<VerificationValues, unknown, ReturnType<typeof verificationChangeSchema.parse>>({
    resolver: verificationResolver,
    defaultValues: { to: '', duplicateOf: '', note: '' },
  });
  const { register, handleSubmit, watch, setValue, setError, reset, formState } = form;
  const to = watch('to');
  const next = allowedNextStates(incident.verification);

  // Moved on by someone else meanwhile: a choice that is no longer allowed is dropped (the note stays).
  useEffect(() => {
    if (to && !allowedNextStates(incident.verification).includes(to)) setValue('to', '');
  }, [incident.verification, to, setValue]);

  const onSubmit = handleSubmit((change) => {
    setGeneral([]);
    setDone(null);
    mutation.mutate(
      { id: incident.id, input: change },
      {
        onSuccess: (updated) => {
          reset();
          setDone(`Moved to ${VERIFICATION_LABELS[updated.verification]} at ${formatDamascusTime(new Date().toISOString())}.`);
        },
        onError: (error) => setGeneral(showApiErrors(error, setError, sameNames<VerificationValues>(['to', 'duplicateOf', 'note']))),
      },
    );
  });

  const originals = candidates
    .filter((c) => c.id !== incident.id && c.agreementId === incident.agreementId && c.verification !== 'duplicate')
    .sort((a, b) => Math.abs(Date.parse(a.occurredAt) - Date.parse(incident.occurredAt)) - Math.abs(Date.parse(b.occurredAt) - Date.parse(incident.occurredAt)))
    .slice(0, 50);

  return (
    <form className="action-card" aria-labelledby={titleId} onSubmit={onSubmit} noValidate data-testid="verification-form">
      <h2 id={titleId}>Verification</h2>
      <p className="muted">
        Now <strong>{VERIFICATION_LABELS[incident.verification]}</strong>. Only the moves the verification table allows are offered.
      </p>
      <FormAlert messages={general} />
      <ChoiceGroup<VerificationState>
        legend="Move to"
        name="to"
        value={to}
        onChange={(value) => setValue('to', value, { shouldValidate: formState.isSubmitted })}
        error={formState.errors.to ? messageFor('to', formState.errors.to.message, formState.errors.to.type) : undefined}
        options={next.map((state) => ({
          value: state,
          label: VERIFICATION_ACTIONS[state],
          description: VERIFICATION_DESCRIPTIONS[state],
          disabledReason:
            state === 'corroborated' && incident.sources.length < MIN_SOURCES_TO_CORROBORATE
              ? `Needs ${MIN_SOURCES_TO_CORROBORATE} or more independent sources; this report cites ${incident.sources.length}.`
              : null,
        }))}
      />
      {to === 'duplicate' && (
        <Field label="Original report" hint="The report this one repeats; the nearest in time come first." error={formState.errors.duplicateOf?.message}>
          {(control) => (
            <select {...control} {...register('duplicateOf')}>
              <option value="">Choose the original…</option>
              {originals.map((c) => (
                <option key={c.id} value={c.id}>
                  {shortId(c.id)} · {EVENT_TYPE_LABELS[c.eventType]} · {c.placeName ?? governorateName(c.governorate)} ·{' '}
                  {formatDamascusTime(c.occurredAt)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label="Note (optional)" hint="Why: what you checked, which sources agree." error={formState.errors.note?.message}>
        {(control) => <textarea rows={3} {...control} {...register('note')} />}
      </Field>
      <FormActions pending={mutation.isPending} label={to ? VERIFICATION_ACTIONS[to] : 'Move'} busyLabel="Saving…" status={done} statusTestId="verification-done" />
    </form>
  );
}

/* ---------- Answer (responsible guarantor) ---------- */

interface AnswerValues {
  response: GuarantorResponse | '';
  reasons: string;
}

const answerResolver = zodFormResolver(guarantorResponseSchema, (v: AnswerValues) => ({
  response: (v.response || undefined) as GuarantorResponse,
  reasons: optionalText(v.reasons),
}));

function AnswerForm({ incident, guarantorName }: { incident: IncidentView; guarantorName: string }) {
  const titleId = useId();
  const mutation = useAnswerIncident();
  const [general, setGeneral] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const { register, handleSubmit, watch, setValue, setError, reset, formState } = useForm<
    AnswerValues,
    unknown,
    ReturnType<typeof guarantorResponseSchema.parse>
  >({ resolver: answerResolver, defaultValues: { response: '', reasons: '' } });
  const response = watch('response');
  const latest = incident.responses.at(-1);

  const onSubmit = handleSubmit((answer) => {
    setGeneral([]);
    setDone(null);
    mutation.mutate(
      { id: incident.id, input: answer },
      {
        onSuccess: () => {
          reset();
          setDone(`Answer sent: ${RESPONSE_LABELS[answer.response]}.`);
        },
        onError: (error) => setGeneral(showApiErrors(error, setError, sameNames<AnswerValues>(['response', 'reasons']))),
      },
    );
  });

  return (
    <form className="action-card action-card--primary" aria-labelledby={titleId} onSubmit={onSubmit} noValidate data-testid="answer-form">
      <h2 id={titleId}>Answer for {guarantorName}</h2>
      <p className="muted">
        {latest ? (
          <>
            Last answer: <strong>{RESPONSE_LABELS[latest.response]}</strong> (<DamascusTime iso={latest.at} />). A new answer adds to the record.
          </>
        ) : (
          'This report is routed to your guarantor and waits for its answer.'
        )}
      </p>
      <FormAlert messages={general} />
      <ChoiceGroup<GuarantorResponse>
        legend="Answer"
        name="response"
        value={response}
        onChange={(value) => setValue('response', value, { shouldValidate: formState.isSubmitted })}
        error={formState.errors.response ? messageFor('response', formState.errors.response.message, formState.errors.response.type) : undefined}
        options={GUARANTOR_RESPONSES.map((r) => ({ value: r, label: RESPONSE_LABELS[r], description: RESPONSE_DESCRIPTIONS[r] }))}
      />
      <Field
        label={response === 'disputed' ? 'Reasons' : 'Reasons (optional)'}
        hint={response === 'disputed' ? 'Required when disputing: what the other guarantors should weigh.' : undefined}
        error={formState.errors.reasons?.message}
      >
        {(control) => <textarea rows={3} {...control} {...register('reasons')} />}
      </Field>
      <FormActions pending={mutation.isPending} label="Send answer" busyLabel="Sending…" status={done} statusTestId="answer-done" />
    </form>
  );
}

/* ---------- Cross-confirm (other guarantors) ---------- */

interface ConfirmationValues {
  confirmation: CrossConfirmation | '';
  note: string;
}

const confirmationResolver = zodFormResolver(crossConfirmationSchema, (v: ConfirmationValues) => ({
  confirmation: (v.confirmation || undefined) as CrossConfirmation,
  note: optionalText(v.note),
}));

function ConfirmationForm({ incident, guarantorName, responsible }: { incident: IncidentView; guarantorName: string; responsible: string }) {
  const titleId = useId();
  const mutation = useConfirmIncident();
  const [general, setGeneral] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const { register, handleSubmit, watch, setValue, setError, reset, formState } = useForm<
    ConfirmationValues,
    unknown,
    ReturnType<typeof crossConfirmationSchema.parse>
  >({ resolver: confirmationResolver, defaultValues: { confirmation: '', note: '' } });
  const confirmation = watch('confirmation');

  const onSubmit = handleSubmit((input) => {
    setGeneral([]);
    setDone(null);
    mutation.mutate(
      { id: incident.id, input },
      {
        onSuccess: () => {
          reset();
          setDone(`Recorded: ${CONFIRMATION_LABELS[input.confirmation]}.`);
        },
        onError: (error) => setGeneral(showApiErrors(error, setError, sameNames<ConfirmationValues>(['confirmation', 'note']))),
      },
    );
  });

  return (
    <form className="action-card" aria-labelledby={titleId} onSubmit={onSubmit} noValidate data-testid="confirmation-form">
      <h2 id={titleId}>Cross-confirm as {guarantorName}</h2>
      <p className="muted">{responsible} answers for this report; your guarantor says whether its own information bears it out.</p>
      <FormAlert messages={general} />
      <ChoiceGroup<CrossConfirmation>
        legend="Position"
        name="confirmation"
        value={confirmation}
        onChange={(value) => setValue('confirmation', value, { shouldValidate: formState.isSubmitted })}
        error={
          formState.errors.confirmation
            ? messageFor('confirmation', formState.errors.confirmation.message, formState.errors.confirmation.type)
            : undefined
        }
        options={CROSS_CONFIRMATIONS.map((c) => ({ value: c, label: CONFIRMATION_LABELS[c], description: CONFIRMATION_DESCRIPTIONS[c] }))}
      />
      <Field
        label={confirmation === 'disputed' ? 'Note' : 'Note (optional)'}
        hint={confirmation === 'disputed' ? 'Required when disputing: say why.' : undefined}
        error={formState.errors.note?.message}
      >
        {(control) => <textarea rows={3} {...control} {...register('note')} />}
      </Field>
      <FormActions pending={mutation.isPending} label="Record position" busyLabel="Sending…" status={done} statusTestId="confirmation-done" />
    </form>
  );
}

/** A choice left empty: the schema's "expected one of …" becomes a plain request. */
function messageFor(field: Path<VerificationValues> | 'response' | 'confirmation', message: string | undefined, type: string | number | undefined): string | undefined {
  if (type === 'invalid_value' || type === 'invalid_type') {
    if (field === 'to') return 'Choose where to move the report.';
    if (field === 'response') return 'Choose an answer.';
    if (field === 'confirmation') return 'Choose a position.';
  }
  return message;
}
