import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import {
  DESIGNATION_POSITIONS,
  EXCLUSION_KINDS,
  designationPositionSchema,
  newExclusionSchema,
  type AgreementView,
  type DesignationPosition,
  type DesignationPositionInput,
  type ExclusionKind,
  type ExclusionView,
  type GuarantorCode,
  type NewExclusion,
} from '@truce-monitor/domain';
import { DamascusTime } from '../../../components/damascus-time';
import { ChoiceGroup, Field, FormActions, FormAlert, Options } from '../../../components/form';
import { sameNames, showApiErrors } from '../../../lib/form-errors';
import { optionalText, zodFormResolver } from '../../../lib/zod-form';
import { useAddExclusion, useRecordPosition } from '../api/admin-api';
import { localToInstant, nowLocal } from '../damascus-input';
import { EXCLUSION_KIND_NAMES, POSITION_NAMES, POSITION_SIGNS } from '../labels';

/**
 * Exclusions from the truce: the agreement's own (core) and the linked-group
 * designations a guarantor makes, with every guarantor's position. A
 * designation any guarantor disputes is disputed, and says so in words.
 */
export function ExclusionsSection({ agreement, onChanged }: { agreement: AgreementView; onChanged: () => void }) {
  const disputed = agreement.exclusions.filter((e) => e.standing === 'disputed').length;
  return (
    <div className="admin-section">
      <section className="panel" aria-labelledby="exclusions-title" data-testid="admin-exclusions">
        <header className="panel__header">
          <h2 id="exclusions-title">
            Exclusions and designations <span className="count">{agreement.exclusions.length}</span>
          </h2>
          {disputed > 0 && <span className="badge badge--disputed">{disputed} disputed</span>}
          <span className="muted">“Linked” was never defined: a designation stands agreed only while no guarantor disputes it.</span>
        </header>
        <ul className="exclusion-list">
          {agreement.exclusions.map((exclusion) => (
            <ExclusionCard key={exclusion.id} exclusion={exclusion} agreement={agreement} onChanged={onChanged} />
          ))}
        </ul>
      </section>
      <DesignateForm agreement={agreement} onChanged={onChanged} />
    </div>
  );
}

export function StandingBadge({ standing }: { standing: ExclusionView['standing'] }) {
  return standing === 'agreed' ? (
    <span className="standing standing--agreed" data-testid="standing" data-standing="agreed" title="No guarantor disputes this exclusion">
      <span aria-hidden="true">✓ </span>Agreed
    </span>
  ) : (
    <span className="standing standing--disputed" data-testid="standing" data-standing="disputed" title="At least one guarantor disputes this designation">
      <span aria-hidden="true">⚠ </span>Disputed
    </span>
  );
}

