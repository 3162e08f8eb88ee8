import {
  CASUALTY_FIELDS,
  EVENT_TYPE_LABELS,
  governorateName,
  type CasualtiesInput,
  type CasualtyField,
  type IncidentInput,
  type SourceKind,
} from '@truce-monitor/domain';
import { damascusLocalToIso, formatDamascusTime } from '../../lib/time';
import { optionalText } from '../../lib/zod-form';

/**
 * What the filing form holds: the request's own shape and names (so every
 * problem the schema or the API names lands on its control), with what
 * people type (text in number boxes, Damascus wall time) in place of what is sent.
 */
export interface CasualtyInputs {
  low: string;
  best: string;
  high: string;
}

export interface SourceInputs {
  kind: SourceKind | '';
  note: string;
  url: string;
  sha256: string;
  fileName: string;
}

/** The perpetrator chosen as unknown, as opposed to not chosen yet. */
export const UNKNOWN_PERPETRATOR = 'unknown';

export interface FilingFormValues {
  agreementId: string;
  /** `2017-01-02T11:30`, Damascus time. */
  occurredAt: string;
  timePrecision: string;
  location: { lat: string; lon: string };
  geoPrecision: string;
  governorate: string;
  placeName: string;
  eventType: string;
  perpetratorPartyId: string;
  target: { kind: 'civilians' | 'party' | ''; partyId: string };
  casualties: Record<CasualtyField, CasualtyInputs>;
  sources: SourceInputs[];
  description: string;
  obstruction: { kind: '' | 'denial' | 'delay'; delayMinutes: string; reasonGiven: string };
}

export const emptySource = (): SourceInputs => ({ kind: '', note: '', url: '', sha256: '', fileName: '' });

export function emptyFilingValues(agreementId: string): FilingFormValues {
  return {
    agreementId,
    occurredAt: '',
    timePrecision: '1',
    location: { lat: '', lon: '' },
    geoPrecision: '1',
    governorate: '',
    placeName: '',
    eventType: '',
    perpetratorPartyId: '',
    target: { kind: '', partyId: '' },
    casualties: Object.fromEntries(CASUALTY_FIELDS.map((f) => [f, { low: '', best: '', high: '' }])) as Record<CasualtyField, CasualtyInputs>,
    sources: [{ ...emptySource(), kind: 'own_observation' }],
    description: '',
    obstruction: { kind: '', delayMinutes: '', reasonGiven: '' },
  };
}

/** A number box: blank is "not given", anything else is parsed (and the schema says what is wrong with it). */
const num = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim().replace(',', '.')));

/** One casualty figure: blank, an exact number (best only), or a range whose blank ends default to the best estimate. */
function figure({ low, best, high }: CasualtyInputs): number | { low: number; best: number; high: number } | undefined {
  if ([low, best, high].every((t) => t.trim() === '')) return undefined;
  if (low.trim() === '' && high.trim() === '') return num(best);
  const b = num(best) as number;
  return { low: num(low) ?? b, best: b, high: num(high) ?? b };
}

/** The request body the form's values stand for (not yet validated: the schema does that). */
export function toIncidentInput(v: FilingFormValues): IncidentInput {
  const casualties: CasualtiesInput = {};
  for (const field of CASUALTY_FIELDS) {
    const value = figure(v.casualties[field]);
    if (value !== undefined) casualties[field] = value;
  }
  const obstruction =
    v.eventType === 'access_obstruction' && v.obstruction.kind !== ''
      ? { kind: v.obstruction.kind, delayMinutes: num(v.obstruction.delayMinutes), reasonGiven: optionalText(v.obstruction.reasonGiven) }
      : undefined;
  return {
    agreementId: v.agreementId,
    occurredAt: damascusLocalToIso(v.occurredAt) ?? v.occurredAt,
    timePrecision: Number(v.timePrecision) as IncidentInput['timePrecision'],
    location: { lat: num(v.location.lat) as number, lon: num(v.location.lon) as number },
    geoPrecision: Number(v.geoPrecision) as IncidentInput['geoPrecision'],
    governorate: (v.governorate || undefined) as IncidentInput['governorate'],
    placeName: optionalText(v.placeName),
    eventType: (v.eventType || undefined) as IncidentInput['eventType'],
    perpetratorPartyId: (v.perpetratorPartyId === UNKNOWN_PERPETRATOR ? null : v.perpetratorPartyId || undefined) as string | null,
    target: (v.target.kind === 'civilians'
      ? { civilians: true }
      : v.target.kind === 'party'
        ? { partyId: v.target.partyId }
        : undefined) as IncidentInput['target'],
    casualties: Object.keys(casualties).length > 0 ? casualties : undefined,
    sources: v.sources.map((s) => ({
      kind: (s.kind || undefined) as SourceKind,
      note: optionalText(s.note),
      url: optionalText(s.url),
      sha256: optionalText(s.sha256),
      fileName: optionalText(s.fileName),
    })),
    description: v.description,
    obstruction,
  };
}

/**
 * The form's control for a field the API names (`casualties.killed.low`,
 * `sources.0.url`, `target.partyId`), or null when the form has none
 * (`Idempotency-Key`, the body as a whole): those are said at the top.
 */
export function formPathFor(apiField: string): string | null {
  const known =
    /^(agreementId|occurredAt|timePrecision|location(\.(lat|lon))?|geoPrecision|governorate|placeName|eventType|perpetratorPartyId|target(\.partyId)?|casualties(\.\w+(\.(low|best|high))?)?|sources(\.\d+(\.(kind|note|url|sha256|fileName))?)?|description|obstruction(\.(kind|delayMinutes|reasonGiven))?)$/;
  if (!known.test(apiField)) return null;
  if (apiField === 'agreementId') return null;
  return apiField;
}

/** One line a monitor recognises a report by, in the outbox. */
export function summarise(v: FilingFormValues): string {
  const what = EVENT_TYPE_LABELS[v.eventType as keyof typeof EVENT_TYPE_LABELS] ?? 'Report';
  const where = v.placeName.trim() || (v.governorate ? governorateName(v.governorate) : 'unknown place');
  const iso = damascusLocalToIso(v.occurredAt);
  return `${what} at ${where}${iso ? `, ${formatDamascusTime(iso)}` : ''}`;
}
