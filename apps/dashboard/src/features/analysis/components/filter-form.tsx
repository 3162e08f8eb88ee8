import { useForm } from 'react-hook-form';
import {
  COUNTED_VERIFICATION_LEVELS,
  EVENT_TYPES,
  EVENT_TYPE_LABELS,
  GOVERNORATES,
  statsFilterSchema,
  type AgreementView,
  type StatsFilter,
  type StatsFilterInput,
} from '@truce-monitor/domain';
import { Field, FieldError } from '../../../components/form';
import { zodFormResolver } from '../../../lib/zod-form';

interface FilterValues {
  from: string;
  to: string;
  governorates: string[] | false;
  parties: string[] | false;
  eventTypes: string[] | false;
  minVerification: string;
}

const list = (v: string[] | string | false | undefined): string[] | undefined => {
  const items = Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : [];
  return items.length ? items : undefined;
};

/** Form controls hold strings and arrays; the shared schema wants absent fields left out. */
const toInput = (v: FilterValues): StatsFilterInput => ({
  ...(v.from ? { from: v.from } : {}),
  ...(v.to ? { to: v.to } : {}),
  ...(list(v.governorates) ? { governorates: list(v.governorates) } : {}),
  ...(list(v.parties) ? { parties: list(v.parties) } : {}),
  ...(list(v.eventTypes) ? { eventTypes: list(v.eventTypes) } : {}),
  minVerification: v.minVerification as StatsFilterInput['minVerification'],
});

const resolver = zodFormResolver(statsFilterSchema, toInput);

const VERIFICATION_LABELS: Record<(typeof COUNTED_VERIFICATION_LEVELS)[number], string> = {
  reported: 'Reported or better (every counted report)',
  corroborated: 'Corroborated or verified',
  verified: 'Verified only',
};

/**
 * The statistics filter, as the API takes it, validated with the API's own
 * schema before it goes into the address. Applying it changes the address;
 * the view follows the address.
 */
export function FilterForm({ agreement, filter, onApply }: { agreement: AgreementView; filter: StatsFilter; onApply: (filter: StatsFilter) => void }) {
  const { register, handleSubmit, formState, reset } = useForm<FilterValues, unknown, StatsFilter>({
    resolver,
    defaultValues: {
      from: filter.from ?? '',
      to: filter.to ?? '',
      governorates: filter.governorates ?? [],
      parties: filter.parties ?? [],
      eventTypes: filter.eventTypes ?? [],
      minVerification: filter.minVerification,
    },
  });
  const errors = formState.errors;
  const message = (key: keyof FilterValues) => errors[key]?.message;
  const parties = [...agreement.parties].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <form className="analysis-filter" aria-label="Filter" data-testid="analysis-filter" noValidate onSubmit={handleSubmit((f) => onApply(f))}>
      <div className="analysis-filter__range">
        <Field label="From (Damascus day)" error={message('from')}>
          {(control) => <input type="date" {...control} {...register('from')} data-testid="filter-from" />}
        </Field>
        <Field label="To (Damascus day, included)" error={message('to')}>
          {(control) => <input type="date" {...control} {...register('to')} data-testid="filter-to" />}
        </Field>
        <Field label="Minimum verification" error={message('minVerification')}>
          {(control) => (
            <select {...control} {...register('minVerification')} data-testid="filter-min-verification">
              {COUNTED_VERIFICATION_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {VERIFICATION_LABELS[level]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <CheckboxGroup legend="Governorates" hint="none ticked: all" error={message('governorates')} testId="filter-governorates">
        {GOVERNORATES.map((g) => (
          <label key={g.code} className="analysis-filter__option">
            <input type="checkbox" value={g.code} {...register('governorates')} /> {g.name}
          </label>
        ))}
      </CheckboxGroup>
      <CheckboxGroup legend="Perpetrator parties" hint="none ticked: all" error={message('parties')} testId="filter-parties">
        {parties.map((p) => (
          <label key={p.id} className="analysis-filter__option">
            <input type="checkbox" value={p.id} {...register('parties')} /> {p.name}
            {p.guarantor ? ` (${p.guarantor})` : ''}
          </label>
        ))}
      </CheckboxGroup>
      <CheckboxGroup legend="Event types" hint="none ticked: all" error={message('eventTypes')} testId="filter-event-types">
        {EVENT_TYPES.map((t) => (
          <label key={t} className="analysis-filter__option">
            <input type="checkbox" value={t} {...register('eventTypes')} /> {EVENT_TYPE_LABELS[t]}
          </label>
        ))}
      </CheckboxGroup>
      <div className="analysis-filter__actions">
        <button type="submit" className="button button--primary" data-testid="filter-apply">
          Apply filter
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            reset({ from: '', to: '', governorates: [], parties: [], eventTypes: [], minVerification: 'reported' });
            onApply(statsFilterSchema.parse({}));
          }}
        >
          Clear filter
        </button>
      </div>
    </form>
  );
}

function CheckboxGroup({ legend, hint, error, testId, children }: { legend: string; hint: string; error: string | undefined; testId: string; children: React.ReactNode }) {
  return (
    <fieldset className="analysis-filter__group" data-testid={testId} aria-invalid={error ? true : undefined}>
      <legend>
        {legend} <span className="field-hint">({hint})</span>
      </legend>
      <div className="analysis-filter__options">{children}</div>
      <FieldError message={error ? `${legend}: ${error}` : undefined} />
    </fieldset>
  );
}