function ExclusionCard({ exclusion, agreement, onChanged }: { exclusion: ExclusionView; agreement: AgreementView; onChanged: () => void }) {
  // The latest position of each guarantor stands.
  const latest = new Map<GuarantorCode, ExclusionView['positions'][number]>();
  for (const p of [...exclusion.positions].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) latest.set(p.guarantor, p);
  return (
    <li className={`exclusion exclusion--${exclusion.standing}`} data-testid="exclusion" data-exclusion-id={exclusion.id} data-party-name={exclusion.partyName}>
      <div className="exclusion__head">
        <h3>{exclusion.partyName}</h3>
        <StandingBadge standing={exclusion.standing} />
        <span className="muted">
          {exclusion.kind === 'core' ? 'core exclusion, named by the agreement' : `linked group, designated by ${exclusion.designatedBy ?? 'a guarantor'}`}
        </span>
      </div>
      <p>
        <span className="muted">Basis: </span>
        {exclusion.basis}
      </p>
      <p className="muted">
        from <DamascusTime iso={exclusion.from} />
        {exclusion.until && (
          <>
            {' '}
            until <DamascusTime iso={exclusion.until} />
          </>
        )}
      </p>
      {exclusion.kind === 'core' ? (
        <p className="muted">The agreement's own text: guarantors take no position on it.</p>
      ) : (
        <>
          <table className="detail-table positions-table" aria-label={`Positions on designating ${exclusion.partyName}`}>
            <thead>
              <tr>
                <th scope="col">Guarantor</th>
                <th scope="col">Position</th>
                <th scope="col">Since</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {agreement.guarantors.map((g) => {
                const p = latest.get(g.code);
                return (
                  <tr key={g.code} data-testid="position-row" data-guarantor={g.code} data-position={p?.position ?? 'none'}>
                    <th scope="row">
                      <span className="guarantor-code">{g.code}</span> {g.name}
                    </th>
                    <td>
                      {p ? (
                        <span className={`position position--${p.position}`}>
                          <span aria-hidden="true">{POSITION_SIGNS[p.position]} </span>
                          {POSITION_NAMES[p.position]}
                        </span>
                      ) : (
                        <span className="muted">no position</span>
                      )}
                    </td>
                    <td>{p ? <DamascusTime iso={p.at} /> : '—'}</td>
                    <td>{p?.note ?? ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <details className="admin-details">
            <summary>
              Record a position<span className="visually-hidden"> on designating {exclusion.partyName}</span>
            </summary>
            <PositionForm exclusion={exclusion} agreement={agreement} onChanged={onChanged} />
          </details>
        </>
      )}
    </li>
  );
}

interface PositionValues {
  guarantor: GuarantorCode | '';
  position: DesignationPosition | '';
  at: string;
  note: string;
}

const positionResolver = zodFormResolver(designationPositionSchema, (v: PositionValues) => ({
  position: (v.position || undefined) as DesignationPosition,
  guarantor: v.guarantor || undefined,
  at: v.at.trim() ? localToInstant(v.at) : undefined,
  note: optionalText(v.note),
}));

function PositionForm({ exclusion, agreement, onChanged }: { exclusion: ExclusionView; agreement: AgreementView; onChanged: () => void }) {
  const titleId = useId();
  const mutation = useRecordPosition(onChanged);
  const [general, setGeneral] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const empty: PositionValues = { guarantor: '', position: '', at: '', note: '' };
  const { register, handleSubmit, watch, setValue, setError, reset, formState } = useForm<PositionValues, unknown, DesignationPositionInput>({
    resolver: positionResolver,
    defaultValues: empty,
  });
  const errors = formState.errors;
  const position = watch('position');

  const onSubmit = handleSubmit((input) => {
    setGeneral([]);
    setDone(null);
    mutation.mutate(
      { exclusionId: exclusion.id, position: input },
      {
        onSuccess: () => {
          reset(empty);
          setDone(`${input.guarantor} ${input.position === 'accepts' ? 'accepts' : 'disputes'} the designation of ${exclusion.partyName}.`);
        },
        onError: (error) => setGeneral(showApiErrors(error, setError, sameNames<PositionValues>(['guarantor', 'position', 'at', 'note']))),
      },
    );
  });

  return (
    <form className="admin-form admin-form--inline" aria-labelledby={titleId} onSubmit={onSubmit} noValidate data-testid="position-form">
      <h4 id={titleId}>A guarantor's position on designating {exclusion.partyName}</h4>
      <FormAlert messages={general} />
      <Field label="Guarantor" error={errors.guarantor?.message}>
        {(c) => (
          <select {...c} {...register('guarantor')}>
            <Options empty="Choose…" items={agreement.guarantors} value={(g) => g.code} label={(g) => `${g.code} ${g.name}`} />
          </select>
        )}
      </Field>
      <ChoiceGroup<DesignationPosition>
        legend="Position"
        name={`position-${exclusion.id}`}
        value={position}
        onChange={(value) => setValue('position', value, { shouldValidate: formState.isSubmitted })}
        error={errors.position ? 'Choose accepts or disputes.' : undefined}
        options={DESIGNATION_POSITIONS.map((p) => ({
          value: p,
          label: POSITION_NAMES[p],
          description: p === 'accepts' ? 'Agrees the group is linked and excluded' : 'Does not accept the designation: it becomes disputed',
          disabledReason: null,
        }))}
      />
      <div className="form-row">
        <Field label="Taken at (Damascus time)" error={errors.at?.message} hint="Leave empty for now">
          {(c) => <input type="datetime-local" {...c} {...register('at')} />}
        </Field>
        <Field label="Note" error={errors.note?.message}>
          {(c) => <input {...c} {...register('note')} />}
        </Field>
      </div>
      <FormActions pending={mutation.isPending} label="Record the position" busyLabel="Saving…" status={done} />
    </form>
  );
}

interface DesignationValues {
  partyId: string;
  kind: ExclusionKind;
  designatedBy: GuarantorCode | '';
  basis: string;
  from: string;
  until: string;
}

const EMPTY_DESIGNATION = (): DesignationValues => ({ partyId: '', kind: 'linked', designatedBy: '', basis: '', from: nowLocal(), until: '' });

const designationResolver = zodFormResolver(newExclusionSchema, (v: DesignationValues) => ({
  partyId: v.partyId,
  kind: v.kind,
  designatedBy: v.designatedBy || null,
  basis: v.basis,
  from: localToInstant(v.from),
  until: v.until.trim() ? localToInstant(v.until) : null,
}));

function DesignateForm({ agreement, onChanged }: { agreement: AgreementView; onChanged: () => void }) {
  const titleId = useId();
  const mutation = useAddExclusion(agreement.id, onChanged);
  const [general, setGeneral] = useState<string[]>([]);
  const [done, setDone] = useState<string | null>(null);
  const { register, handleSubmit, watch, setValue, setError, reset, formState } = useForm<DesignationValues, unknown, NewExclusion>({
    resolver: designationResolver,
    defaultValues: EMPTY_DESIGNATION(),
  });
  const errors = formState.errors;
  const kind = watch('kind');
  const partyName = (id: string) => agreement.parties.find((p) => p.id === id)?.name ?? id;

  const onSubmit = handleSubmit((exclusion) => {
    setGeneral([]);
    setDone(null);
    mutation.mutate(exclusion, {
      onSuccess: () => {
        reset(EMPTY_DESIGNATION());
        setDone(`${partyName(exclusion.partyId)} designated${exclusion.designatedBy ? ` by ${exclusion.designatedBy}` : ''}.`);
      },
      onError: (error) =>
        setGeneral(showApiErrors(error, setError, sameNames<DesignationValues>(['partyId', 'kind', 'designatedBy', 'basis', 'from', 'until']))),
    });
  });

  return (
    <form className="panel admin-form" aria-labelledby={titleId} onSubmit={onSubmit} noValidate data-testid="designate-form">
      <h2 id={titleId}>Designate an excluded group</h2>
      <FormAlert messages={general} />
      <Field label="Party" error={errors.partyId ? 'Choose the party.' : undefined}>
        {(c) => (
          <select {...c} {...register('partyId')}>
            <Options empty="Choose…" items={agreement.parties} value={(p) => p.id} label={(p) => p.name} />
          </select>
        )}
      </Field>
      <ChoiceGroup<ExclusionKind>
        legend="Kind"
        name="kind"
        value={kind}
        onChange={(value) => {
          setValue('kind', value, { shouldValidate: formState.isSubmitted });
          if (value === 'core') setValue('designatedBy', '');
        }}
        error={errors.kind?.message}
        options={EXCLUSION_KINDS.map((k) => ({ value: k, label: EXCLUSION_KIND_NAMES[k], disabledReason: null }))}
      />
      <div className="form-row">
        <Field label="Designated by" error={errors.designatedBy?.message} hint={kind === 'core' ? 'No guarantor: the agreement names it' : 'The guarantor that makes the designation'}>
          {(c) => (
            <select {...c} {...register('designatedBy')} disabled={kind === 'core'}>
              <Options empty={kind === 'core' ? 'No guarantor' : 'Choose…'} items={agreement.guarantors} value={(g) => g.code} label={(g) => `${g.code} ${g.name}`} />
            </select>
          )}
        </Field>
        <Field label="From (Damascus time)" error={errors.from?.message}>
          {(c) => <input type="datetime-local" {...c} {...register('from')} />}
        </Field>
        <Field label="Until (Damascus time)" error={errors.until?.message} hint="Leave empty if open-ended">
          {(c) => <input type="datetime-local" {...c} {...register('until')} />}
        </Field>
      </div>
      <Field label="Basis" error={errors.basis?.message} hint="On what grounds: the stated link to an excluded group">
        {(c) => <textarea rows={2} {...c} {...register('basis')} />}
      </Field>
      <FormActions pending={mutation.isPending} label="Designate" busyLabel="Saving…" status={done} />
    </form>
  );
}
