import { z } from 'zod';
import { text } from './text.js';
import {
  EVENT_TYPES,
  GEO_PRECISIONS,
  GUARANTOR_CODES,
  OUTCOMES,
  SOURCE_KINDS,
  TIME_PRECISIONS,
  VERIFICATION_STATES,
} from './vocabulary.js';
import { GOVERNORATE_CODES, SYRIA_BOUNDS } from './governorates.js';
import type { CrossConfirmationEntry, GuarantorAnswer, ReviewHistoryEntry } from './review.js';

/** Reports dated this far ahead of the server's clock are still accepted (clock skew of field devices). */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;
export const MAX_DESCRIPTION_LENGTH = 10_000;
export const MAX_SOURCES = 50;

const count = z.int({ error: 'must be a whole number' }).min(0, { error: 'must be zero or more' }).max(1_000_000);

/** An uncertain figure, as conflict-event datasets record it: low ≤ best ≤ high. */
export const casualtyRangeSchema = z
  .strictObject({ low: count, best: count, high: count })
  .superRefine((r, ctx) => {
    if (r.low > r.best) ctx.addIssue({ code: 'custom', path: ['low'], message: `low (${r.low}) must not exceed best (${r.best})` });
    if (r.best > r.high) ctx.addIssue({ code: 'custom', path: ['high'], message: `high (${r.high}) must not be below best (${r.best})` });
  });
export type CasualtyRange = z.infer<typeof casualtyRangeSchema>;

/** A figure given either exactly (a number) or as a low/best/high range. */
const casualtyFigure = z.union([count, casualtyRangeSchema]);

export const casualtiesSchema = z.strictObject({
  killed: casualtyFigure.optional(),
  injured: casualtyFigure.optional(),
  civiliansKilled: casualtyFigure.optional(),
  civiliansInjured: casualtyFigure.optional(),
  combatantsKilled: casualtyFigure.optional(),
  combatantsInjured: casualtyFigure.optional(),
});
export type CasualtiesInput = z.infer<typeof casualtiesSchema>;
export type CasualtyField = keyof CasualtiesInput;
export const CASUALTY_FIELDS: readonly CasualtyField[] = [
  'killed',
  'injured',
  'civiliansKilled',
  'civiliansInjured',
  'combatantsKilled',
  'combatantsInjured',
];
export type Casualties = Record<CasualtyField, CasualtyRange>;

/** Every figure as a range; a missing figure is zero, an exact one is low = best = high. */
export function normaliseCasualties(input: CasualtiesInput | undefined): Casualties {
  const out = {} as Casualties;
  for (const field of CASUALTY_FIELDS) {
    const v = input?.[field];
    out[field] = v === undefined ? { low: 0, best: 0, high: 0 } : typeof v === 'number' ? { low: v, best: v, high: v } : v;
  }
  return out;
}

export const sourceSchema = z.strictObject({
  kind: z.enum(SOURCE_KINDS),
  note: text().trim().max(2000).optional(),
  url: z.url({ protocol: /^https?$/ }).max(2000).refine((u) => !u.includes('\u0000'), { error: 'must not contain the NUL character' }).optional(),
  /** SHA-256 of an evidence file's content, hex. The file itself is kept off this record. */
  sha256: z
    .string()
    .regex(/^[a-fA-F0-9]{64}$/, { error: 'must be 64 hexadecimal characters (a SHA-256 digest)' })
    .transform((s) => s.toLowerCase())
    .optional(),
  fileName: text().trim().min(1).max(255).optional(),
});
export type SourceInput = z.infer<typeof sourceSchema>;

export const locationSchema = z
  .strictObject({
    lat: z.number().min(-90).max(90),
    lon: z.number().min(-180).max(180),
  })
  .superRefine((p, ctx) => {
    if (p.lat < SYRIA_BOUNDS.minLat || p.lat > SYRIA_BOUNDS.maxLat)
      ctx.addIssue({ code: 'custom', path: ['lat'], message: `latitude ${p.lat} is outside Syria (${SYRIA_BOUNDS.minLat}–${SYRIA_BOUNDS.maxLat})` });
    if (p.lon < SYRIA_BOUNDS.minLon || p.lon > SYRIA_BOUNDS.maxLon)
      ctx.addIssue({ code: 'custom', path: ['lon'], message: `longitude ${p.lon} is outside Syria (${SYRIA_BOUNDS.minLon}–${SYRIA_BOUNDS.maxLon})` });
  });

export const targetSchema = z.union([
  z.strictObject({ partyId: z.uuid({ error: 'must be a party id (UUID)' }) }),
  z.strictObject({ civilians: z.literal(true) }),
], { error: 'must be {"partyId": "…"} or {"civilians": true}' });
export type TargetInput = z.infer<typeof targetSchema>;

/** Obstruction of monitors' or humanitarian access, recorded as OSCE monitors did. */
export const obstructionSchema = z.strictObject({
  kind: z.enum(['denial', 'delay']),
  delayMinutes: z.int().min(1).max(60 * 24 * 30).optional(),
  reasonGiven: text().trim().max(2000).optional(),
});

