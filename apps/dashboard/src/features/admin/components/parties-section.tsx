import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import {
  BLOCS,
  GUARANTOR_CODES,
  SIGNATORY_STATUSES,
  newPartySchema,
  signatoryChangeSchema,
  type AgreementView,
  type Bloc,
  type GuarantorCode,
  type NewParty,
  type PartyView,
  type SignatoryChange,
  type SignatoryStatus,
} from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { ChoiceGroup, Field, FormActions, FormAlert, Options } from '../../../components/form';
import { sameNames, showApiErrors } from '../../../lib/form-errors';
import { formatDamascusTime } from '../../../lib/time';
import { optionalText, zodFormResolver } from '../../../lib/zod-form';
import { useAddParty, useChangeSignatoryStatus } from '../api/admin-api';
import { localToInstant, nowLocal } from '../damascus-input';
import { BLOC_NAMES, SIGNATORY_DESCRIPTIONS, SIGNATORY_NAMES, SIGNATORY_SIGNS } from '../labels';

/** The parties of the agreement with their signatory status and its dated history; add a party, change a status. */
export function PartiesSection({ agreement, onChanged }: { agreement: AgreementView; onChanged: () => void }) {
  const guarantorName = (code: string | null) => (code ? (agreement.guarantors.find((g) => g.code === code)?.name ?? code) : 'none');
  return (
    <div className="admin-section">
      <section className="panel" aria-labelledby="parties-title" data-testid="admin-parties">
        <header className="panel__header">
          <h2 id="parties-title">
            Parties <span className="count">{agreement.parties.length}</span>
          </h2>
          <span className="muted">A status change is dated and kept: reports are classified by the registry as it stood when they happened.</span>
        </header>
        <div className="table-scroll">
          <table className="feed-table admin-table">
            <thead>
              <tr>
                <th scope="col">Party</th>
                <th scope="col">Bloc</th>
                <th scope="col">Answered for by</th>
                <th scope="col">Signatory status</th>
                <th scope="col">History and change</th>
              </tr>
            </thead>
            <tbody>
              {agreement.parties.map((party) => (
                <tr key={party.id} data-testid="party-row" data-party-id={party.id} data-party-name={party.name}>
                  <th scope="row">
                    {party.name}
                    {party.excluded && <span className="tag">excluded</span>}
                  </th>
                  <td>{BLOC_NAMES[party.bloc]}</td>
                  <td>
                    {party.guarantor ? <span className="guarantor-code">{party.guarantor}</span> : null} {guarantorName(party.guarantor)}
                  </td>
                  <td data-testid="current-status">
                    <SignatoryBadge status={party.signatoryStatus} />
                  </td>
                  <td className="admin-table__wide">
                    <PartyHistory party={party} onChanged={onChanged} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <AddPartyForm agreementId={agreement.id} onChanged={onChanged} />
    </div>
  );
}

export function SignatoryBadge({ status }: { status: SignatoryStatus }) {
  return (
    <span className={`signatory signatory--${status}`} data-testid="signatory-status" data-status={status} title={SIGNATORY_DESCRIPTIONS[status]}>
      <span aria-hidden="true">{SIGNATORY_SIGNS[status]} </span>
      {SIGNATORY_NAMES[status]}
    </span>
  );
}

function PartyHistory({ party, onChanged }: { party: PartyView; onChanged: () => void }) {
  const history = [...party.signatoryHistory].sort((a, b) => Date.parse(b.from) - Date.parse(a.from));
  return (
    <details className="admin-details" data-testid="party-history">
      <summary>
        {history.length} dated {history.length === 1 ? 'status' : 'statuses'} · change
        <span className="visually-hidden"> the status of {party.name}</span>
      </summary>
      <ol className="admin-history">
        {history.map((h, i) => (
          <li key={`${h.from}-${i}`}>
            <SignatoryBadge status={h.status} /> from <DamascusTime iso={h.from} />
            {h.claimedBy && <span className="muted"> · claimed by {h.claimedBy}</span>}
            {h.note && <span className="muted"> · {h.note}</span>}
          </li>
        ))}
      </ol>
      <SignatoryChangeForm party={party} onChanged={onChanged} />
    </details>
  );
}

interface SignatoryValues {
  status: SignatoryStatus | '';
  from: string;
  claimedBy: string;
  note: string;
}

const signatoryResolver = zodFormResolver(signatoryChangeSchema, (v: SignatoryValues) => ({
  status: (v.status || undefined) as SignatoryStatus,
  from: localToInstant(v.from),
  claimedBy: optionalText(v.claimedBy),
  note: optionalText(v.note),
}));

function SignatoryChangeForm({ party, onChanged }: { party: PartyView; onChanged: () => void }) {
  const titleId = useId();
  const mutation = useChangeSignatoryStatus(onChanged);
  const [general, setGeneral] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const { register, handleSubmit, watch, setValue, setError, reset, formState } = useForm<SignatoryValues, unknown, SignatoryChange>({
    resolver: signatoryResolver,
    defaultValues: { status: '', from: nowLocal(), claimedBy: '', note: '' },
  });
  const status = watch('status');
  const errors = formState.errors;

  const onSubmit = handleSubmit((change) => {
    setGeneral([]);
    setDone(null);
    mutation.mutate(
      { partyId: party.id, change },
      {
        onSuccess: () => {
          reset({ status: '', from: nowLocal(), claimedBy: '', note: '' });
          setDone(`${party.name}: ${SIGNATORY_NAMES[change.status].toLowerCase()} from ${formatDamascusTime(change.from)} Damascus.`);
        },
        onError: (error) => setGeneral(showApiErrors(error, setError, sameNames<SignatoryValues>(['status', 'from', 'claimedBy', 'note']))),
      },
    );
  });

  return (
    <form className="admin-form admin-form--inline" aria-labelledby={titleId} onSubmit={onSubmit} noValidate data-testid="signatory-form">
      <h3 id={titleId}>Change the status of {party.name}</h3>
      <FormAlert messages={general} />
      <ChoiceGroup<SignatoryStatus>
        legend="New status"
        name={`status-${party.id}`}
        value={status}
        onChange={(value) => setValue('status', value, { shouldValidate: formState.isSubmitted })}
        error={errors.status ? 'Choose the new status.' : undefined}
        options={SIGNATORY_STATUSES.map((s) => ({
          value: s,
          label: SIGNATORY_NAMES[s],
          description: SIGNATORY_DESCRIPTIONS[s],
          disabledReason: null,
        }))}
      />
      <div className="form-row">
        <Field label="From (Damascus time)" error={errors.from?.message} hint="When the status took effect; it may be in the past">
          {(c) => <input type="datetime-local" {...c} {...register('from')} />}
        </Field>
        <Field label="Claimed by" error={errors.claimedBy?.message} hint="Who says so, e.g. the Russian defence ministry">
          {(c) => <input {...c} {...register('claimedBy')} />}
        </Field>
      </div>
      <Field label="Note" error={errors.note?.message}>
        {(c) => <textarea rows={2} {...c} {...register('note')} />}
      </Field>
      <FormActions pending={mutation.isPending} label="Record the status" busyLabel="Saving…" status={done} statusTestId="signatory-done" />
    </form>
  );
}

interface PartyValues {
  name: string;
  bloc: Bloc | '';
  guarantor: GuarantorCode | '';
  aliases: string;
  signatoryStatus: SignatoryStatus | '';
  from: string;
  claimedBy: string;
  note: string;
}

const EMPTY_PARTY = (): PartyValues => ({ name: '', bloc: '', guarantor: '', aliases: '', signatoryStatus: '', from: nowLocal(), claimedBy: '', note: '' });

const partyResolver = zodFormResolver(newPartySchema, (v: PartyValues) => ({
  name: v.name,
  bloc: (v.bloc || undefined) as Bloc,
  guarantor: v.guarantor || null,
  aliases: v.aliases
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean),
  signatoryStatus: (v.signatoryStatus || undefined) as SignatoryStatus,
  from: localToInstant(v.from),
  claimedBy: optionalText(v.claimedBy),
  note: optionalText(v.note),
}));

function AddPartyForm({ agreementId, onChanged }: { agreementId: string; onChanged: () => void }) {
  const titleId = useId();
  const mutation = useAddParty(agreementId, onChanged);
  const [general, setGeneral] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const { register, handleSubmit, setError, reset, formState } = useForm<PartyValues, unknown, NewParty>({
    resolver: partyResolver,
    defaultValues: EMPTY_PARTY(),
  });
  const errors = formState.errors;
  const names = sameNames<PartyValues>(['name', 'bloc', 'guarantor', 'signatoryStatus', 'from', 'claimedBy', 'note']);

  const onSubmit = handleSubmit((party) => {
    setGeneral([]);
    setDone(null);
    mutation.mutate(party, {
      onSuccess: () => {
        reset(EMPTY_PARTY());
        setDone(`${party.name} added.`);
      },
      onError: (error) => setGeneral(showApiErrors(error, setError, (field) => (field.startsWith('aliases') ? 'aliases' : names(field)))),
    });
  });

  return (
    <form className="panel admin-form" aria-labelledby={titleId} onSubmit={onSubmit} noValidate data-testid="add-party-form">
      <h2 id={titleId}>Add a party</h2>
      <FormAlert messages={general} />
      <div className="form-row">
        <Field label="Name" error={errors.name?.message}>
          {(c) => <input {...c} {...register('name')} />}
        </Field>
        <Field label="Bloc" error={errors.bloc ? 'Choose the bloc.' : undefined}>
          {(c) => (
            <select {...c} {...register('bloc')}>
              <Options empty="Choose…" items={BLOCS} value={(b) => b} label={(b) => BLOC_NAMES[b]} />
            </select>
          )}
        </Field>
        <Field label="Answered for by" error={errors.guarantor?.message} hint="The guarantor that answers for its acts">
          {(c) => (
            <select {...c} {...register('guarantor')}>
              <Options empty="No guarantor (outside the agreement)" items={GUARANTOR_CODES} value={(g) => g} />
            </select>
          )}
        </Field>
      </div>
      <Field label="Other names" error={errors.aliases?.message} hint="Separated by commas, as reports and imported data may name it">
        {(c) => <input {...c} {...register('aliases')} />}
      </Field>
      <div className="form-row">
        <Field label="Signatory status" error={errors.signatoryStatus ? 'Choose its status.' : undefined}>
          {(c) => (
            <select {...c} {...register('signatoryStatus')}>
              <Options empty="Choose…" items={SIGNATORY_STATUSES} value={(s) => s} label={(s) => SIGNATORY_NAMES[s]} />
            </select>
          )}
        </Field>
        <Field label="Status from (Damascus time)" error={errors.from?.message}>
          {(c) => <input type="datetime-local" {...c} {...register('from')} />}
        </Field>
        <Field label="Status claimed by" error={errors.claimedBy?.message}>
          {(c) => <input {...c} {...register('claimedBy')} />}
        </Field>
      </div>
      <Field label="Note" error={errors.note?.message}>
        {(c) => <textarea rows={2} {...c} {...register('note')} />}
      </Field>
      <FormActions pending={mutation.isPending} label="Add the party" busyLabel="Adding…" status={done} />
    </form>
  );
}
