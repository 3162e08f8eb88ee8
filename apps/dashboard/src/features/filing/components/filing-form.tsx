import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useFieldArray, useForm, useWatch, type FieldError, type Path } from 'react-hook-form';
import {
  BLOCS,
  CASUALTY_FIELDS,
  EVENT_TYPES,
  EVENT_TYPE_LABELS,
  GEO_PRECISIONS,
  GOVERNORATES,
  OUTCOME_LABELS,
  SOURCE_KINDS,
  SYRIA_BOUNDS,
  TIME_PRECISIONS,
  incidentInputSchema,
  type AgreementView,
  type AuthUser,
  type IncidentData,
} from '@truce-monitor/domain';
import { Field, FieldError as FieldErrorText, FormAlert, sentence } from '../../../components/form';
import { ApiError } from '../../../lib/api-client';
import { showApiErrors } from '../../../lib/form-errors';
import { governorateAt, type GovernorateMatch } from '../../../lib/geo/governorate-lookup';
import { BOUNDARIES_ATTRIBUTION, PLACES_ATTRIBUTION, useGovernorateShapes, type Place } from '../../../lib/geo/geodata';
import { damascusLocalToIso, formatDamascusTime, formatUtc, isoToDamascusLocal } from '../../../lib/time';
import { zodFormResolver } from '../../../lib/zod-form';
import { previewClassification, rulesFromAgreement } from '../classification-preview';
import {
  UNKNOWN_PERPETRATOR,
  emptyFilingValues,
  emptySource,
  formPathFor,
  summarise,
  toIncidentInput,
  type FilingFormValues,
} from '../filing-values';
import type { OutboxEntry } from '../outbox';
import { useOutbox } from '../outbox-context';
import { useDraft } from '../use-draft';
import { PlacePicker } from './place-picker';

/** Labels the domain does not carry; kept here because they are how the form speaks. */
const TIME_PRECISION_OPTIONS: Record<number, string> = {
  1: '1 · exact day known',
  2: '2 · within a 2–6 day span',
  3: '3 · only the week known',
  4: '4 · within 8–30 days, or the month',
  5: '5 · more than a month',
};
const GEO_PRECISION_OPTIONS: Record<number, string> = {
  1: '1 · exact point',
  2: '2 · within about 25 km',
  3: '3 · district',
  4: '4 · governorate',
  5: '5 · road, river, border or wider area',
  6: '6 · only the country',
  7: '7 · international waters or airspace',
};
const SOURCE_KIND_OPTIONS: Record<string, string> = {
  own_observation: 'Own observation',
  witness: 'Witness',
  local_media: 'Local media',
  official_statement: 'Official statement',
  social_media: 'Social media',
  other: 'Other',
};
const CASUALTY_ROW_LABELS: Record<string, string> = {
  killed: 'Killed (all)',
  injured: 'Injured (all)',
  civiliansKilled: 'Civilians killed',
  civiliansInjured: 'Civilians injured',
  combatantsKilled: 'Combatants killed',
  combatantsInjured: 'Combatants injured',
};
const BLOC_GROUP_LABELS: Record<string, string> = {
  government: 'Government',
  pro_government: 'Pro-government',
  opposition: 'Opposition',
  jihadist: 'Jihadist',
  other: 'Others',
};

const resolver = zodFormResolver(incidentInputSchema, toIncidentInput);

/** What happened to the last report submitted from this form. */
type Outcome = { kind: 'accepted' | 'waiting'; entry: OutboxEntry };

export interface MapSlot {
  (props: { picked: { lat: number; lon: number } | null; onPick: (point: { lat: number; lon: number }) => void }): ReactNode;
}

interface FilingFormProps {
  agreement: AgreementView;
  user: AuthUser;
  /** The map to pick a point on; supplied by the screen, loaded when first opened. */
  renderMap: MapSlot;
  /** Put into the form (a refused report opened again), with the problems to show. */
  reopen: { entry: OutboxEntry; nonce: number } | null;
  /** A link to a report the user may open. */
  reportLink: (id: string, text: string) => ReactNode;
}

/**
 * The incident report form. Validated by the very schema the API validates
 * with; kept as a draft in this tab while typed; on submit, kept on the device
 * with its Idempotency-Key and sent at once if there is a connection, later if not.
 */