const isoInstant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2017-01-02T09:30:00Z' });
const timePrecisionSchema = z.union(TIME_PRECISIONS.map((n) => z.literal(n)), { error: 'must be 1 (exact day) to 5 (more than a month)' });
const geoPrecisionSchema = z.union(GEO_PRECISIONS.map((n) => z.literal(n)), { error: 'must be 1 (exact point) to 7 (country)' });

/** The facts of a report, each with its own rule; filing and correcting share them. */
const incidentFacts = {
  occurredAt: isoInstant,
  location: locationSchema,
  governorate: z.enum(GOVERNORATE_CODES, { error: 'must be an ISO 3166-2 governorate code such as SY-RD' }),
  placeName: text().trim().min(1).max(200),
  eventType: z.enum(EVENT_TYPES),
  perpetratorPartyId: z.uuid({ error: 'must be a party id (UUID) or null' }).nullable(),
  target: targetSchema,
  casualties: casualtiesSchema,
  sources: z.array(sourceSchema).min(1, { error: 'at least one source is required' }).max(MAX_SOURCES),
  description: text().trim().min(1, { error: 'must not be empty' }).max(MAX_DESCRIPTION_LENGTH),
  obstruction: obstructionSchema,
};

function checkTimeAndObstruction(
  r: { occurredAt?: string | undefined; obstruction?: unknown; eventType?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (r.occurredAt !== undefined && Date.parse(r.occurredAt) > Date.now() + MAX_CLOCK_SKEW_MS)
    ctx.addIssue({ code: 'custom', path: ['occurredAt'], message: 'must not be in the future' });
  if (r.obstruction && r.eventType !== undefined && r.eventType !== 'access_obstruction')
    ctx.addIssue({ code: 'custom', path: ['obstruction'], message: 'only allowed when eventType is access_obstruction' });
}

export const incidentInputSchema = z
  .strictObject({
    agreementId: z.uuid({ error: 'must be an agreement id (UUID)' }),
    ...incidentFacts,
    timePrecision: timePrecisionSchema.default(1),
    geoPrecision: geoPrecisionSchema.default(1),
    placeName: incidentFacts.placeName.optional(),
    casualties: casualtiesSchema.optional(),
    obstruction: obstructionSchema.optional(),
  })
  .superRefine(checkTimeAndObstruction);
export type IncidentInput = z.input<typeof incidentInputSchema>;
export type IncidentData = z.output<typeof incidentInputSchema>;

/**
 * A reviewer's correction of a report's facts, with the reason. The report is
 * classified again from the corrected facts; an empty `changes` re-classifies
 * it against the registry as it now records that moment.
 */
export const incidentCorrectionSchema = z.strictObject({
  changes: z
    .strictObject({
      occurredAt: incidentFacts.occurredAt.optional(),
      timePrecision: timePrecisionSchema.optional(),
      location: incidentFacts.location.optional(),
      geoPrecision: geoPrecisionSchema.optional(),
      governorate: incidentFacts.governorate.optional(),
      placeName: incidentFacts.placeName.nullable().optional(),
      eventType: incidentFacts.eventType.optional(),
      perpetratorPartyId: incidentFacts.perpetratorPartyId.optional(),
      target: incidentFacts.target.optional(),
      casualties: incidentFacts.casualties.optional(),
      sources: incidentFacts.sources.optional(),
      description: incidentFacts.description.optional(),
      obstruction: incidentFacts.obstruction.nullable().optional(),
    })
    .superRefine(checkTimeAndObstruction),
  note: text().trim().min(1, { error: 'say why the facts changed' }).max(2000),
});
export type IncidentCorrection = z.output<typeof incidentCorrectionSchema>;

export const classificationSchema = z.object({
  outcome: z.enum(OUTCOMES),
  reasons: z.array(text()),
});

/** A stored report as the API returns it. `filedBy` is present only for roles allowed to see it. */
export interface IncidentView {
  id: string;
  agreementId: string;
  occurredAt: string;
  timePrecision: number;
  reportedAt: string;
  location: { lat: number; lon: number };
  geoPrecision: number;
  governorate: string;
  placeName: string | null;
  eventType: (typeof EVENT_TYPES)[number];
  perpetratorPartyId: string | null;
  target: { partyId: string } | { civilians: true };
  casualties: Casualties;
  sources: SourceInput[];
  description: string;
  obstruction: z.infer<typeof obstructionSchema> | null;
  verification: (typeof VERIFICATION_STATES)[number];
  classification: { outcome: (typeof OUTCOMES)[number]; reasons: string[] };
  responsibleGuarantor: (typeof GUARANTOR_CODES)[number] | null;
  acknowledgeBy: string | null;
  /** The responsible guarantor's first answer; null while it has not answered. */
  acknowledgedAt: string | null;
  /** Routed, unanswered and past its deadline when this view was made. */
  overdue: boolean;
  duplicateOf: string | null;
  /** The responsible guarantor's answers, oldest first. */
  responses: GuarantorAnswer[];
  /** The other guarantors' cross-confirmations, oldest first (the latest per guarantor stands). */
  confirmations: CrossConfirmationEntry[];
  reviewHistory: ReviewHistoryEntry[];
  filedBy?: { id: string; username: string };
}

/** `GET /api/incidents`: newest first; pass `nextCursor` back as `cursor` for the next page. */
export interface IncidentPage {
  items: IncidentView[];
  nextCursor: string | null;
}
