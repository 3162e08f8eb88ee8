import { z } from 'zod';
import { GOVERNORATE_CODES } from './governorates.js';
import { listParam } from './list-param.js';
import {
  EVENT_TYPES,
  GUARANTOR_CODES,
  OUTCOMES,
  type EventType,
  type GuarantorCode,
  type Outcome,
  type VerificationState,
} from './vocabulary.js';

/**
 * Compliance statistics: the one filter every statistic and export takes, the
 * calendar day they count in, and the arithmetic that turns counts into the
 * figures analysts quote. Pure: the API computes with it and the tests check
 * the API against it.
 */

/** Days are counted in Damascus, as the joint commission counted them (UTC+2 in winter 2016–17). */
export const STATS_TIME_ZONE = 'Asia/Damascus';

/** Verification levels that count, weakest first. Rejected reports and duplicates never count. */
export const COUNTED_VERIFICATION_LEVELS = ['reported', 'corroborated', 'verified'] as const satisfies readonly VerificationState[];
export type CountedVerification = (typeof COUNTED_VERIFICATION_LEVELS)[number];

/** The levels counted at a minimum level: `corroborated` → corroborated and verified. */
export function countedLevels(min: CountedVerification): CountedVerification[] {
  return COUNTED_VERIFICATION_LEVELS.slice(COUNTED_VERIFICATION_LEVELS.indexOf(min));
}

/** The outcomes counted as violations: strictly, and with disputed exclusions counted too. */
export const VIOLATION_OUTCOMES = {
  withoutDisputed: ['violation'] as Outcome[],
  withDisputed: ['violation', 'disputed_exclusion'] as Outcome[],
} as const;
export type DisputedReading = keyof typeof VIOLATION_OUTCOMES;
/** Every count twice: with disputed exclusions counted as violations and without. */
export interface Twice<T> {
  withoutDisputed: T;
  withDisputed: T;
}

export const MAX_FILTER_LIST = 50;
/** The most days one page of the daily series holds. */
export const MAX_DAILY_PAGE = 3660;
export const DEFAULT_DAILY_PAGE = 1000;

// ---------------------------------------------------------------- days

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDay(s: string): boolean {
  const m = DAY_RE.exec(s);
  if (!m) return false;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === s;
}

const dayParts = new Intl.DateTimeFormat('en-US', {
  timeZone: STATS_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function localParts(t: number): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const p: Record<string, string> = {};
  for (const part of dayParts.formatToParts(new Date(t))) p[part.type] = part.value;
  return { y: Number(p.year), mo: Number(p.month), d: Number(p.day), h: Number(p.hour), mi: Number(p.minute), s: Number(p.second) };
}

/** The Damascus calendar day (YYYY-MM-DD) of an instant. */
export function damascusDay(instant: Date | string | number): string {
  const { y, mo, d } = localParts(new Date(instant).getTime());
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Damascus' offset from UTC at an instant, in minutes (120 in winter 2016–17). */
export function damascusOffsetMinutes(instant: Date | number): number {
  const t = new Date(instant).getTime();
  const l = localParts(t);
  const asUtc = Date.UTC(l.y, l.mo - 1, l.d, l.h, l.mi, l.s);
  return Math.round((asUtc - (t - (t % 1000))) / 60_000);
}

/**
 * The instant a Damascus wall-clock time of a day falls on (`hour` 0 = the
 * day's start). A time that the clocks skipped is read as standard time, as
 * PostgreSQL reads it.
 */
export function damascusInstant(day: string, hour = 0): Date {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), hour);
  let t = wall - damascusOffsetMinutes(wall) * 60_000;
  t = wall - damascusOffsetMinutes(t) * 60_000;
  return new Date(t);
}

export function addDays(day: string, n: number): string {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + n)).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included; 0 when `to` is before `from`. */
export function dayCount(from: string, to: string): number {
  const n = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  return Math.max(0, n);
}

export const maxDay = (a: string, b: string) => (a > b ? a : b);
export const minDay = (a: string, b: string) => (a < b ? a : b);

// ---------------------------------------------------------------- the filter

/** A filter's list parameter (`?governorates=SY-DI&governorates=SY-HL` or `?governorates=SY-DI,SY-HL`), sorted: the filter is hashed. */
const filterList = (name: string, check: (v: string) => boolean, what: string) =>
  listParam({ name, check: (v): v is string => check(v), what, max: MAX_FILTER_LIST, sorted: true });