export function FilingForm({ agreement, user, renderMap, reopen, reportLink }: FilingFormProps) {
  const outbox = useOutbox();
  const draft = useDraft(user.id, agreement.id);
  const [general, setGeneral] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [mapOpen, setMapOpen] = useState(false);
  const banner = useRef<HTMLDivElement>(null);
  const form = useForm<FilingFormValues, unknown, IncidentData>({
    resolver,
    defaultValues: draft.initial ?? emptyFilingValues(agreement.id),
    mode: 'onTouched',
  });
  const { register, control, handleSubmit, setValue, getValues, setError, reset, formState } = form;
  const errors = formState.errors;
  const sources = useFieldArray({ control, name: 'sources' });
  const values = useWatch({ control }) as FilingFormValues;

  // Every change is kept in this tab: a reload, a lost session or a refused report loses nothing typed.
  const dirty = formState.isDirty;
  useEffect(() => {
    if (dirty) draft.save(values);
  }, [values, dirty, draft]);

  // A refused report opened again: its values, and the server's objections next to the fields.
  useEffect(() => {
    if (!reopen) return;
    reset(reopen.entry.form);
    setOutcome(null);
    const refused = reopen.entry.refused;
    if (refused) {
      const error = new ApiError({ statusCode: refused.statusCode, error: '', message: refused.message, details: refused.details });
      // After the reset has rendered, so the errors are not cleared by it.
      setTimeout(() => setGeneral(showApiErrors(error, setError, (f) => formPathFor(f) as Path<FilingFormValues> | null)));
    }
  }, [reopen, reset, setError]);

  // The governorate follows the point.
  const shapes = useGovernorateShapes();
  const lat = Number(values.location?.lat);
  const lon = Number(values.location?.lon);
  const pointGiven = values.location?.lat !== '' && values.location?.lon !== '' && Number.isFinite(lat) && Number.isFinite(lon);
  const match: GovernorateMatch | null = useMemo(
    () => (pointGiven && shapes.data ? governorateAt({ lat, lon }, shapes.data) : null),
    [pointGiven, lat, lon, shapes.data],
  );
  useEffect(() => {
    if (match && getValues('governorate') !== match.code) setValue('governorate', match.code, { shouldValidate: formState.isSubmitted });
  }, [match, getValues, setValue, formState.isSubmitted]);

  const rules = useMemo(() => rulesFromAgreement(agreement), [agreement]);
  const input = toIncidentInput(values);
  const preview = previewClassification(
    {
      occurredAt: damascusLocalToIso(values.occurredAt) ?? undefined,
      governorate: values.governorate || undefined,
      perpetratorPartyId: input.perpetratorPartyId,
      target: input.target,
    },
    rules,
  );

  function pickPlace(place: Place) {
    setValue('placeName', place.name, { shouldDirty: true });
    setValue('location.lat', place.lat.toFixed(5), { shouldDirty: true, shouldValidate: formState.isSubmitted });
    setValue('location.lon', place.lon.toFixed(5), { shouldDirty: true, shouldValidate: formState.isSubmitted });
  }

  function pickPoint(point: { lat: number; lon: number }) {
    setValue('location.lat', String(point.lat), { shouldDirty: true, shouldValidate: formState.isSubmitted });
    setValue('location.lon', String(point.lon), { shouldDirty: true, shouldValidate: formState.isSubmitted });
  }

  const onSubmit = handleSubmit(async (body) => {
    setGeneral([]);
    setOutcome(null);
    const typed = getValues();
    let entry: OutboxEntry;
    try {
      entry = await outbox.add({ body, form: typed, summary: summarise(typed) });
    } catch (error) {
      setGeneral([`This browser could not keep the report on the device, so it was not sent: ${error instanceof Error ? error.message : String(error)}. Nothing you typed is lost.`]);
      return;
    }
    const result = await outbox.sendNow(entry.key);
    const saved = outbox.getEntries().find((e) => e.key === entry.key) ?? entry;
    if (result === 'refused' && saved.refused) {
      // Refused as it stands: it lives on in the form, with the problems next to the fields.
      await outbox.discard(entry.key);
      const { statusCode, message, details } = saved.refused;
      setGeneral(showApiErrors(new ApiError({ statusCode, error: '', message, details }), setError, (f) => formPathFor(f) as Path<FilingFormValues> | null));
      return;
    }
    // A refused report that was opened again and has now gone out in its corrected form.
    if (reopen && reopen.entry.key !== entry.key) await outbox.discard(reopen.entry.key).catch(() => undefined);
    reset(emptyFilingValues(agreement.id));
    draft.clear();
    setOutcome({ kind: result === 'accepted' ? 'accepted' : 'waiting', entry: saved });
    setTimeout(() => banner.current?.focus());
  }, () => setGeneral(['Some fields need attention: see the messages next to them.']));

  const partiesByBloc = BLOCS.map((bloc) => ({ bloc, parties: agreement.parties.filter((p) => p.bloc === bloc) })).filter((g) => g.parties.length);
  const occurredIso = damascusLocalToIso(values.occurredAt ?? '');
  const nowLocal = isoToDamascusLocal(new Date().toISOString());

  return (
    <form className="filing-form" onSubmit={onSubmit} noValidate aria-label="File a report" data-testid="filing-form">
      <div ref={banner} tabIndex={-1} className="filing-form__banner" role="status" data-testid="filing-outcome">
        {outcome?.kind === 'accepted' && outcome.entry.accepted && (
          <p className="notice notice--success" data-outcome="accepted">
            Accepted as {reportLink(outcome.entry.accepted.id, `report ${outcome.entry.accepted.id.slice(0, 8)}`)}:{' '}
            <strong>{OUTCOME_LABELS[outcome.entry.accepted.outcome]}</strong>
            {outcome.entry.accepted.responsibleGuarantor ? `, routed to ${outcome.entry.accepted.responsibleGuarantor}` : ', routed to no guarantor'}.
          </p>
        )}
        {outcome?.kind === 'waiting' && (
          <p className="notice notice--waiting" data-outcome="waiting">
            <strong>Kept on this device:</strong> there is no connection to the server. It will be sent by itself when the connection returns — see “On
            this device”.
          </p>
        )}
      </div>
      <FormAlert messages={general} testId="filing-error" />

      <Fieldset legend="When">
        <div className="form-row">
          <Field
            label="Occurred (Damascus time)"
            hint={
              occurredIso ? (
                <>
                  {formatUtc(occurredIso)}
                  {Date.parse(occurredIso) < Date.parse(agreement.effectiveFrom) && (
                    <strong> · before the truce took effect ({formatDamascusTime(agreement.effectiveFrom)})</strong>
                  )}
                </>
              ) : (
                `The truce took effect ${formatDamascusTime(agreement.effectiveFrom)}.`
              )
            }
            error={message(errors.occurredAt, 'Enter the date and time it happened.')}
          >
            {(c) => <input type="datetime-local" max={nowLocal} {...c} {...register('occurredAt')} />}
          </Field>
          <Field label="Time precision" error={errors.timePrecision?.message}>
            {(c) => (
              <select {...c} {...register('timePrecision')}>
                {TIME_PRECISIONS.map((p) => (
                  <option key={p} value={p}>
                    {TIME_PRECISION_OPTIONS[p]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </Fieldset>

      <Fieldset legend="Where">
        <PlacePicker onPick={pickPlace} />
        <div className="form-row">
          <Field label="Place name (optional)" error={errors.placeName?.message}>
            {(c) => <input type="text" {...c} {...register('placeName')} />}
          </Field>
        </div>
        <div className="form-row">
          <Field
            label="Latitude"
            hint={`${SYRIA_BOUNDS.minLat} to ${SYRIA_BOUNDS.maxLat}, decimal degrees`}
            error={message(errors.location?.lat, 'Enter the latitude in decimal degrees, e.g. 33.5102.') ?? errors.location?.message}
          >
            {(c) => <input type="text" inputMode="decimal" {...c} {...register('location.lat')} />}
          </Field>
          <Field
            label="Longitude"
            hint={`${SYRIA_BOUNDS.minLon} to ${SYRIA_BOUNDS.maxLon}`}
            error={message(errors.location?.lon, 'Enter the longitude in decimal degrees, e.g. 36.2913.')}
          >
            {(c) => <input type="text" inputMode="decimal" {...c} {...register('location.lon')} />}
          </Field>
          <div className="field field--button">
            <button type="button" className="button button--secondary" aria-expanded={mapOpen} onClick={() => setMapOpen((o) => !o)}>
              {mapOpen ? 'Hide the map' : 'Pick on the map'}
            </button>
          </div>
        </div>
        {mapOpen && (
          <div className="filing-map" data-testid="filing-map">
            {renderMap({ picked: pointGiven ? { lat, lon } : null, onPick: pickPoint })}
            <p className="field-hint">Click the map to set the point; the coordinates above change with it.</p>
          </div>
        )}
        <div className="form-row">
          <Field
            label="Governorate"
            hint={<GovernorateHint match={match} chosen={values.governorate} pointGiven={pointGiven} loading={shapes.isPending} />}
            error={message(errors.governorate, 'Choose the governorate, or give the point and it is filled in.')}
          >
            {(c) => (
              <select {...c} {...register('governorate')} data-testid="governorate">
                <option value="">Choose…</option>
                {GOVERNORATES.map((g) => (
                  <option key={g.code} value={g.code}>
                    {g.name} ({g.code})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Location precision" error={errors.geoPrecision?.message}>
            {(c) => (
              <select {...c} {...register('geoPrecision')}>
                {GEO_PRECISIONS.map((p) => (
                  <option key={p} value={p}>
                    {GEO_PRECISION_OPTIONS[p]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <p className="credits">
          {BOUNDARIES_ATTRIBUTION}. {PLACES_ATTRIBUTION}.
        </p>
      </Fieldset>

      <Fieldset legend="What">
        <Field label="Event type" error={message(errors.eventType, 'Choose the event type.')}>
          {(c) => (
            <select {...c} {...register('eventType')}>
              <option value="">Choose…</option>
              {EVENT_TYPES.map((t) => (
                <option key={t} value={t}>
                  {EVENT_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          )}
        </Field>
        {values.eventType === 'access_obstruction' && (
          <div className="form-row" data-testid="obstruction-fields">
            <Field label="Obstruction" error={errors.obstruction?.kind?.message ?? errors.obstruction?.message}>
              {(c) => (
                <select {...c} {...register('obstruction.kind')}>
                  <option value="">Not said</option>
                  <option value="denial">Access denied</option>
                  <option value="delay">Access delayed</option>
                </select>
              )}
            </Field>
            {values.obstruction?.kind === 'delay' && (
              <Field label="Delay (minutes)" error={message(errors.obstruction?.delayMinutes, 'Enter the delay in whole minutes.')}>
                {(c) => <input type="text" inputMode="numeric" {...c} {...register('obstruction.delayMinutes')} />}
              </Field>
            )}
            <Field label="Reason given (optional)" error={errors.obstruction?.reasonGiven?.message}>
              {(c) => <input type="text" {...c} {...register('obstruction.reasonGiven')} />}
            </Field>
          </div>
        )}
        <Field label="Description" hint="What was seen or heard, in order; no names of sources." error={errors.description?.message}>
          {(c) => <textarea rows={4} {...c} {...register('description')} />}
        </Field>
      </Fieldset>

      <Fieldset legend="Who">
        <div className="form-row">
          <Field label="Perpetrator" error={message(errors.perpetratorPartyId, 'Choose the perpetrator, or Unknown.')}>
            {(c) => (
              <select {...c} {...register('perpetratorPartyId')}>
                <option value="">Choose…</option>
                <option value={UNKNOWN_PERPETRATOR}>Unknown</option>
                {partiesByBloc.map((group) => (
                  <optgroup key={group.bloc} label={BLOC_GROUP_LABELS[group.bloc]}>
                    {group.parties.map((p) => (
                      <option key={p.id} value={p.id}>
                        {p.name}
                        {p.excluded ? ' (excluded)' : ''}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            )}
          </Field>
          <TargetFields form={form} agreement={agreement} partiesByBloc={partiesByBloc} />
        </div>
      </Fieldset>

      <Fieldset legend="Harm" hint="Give the best estimate; add low and high when unsure. Leave blank what is not known.">
        <table className="casualty-table">
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col">Low</th>
              <th scope="col">Best</th>
              <th scope="col">High</th>
            </tr>
          </thead>
          <tbody>
            {CASUALTY_FIELDS.map((field) => {
              const e = errors.casualties?.[field];
              const problem = e?.low?.message ?? e?.best?.message ?? e?.high?.message ?? (e?.message ? 'Give the best estimate as a whole number.' : undefined);
              return (
                <tr key={field}>
                  <th scope="row">
                    {CASUALTY_ROW_LABELS[field]}
                    {problem && <FieldErrorText id={`casualty-${field}-error`} message={sentence(CASUALTY_ROW_LABELS[field]!, problem)} />}
                  </th>
                  {(['low', 'best', 'high'] as const).map((part) => (
                    <td key={part}>
                      <input
                        type="text"
                        inputMode="numeric"
                        aria-label={`${CASUALTY_ROW_LABELS[field]}, ${part}`}
                        aria-invalid={e?.[part] || (part === 'best' && e?.message) ? true : undefined}
                        aria-describedby={problem ? `casualty-${field}-error` : undefined}
                        {...register(`casualties.${field}.${part}`)}
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </Fieldset>

      <Fieldset legend="Sources" hint="At least one. An evidence file stays on this device: only its SHA-256 fingerprint is sent.">
        {errors.sources?.message && <FieldErrorText message={sentence('Sources', errors.sources.message)} />}
        {errors.sources?.root?.message && <FieldErrorText message={errors.sources.root.message} />}
        <ol className="source-list">
          {sources.fields.map((source, index) => (
            <li key={source.id} className="source-item" data-testid="source-item">
              <div className="form-row">
                <Field label={`Source ${index + 1}: kind`} error={message(errors.sources?.[index]?.kind, 'Choose the kind of source.')}>
                  {(c) => (
                    <select {...c} {...register(`sources.${index}.kind`)}>
                      <option value="">Choose…</option>
                      {SOURCE_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {SOURCE_KIND_OPTIONS[k]}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={`Source ${index + 1}: note (optional)`} error={errors.sources?.[index]?.note?.message}>
                  {(c) => <input type="text" {...c} {...register(`sources.${index}.note`)} />}
                </Field>
                <Field label={`Source ${index + 1}: link (optional)`} error={errors.sources?.[index]?.url?.message}>
                  {(c) => <input type="url" placeholder="https://…" {...c} {...register(`sources.${index}.url`)} />}
                </Field>
              </div>
              <EvidenceFile
                label={`Source ${index + 1}: evidence file (optional)`}
                sha256={values.sources?.[index]?.sha256 ?? ''}
                fileName={values.sources?.[index]?.fileName ?? ''}
                error={errors.sources?.[index]?.sha256?.message}
                onDigest={(digest, name) => {
                  setValue(`sources.${index}.sha256`, digest, { shouldDirty: true });
                  setValue(`sources.${index}.fileName`, name, { shouldDirty: true });
                }}
              />
              {sources.fields.length > 1 && (
                <button type="button" className="link-button link-button--plain" onClick={() => sources.remove(index)}>
                  Remove source {index + 1}
                </button>
              )}
            </li>
          ))}
        </ol>
        <button type="button" className="button button--secondary" onClick={() => sources.append(emptySource())}>
          Add a source
        </button>
      </Fieldset>

      <section className="filing-form__submit" aria-label="Submit">
        <p className="preview" data-testid="classification-preview">
          {preview ? (
            <>
              By the agreement's rules this reads as <strong>{OUTCOME_LABELS[preview.outcome]}</strong>
              {preview.responsibleGuarantor ? `, for ${preview.responsibleGuarantor} to answer` : ', with no guarantor to answer'}. The server decides
              when it arrives.
            </>
          ) : (
            <span className="muted">When, where and who are enough for a preview of the classification.</span>
          )}
        </p>
        <div className="form-actions">
          <button type="submit" className="button button--primary" disabled={formState.isSubmitting} data-testid="file-submit">
            {formState.isSubmitting ? 'Filing…' : 'File the report'}
          </button>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              reset(emptyFilingValues(agreement.id));
              draft.clear();
              setGeneral([]);
            }}
          >
            Clear the form
          </button>
          {draft.restoredAt && !formState.isSubmitSuccessful && (
            <span className="muted">Draft restored from {formatDamascusTime(draft.restoredAt)}.</span>
          )}
        </div>
      </section>
    </form>
  );
}

function Fieldset({ legend, hint, children }: { legend: string; hint?: string; children: ReactNode }) {
  const id = useId();
  return (
    <fieldset className="form-section" aria-describedby={hint ? id : undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p className="field-hint" id={id}>
          {hint}
        </p>
      )}
      {children}
    </fieldset>
  );
}

function TargetFields({
  form,
  agreement,
  partiesByBloc,
}: {
  form: ReturnType<typeof useForm<FilingFormValues, unknown, IncidentData>>;
  agreement: AgreementView;
  partiesByBloc: { bloc: string; parties: AgreementView['parties'] }[];
}) {
  const id = useId();
  const { register, formState, watch } = form;
  const kind = watch('target.kind');
  const e = formState.errors.target;
  const kindError = e?.kind?.message ?? (e?.message ? 'Choose whom it targeted.' : undefined);
  return (
    <fieldset className="choice-group target-group" aria-describedby={kindError ? `${id}-error` : undefined}>
      <legend>Target</legend>
      <div className="choice">
        <input type="radio" id={`${id}-civ`} value="civilians" {...register('target.kind')} />
        <label htmlFor={`${id}-civ`}>Civilians</label>
      </div>
      <div className="choice">
        <input type="radio" id={`${id}-party`} value="party" {...register('target.kind')} />
        <label htmlFor={`${id}-party`}>A party</label>
      </div>
      {kind === 'party' && (
        <Field label="Targeted party" error={e?.partyId?.message ? 'Choose the targeted party.' : undefined}>
          {(c) => (
            <select {...c} {...register('target.partyId')}>
              <option value="">Choose…</option>
              {partiesByBloc.map((group) => (
                <optgroup key={group.bloc} label={BLOC_GROUP_LABELS[group.bloc]}>
                  {group.parties.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                      {agreement.exclusions.some((x) => x.partyId === p.id && x.standing === 'disputed')
                        ? ' (exclusion disputed)'
                        : p.excluded
                          ? ' (excluded)'
                          : ''}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
      )}
      <FieldErrorText id={`${id}-error`} message={kindError} />
    </fieldset>
  );
}

function GovernorateHint({ match, chosen, pointGiven, loading }: { match: GovernorateMatch | null; chosen: string; pointGiven: boolean; loading: boolean }) {
  if (!pointGiven) return <>Filled in from the point once it is given.</>;
  if (loading) return <>Looking the point up…</>;
  if (!match) return <strong>The point lies outside Syria's governorates: check it.</strong>;
  const where =
    match.method === 'inside' ? `The point lies in ${match.name}.` : `The point is ${match.distanceKm.toFixed(1)} km outside the boundaries; nearest: ${match.name}.`;
  return (
    <span data-testid="governorate-source">
      {where}
      {chosen && chosen !== match.code && <strong> You chose another governorate.</strong>}
    </span>
  );
}

/** An evidence file's SHA-256, computed here; the file never leaves the device. */
function EvidenceFile({
  label,
  sha256,
  fileName,
  error,
  onDigest,
}: {
  label: string;
  sha256: string;
  fileName: string;
  error: string | undefined;
  onDigest: (digest: string, name: string) => void;
}) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <div className="field evidence">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="file"
        onChange={async (event) => {
          const file = event.target.files?.[0];
          if (!file) return;
          setBusy(true);
          setProblem(null);
          try {
            if (!crypto.subtle) throw new Error('this page is not served securely, so the browser cannot fingerprint files');
            const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
            onDigest([...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join(''), file.name);
          } catch (e) {
            setProblem(`Could not fingerprint the file: ${e instanceof Error ? e.message : String(e)}`);
          } finally {
            setBusy(false);
          }
        }}
      />
      {busy && <p className="field-hint">Fingerprinting…</p>}
      {sha256 && (
        <p className="field-hint">
          {fileName} · SHA-256 <span className="mono break">{sha256}</span>
        </p>
      )}
      <FieldErrorText message={problem ?? error} />
    </div>
  );
}

/** The schema's words where they help; a plain request where the control was left empty or unreadable. */
function message(error: FieldError | undefined, whenMissing: string): string | undefined {
  if (!error) return undefined;
  if (error.type === 'invalid_type' || error.type === 'invalid_value' || error.type === 'invalid_format' || error.type === 'invalid_union')
    return error.type === 'invalid_format' && error.message && !/ISO 8601/.test(error.message) ? error.message : whenMissing;
  return error.message;
}