const dayParam = z
  .string({ error: 'must be a day, YYYY-MM-DD' })
  .refine(isCalendarDay, { error: 'must be a calendar day, YYYY-MM-DD (a Damascus day)' });

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const governorateSet = new Set<string>(GOVERNORATE_CODES);
const eventTypeSet = new Set<string>(EVENT_TYPES);
const outcomeSet = new Set<string>(OUTCOMES);

/** The filter's fields; each endpoint's query schema adds its own (a page, a date, the HXL row). */
export const statsFilterShape = {
  agreementId: z.uuid({ error: 'must be an agreement id (UUID)' }).optional(),
  /** First Damascus day counted (inclusive). */
  from: dayParam.optional(),
  /** Last Damascus day counted (inclusive). */
  to: dayParam.optional(),
  governorates: filterList('governorates', (v) => governorateSet.has(v), 'unknown governorate code(s); use ISO 3166-2 codes such as SY-RD'),
  /** Perpetrator parties. */
  parties: filterList('parties', (v) => UUID_RE.test(v), 'must be party ids (UUIDs)'),
  eventTypes: filterList('eventTypes', (v) => eventTypeSet.has(v), `unknown event type(s); one of ${EVENT_TYPES.join(', ')}`),
  /** Classification outcomes to keep (all when absent). */
  outcomes: filterList('outcomes', (v) => outcomeSet.has(v), `unknown outcome(s); one of ${OUTCOMES.join(', ')}`),
  minVerification: z
    .enum(COUNTED_VERIFICATION_LEVELS, { error: `must be one of ${COUNTED_VERIFICATION_LEVELS.join(', ')} (rejected and duplicate reports never count)` })
    .default('reported'),
};

function checkRange(f: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx) {
  if (f.from && f.to && f.to < f.from)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `must not be before from (${f.from}); the range is inverted` });
}

export const statsFilterSchema = z.strictObject(statsFilterShape).superRefine(checkRange);
export type StatsFilterInput = z.input<typeof statsFilterSchema>;
export type StatsFilter = z.output<typeof statsFilterSchema>;

export const dailyQuerySchema = z
  .strictObject({
    ...statsFilterShape,
    limit: z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(MAX_DAILY_PAGE, { error: `must be at most ${MAX_DAILY_PAGE} days` })
      .default(DEFAULT_DAILY_PAGE),
    /** The last day of the previous page. */
    after: dayParam.optional(),
  })
  .superRefine(checkRange);
export type DailyQuery = z.output<typeof dailyQuerySchema>;

export const bulletinQuerySchema = z.strictObject({
  ...statsFilterShape,
  from: z.never({ error: 'not used by the bulletin: it covers one day, given as date' }).optional(),
  to: z.never({ error: 'not used by the bulletin: it covers one day, given as date' }).optional(),
  date: dayParam,
  format: z.enum(['json', 'text'], { error: 'must be json or text' }).default('json'),
});
export type BulletinQuery = z.output<typeof bulletinQuerySchema>;

const flag = z
  .enum(['0', '1', 'true', 'false'], { error: 'must be 1 or 0' })
  .optional()
  .transform((v) => v === '1' || v === 'true');

export const exportQuerySchema = z.strictObject({ ...statsFilterShape, hxl: flag }).superRefine(checkRange);
export type ExportQuery = z.output<typeof exportQuerySchema>;

/** The filter as the API applied it: the agreement resolved, lists sorted and de-duplicated, absent fields null. */
export interface ResolvedStatsFilter {
  agreementId: string;
  from: string | null;
  to: string | null;
  governorates: string[] | null;
  parties: string[] | null;
  eventTypes: EventType[] | null;
  outcomes: Outcome[] | null;
  minVerification: CountedVerification;
}

export function resolveFilter(filter: StatsFilter, agreementId: string): ResolvedStatsFilter {
  return {
    agreementId,
    from: filter.from ?? null,
    to: filter.to ?? null,
    governorates: filter.governorates ?? null,
    parties: filter.parties ?? null,
    eventTypes: (filter.eventTypes as EventType[] | undefined) ?? null,
    outcomes: (filter.outcomes as Outcome[] | undefined) ?? null,
    minVerification: filter.minVerification,
  };
}

/** The query string that asks for exactly this filter (the dashboard's export links; the stats and exports echo it). */
export function filterQueryString(f: ResolvedStatsFilter): string {
  const q: [string, string][] = [['agreementId', f.agreementId]];
  if (f.from) q.push(['from', f.from]);
  if (f.to) q.push(['to', f.to]);
  for (const key of ['governorates', 'parties', 'eventTypes', 'outcomes'] as const) {
    const v = f[key];
    if (v?.length) q.push([key, v.join(',')]);
  }
  q.push(['minVerification', f.minVerification]);
  return q.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}

// ---------------------------------------------------------------- arithmetic

/**
 * The discrete percentile PostgreSQL's `percentile_disc` gives: the first
 * value (ascending) whose cumulative share reaches `p`. Null for no values.
 */
export function percentileDisc(sortedAscending: readonly number[], p: number): number | null {
  const n = sortedAscending.length;
  if (n === 0) return null;
  const rownum = Math.ceil(p * n);
  return sortedAscending[Math.max(1, Math.min(n, rownum)) - 1]!;
}

/** (after − before) / before, in percent; null when there is no baseline to compare with. */
export function percentChange(before: number, after: number): number | null {
  return before === 0 ? null : ((after - before) / before) * 100;
}

/** A share in [0, 1]; null when nothing could be measured. */
export function share(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

/**
 * The days of a period the truce was in force: from the first Damascus day
 * entirely inside the agreement's window, to the last one. The day the truce
 * took effect counts when it took effect at midnight (as in 2016); a truce that
 * started at noon starts counting the next day. Null when they do not overlap.
 */
export function truceDays(
  window: { effectiveFrom: string; effectiveUntil: string | null },
  period: { from: string; to: string },
): { from: string; to: string } | null {
  const firstFull = addDays(damascusDay(Date.parse(window.effectiveFrom) - 1), 1);
  const lastFull = window.effectiveUntil ? addDays(damascusDay(window.effectiveUntil), -1) : null;
  const from = maxDay(period.from, firstFull);
  const to = lastFull ? minDay(period.to, lastFull) : period.to;
  return to < from ? null : { from, to };
}

/** The baseline span: as many days as `after` holds, ending the day before the truce took effect. */
export function baselineDays(window: { effectiveFrom: string }, after: { from: string; to: string } | null): { from: string; to: string } | null {
  if (!after) return null;
  const lastBefore = addDays(damascusDay(window.effectiveFrom), -1);
  return { from: addDays(lastBefore, -(dayCount(after.from, after.to) - 1)), to: lastBefore };
}

/** Time to acknowledge, per guarantor: what `summarizeDelays` reports. */
export interface Responsiveness {
  guarantor: GuarantorCode;
  /** Items that asked this guarantor to acknowledge. */
  routed: number;
  acknowledged: number;
  acknowledgedWithinDeadline: number;
  /** Unacknowledged and past the deadline. */
  overdue: number;
  /** Unacknowledged, deadline not yet passed: not counted in the share. */
  pending: number;
  /** Seconds from routing (or sending) to the first acknowledgement, over acknowledged items. */
  medianSeconds: number | null;
  p90Seconds: number | null;
  /** acknowledgedWithinDeadline / (routed − pending); null when nothing is due yet. */
  withinDeadlineShare: number | null;
}

export interface DelayItem {
  /** When the clock started: routing of a report, sending of a hotline message. */
  start: number;
  deadline: number;
  acknowledgedAt: number | null;
}

/** Responsiveness from the items themselves (the hotline's messages; the tests' brute force). */
export function summarizeDelays(guarantor: GuarantorCode, items: readonly DelayItem[], now: number): Responsiveness {
  const delays: number[] = [];
  let within = 0;
  let overdue = 0;
  let pending = 0;
  for (const item of items) {
    if (item.acknowledgedAt === null) {
      if (item.deadline < now) overdue += 1;
      else pending += 1;
      continue;
    }
    delays.push((item.acknowledgedAt - item.start) / 1000);
    if (item.acknowledgedAt <= item.deadline) within += 1;
  }
  delays.sort((a, b) => a - b);
  return {
    guarantor,
    routed: items.length,
    acknowledged: delays.length,
    acknowledgedWithinDeadline: within,
    overdue,
    pending,
    medianSeconds: percentileDisc(delays, 0.5),
    p90Seconds: percentileDisc(delays, 0.9),
    withinDeadlineShare: share(within, items.length - pending),
  };
}

// ---------------------------------------------------------------- answers

export interface CasualtyTotals {
  killed: { low: number; best: number; high: number };
  injured: { low: number; best: number; high: number };
  civiliansKilled: { low: number; best: number; high: number };
  civiliansInjured: { low: number; best: number; high: number };
  combatantsKilled: { low: number; best: number; high: number };
  combatantsInjured: { low: number; best: number; high: number };
}

/** One line of a breakdown: how many violations, with what harm. */
export interface ViolationTally {
  violations: number;
  killed: { low: number; best: number; high: number };
  injured: { low: number; best: number; high: number };
}

export interface ViolationFigures {
  total: number;
  casualties: CasualtyTotals;
  byGuarantor: ({ guarantor: GuarantorCode } & ViolationTally)[];
  byParty: ({ partyId: string | null; name: string } & ViolationTally)[];
  byGovernorate: ({ governorate: string; name: string } & ViolationTally)[];
  byEventType: ({ eventType: EventType } & ViolationTally)[];
  /** Days of the truce period with no violation attributed to the guarantor's parties. */
  cleanDays: { guarantor: GuarantorCode; cleanDays: number; days: number }[];
}

export interface StatsSummary {
  filter: ResolvedStatsFilter;
  /** The days counted: the filter's range, or (open ends) the first day with data to the later of today and the last day with data. */
  period: { from: string; to: string; days: number };
  /** The part of the period the truce was in force (clean days and the baseline's "after" are counted over it). */
  trucePeriod: { from: string; to: string; days: number } | null;
  /** Every counted report the filter selects, whatever its outcome: the number of rows its export holds. */
  reports: number;
  byOutcome: Record<Outcome, number>;
  violations: Twice<ViolationFigures>;
  baseline: {
    definition: string;
    before: { from: string; to: string; days: number; acts: number } | null;
    after: { from: string; to: string; days: number; acts: number; violations: Twice<number> } | null;
    /** Change in acts, after against before, in percent; null without a baseline. */
    changePercent: number | null;
  };
  responsiveness: {
    /** Routing → the responsible guarantor's first answer, over reports routed with a deadline. */
    incidents: Twice<Responsiveness[]>;
    /** Sending → acknowledgement, per guarantor asked to acknowledge (agreement and from/to only). */
    hotline: Responsiveness[];
  };
  generatedAt: string;
}

export interface DailyPoint {
  day: string;
  reports: number;
  violations: Twice<number>;
  byGuarantor: Record<GuarantorCode, Twice<number>>;
  killed: Twice<{ low: number; best: number; high: number }>;
  injured: Twice<{ low: number; best: number; high: number }>;
}

export interface DailySeries {
  filter: ResolvedStatsFilter;
  period: { from: string; to: string; days: number };
  days: DailyPoint[];
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: string | null;
}

export interface BulletinIncident {
  id: string;
  sourceId: string | null;
  occurredAt: string;
  governorate: string;
  placeName: string | null;
  eventType: EventType;
  perpetrator: string | null;
  outcome: Outcome;
  killed: number;
  injured: number;
  /** The responsible guarantor's latest answer. */
  answer: string | null;
  /** The other guarantors' latest word on it (null: none yet). */
  confirmations: Partial<Record<GuarantorCode, 'confirmed' | 'cannot_confirm' | 'disputed' | null>>;
}

export interface BulletinSection {
  guarantor: GuarantorCode;
  guarantorName: string;
  violations: Twice<number>;
  byGovernorate: { governorate: string; name: string; violations: Twice<number> }[];
  /** Per other guarantor: how many of this section's violations (with disputed) it confirmed, could not confirm, disputed, or left unanswered. */
  confirmations: { guarantor: GuarantorCode; confirmed: number; cannotConfirm: number; disputed: number; none: number }[];
  incidents: BulletinIncident[];
}

export interface Bulletin {
  filter: ResolvedStatsFilter & { date: string };
  agreementName: string;
  date: string;
  sections: BulletinSection[];
  generatedAt: string;
}

export const GUARANTOR_ORDER: readonly GuarantorCode[] = GUARANTOR_CODES;
