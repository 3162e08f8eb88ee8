import {
  type DailyPoint,
  type DisputedReading,
  type GuarantorCode,
  OUTCOMES,
  type Outcome,
  type ResolvedStatsFilter,
  type Responsiveness,
  type StatsSummary,
  VIOLATION_OUTCOMES,
  type ViolationFigures,
  addDays,
  baselineDays,
  countedLevels,
  damascusDay,
  dayCount,
  governorateName,
  maxDay,
  minDay,
  percentChange,
  summarizeDelays,
  truceDays,
} from '@truce-monitor/domain';
import type pg from 'pg';

/**
 * The statistics computed by brute force, in plain TypeScript, from the rows
 * themselves: what the property tests hold the API's SQL (and its
 * pre-aggregated daily counts) to. Only the definitions are shared with the
 * API (the Damascus day, the percentile, the truce days); no aggregation is.
 */

type RangeName = 'killed' | 'injured' | 'civilians_killed' | 'civilians_injured' | 'combatants_killed' | 'combatants_injured';

export type IncidentRow = CasualtyColumns & {
  id: string;
  agreement_id: string;
  occurred_at: Date;
  governorate: string;
  event_type: string;
  perpetrator_party_id: string | null;
  responsible_guarantor: GuarantorCode | null;
  outcome: Outcome;
  verification: string;
  acknowledge_by: Date | null;
  acknowledged_at: Date | null;
};
type CasualtyColumns = { [K in `${RangeName}_${'low' | 'best' | 'high'}`]: number };

export interface HotlineClock {
  guarantor: GuarantorCode;
  sent_at: Date;
  ack_by: Date;
  acknowledged_at: Date | null;
}

export interface ReferenceRules {
  effectiveFrom: string;
  effectiveUntil: string | null;
  guarantors: GuarantorCode[];
  parties: { id: string; name: string; guarantor: GuarantorCode | null }[];
  deadlineMinutes: number;
}

export async function loadRows(db: pg.Pool): Promise<{ incidents: IncidentRow[]; hotline: HotlineClock[] }> {
  const incidents = (await db.query('SELECT * FROM incidents')).rows as IncidentRow[];
  const hotline = (
    await db.query(`SELECT g AS guarantor, m.sent_at, m.ack_by, a.at AS acknowledged_at
                      FROM hotline_messages m JOIN hotline_channels c ON c.id = m.channel_id
                      CROSS JOIN LATERAL unnest(c.guarantors) g
                      LEFT JOIN hotline_acknowledgements a ON a.message_id = m.id AND a.guarantor = g
                     WHERE m.ack_by IS NOT NULL AND g <> m.from_guarantor`)
  ).rows as HotlineClock[];
  return { incidents, hotline };
}

const rangeOf = (rows: IncidentRow[], r: RangeName) => ({
  low: rows.reduce((a, x) => a + x[`${r}_low`], 0),
  best: rows.reduce((a, x) => a + x[`${r}_best`], 0),
  high: rows.reduce((a, x) => a + x[`${r}_high`], 0),
});

const days = new WeakMap<IncidentRow, string>();
/** The row's Damascus day, computed once per row. */
function dayOf(row: IncidentRow): string {
  let day = days.get(row);
  if (day === undefined) days.set(row, (day = damascusDay(row.occurred_at)));
  return day;
}

/** Does the filter select the row? `days` replaces the filter's own range; `outcomes: false` ignores the outcome filter. */
function selects(f: ResolvedStatsFilter, row: IncidentRow, range: { from: string | null; to: string | null } = f, outcomes = true): boolean {
  if (row.agreement_id !== f.agreementId) return false;
  if (!(countedLevels(f.minVerification) as string[]).includes(row.verification)) return false;
  const day = dayOf(row);
  if (range.from && day < range.from) return false;
  if (range.to && day > range.to) return false;
  if (f.governorates && !f.governorates.includes(row.governorate)) return false;
  if (f.parties && !f.parties.includes(row.perpetrator_party_id ?? '')) return false;
  if (f.eventTypes && !(f.eventTypes as string[]).includes(row.event_type)) return false;
  if (outcomes && f.outcomes && !f.outcomes.includes(row.outcome)) return false;
  return true;
}

export function referencePeriod(rows: IncidentRow[], f: ResolvedStatsFilter, today: string) {
  const days = rows.filter((r) => selects(f, r, { from: null, to: null })).map(dayOf).sort();
  const first = days[0] ?? null;
  const last = days.at(-1) ?? null;
  const to = f.to ?? maxDay(today, last ?? today);
  const from = f.from ?? minDay(first ?? to, to);
  const end = f.to ?? maxDay(to, from);
  return { from, to: end, days: dayCount(from, end) };
}

function groupBy<K>(rows: IncidentRow[], key: (r: IncidentRow) => K): Map<K, IncidentRow[]> {
  const m = new Map<K, IncidentRow[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
}

export function referenceSummary(
  data: { incidents: IncidentRow[]; hotline: HotlineClock[] },
  rules: ReferenceRules,
  f: ResolvedStatsFilter,
  now: Date,
): Omit<StatsSummary, 'generatedAt'> {
  const rows = data.incidents;
  const period = referencePeriod(rows, f, damascusDay(now));
  const truce = truceDays(rules, period);
  const before = baselineDays(rules, truce);
  const selected = rows.filter((r) => selects(f, r));
  const byOutcome = Object.fromEntries(OUTCOMES.map((o) => [o, selected.filter((r) => r.outcome === o).length])) as Record<Outcome, number>;
  const truceDayCount = truce ? dayCount(truce.from, truce.to) : 0;

  const figures = (reading: DisputedReading): ViolationFigures => {
    const v = selected.filter((r) => VIOLATION_OUTCOMES[reading].includes(r.outcome));
    const tally = (items: IncidentRow[]) => ({ violations: items.length, killed: rangeOf(items, 'killed'), injured: rangeOf(items, 'injured') });
    const sorted = <T extends { violations: number }>(items: [string | null, T][]) =>
      items.sort(([ka, a], [kb, b]) => b.violations - a.violations || String(ka).localeCompare(String(kb))).map(([, t]) => t);
    const inTruce = truce ? rows.filter((r) => selects(f, r, truce) && VIOLATION_OUTCOMES[reading].includes(r.outcome)) : [];
    return {
      total: v.length,
      casualties: {
        killed: rangeOf(v, 'killed'),
        injured: rangeOf(v, 'injured'),
        civiliansKilled: rangeOf(v, 'civilians_killed'),
        civiliansInjured: rangeOf(v, 'civilians_injured'),
        combatantsKilled: rangeOf(v, 'combatants_killed'),
        combatantsInjured: rangeOf(v, 'combatants_injured'),
      },
      byGuarantor: rules.guarantors.map((g) => ({ guarantor: g, ...tally(v.filter((r) => r.responsible_guarantor === g)) })),
      byParty: sorted(
        [...groupBy(v, (r) => r.perpetrator_party_id)].map(([k, items]) => [
          k,
          { partyId: k, name: k === null ? 'Unknown' : rules.parties.find((p) => p.id === k)!.name, ...tally(items) },
        ]),
      ),
      byGovernorate: sorted([...groupBy(v, (r) => r.governorate)].map(([k, items]) => [k, { governorate: k, name: governorateName(k), ...tally(items) }])),
      byEventType: sorted([...groupBy(v, (r) => r.event_type)].map(([k, items]) => [k, { eventType: k as never, ...tally(items) }])),
      cleanDays: rules.guarantors.map((g) => ({
        guarantor: g,
        cleanDays: truceDayCount - new Set(inTruce.filter((r) => r.responsible_guarantor === g).map(dayOf)).size,
        days: truceDayCount,
      })),
    };
  };

  const covered = (r: IncidentRow) => rules.parties.find((p) => p.id === r.perpetrator_party_id)?.guarantor != null;
  const baseRows = (days: { from: string; to: string }) => rows.filter((r) => selects(f, r, days, false));
  const baseline =
    truce && before
      ? {
          before: { ...before, days: dayCount(before.from, before.to), acts: baseRows(before).filter(covered).length },
          after: {
            ...truce,
            days: truceDayCount,
            acts: baseRows(truce).filter(covered).length,
            violations: {
              withoutDisputed: baseRows(truce).filter((r) => r.outcome === 'violation').length,
              withDisputed: baseRows(truce).filter((r) => VIOLATION_OUTCOMES.withDisputed.includes(r.outcome)).length,
            },
          },
        }
      : null;

  const routed = selected.filter((r) => r.acknowledge_by !== null && VIOLATION_OUTCOMES.withDisputed.includes(r.outcome));
  const responsiveness = (reading: DisputedReading): Responsiveness[] =>
    rules.guarantors.map((g) =>
      summarizeDelays(
        g,
        routed
          .filter((r) => r.responsible_guarantor === g && VIOLATION_OUTCOMES[reading].includes(r.outcome))
          .map((r) => ({
            start: r.acknowledge_by!.getTime() - rules.deadlineMinutes * 60_000,
            deadline: r.acknowledge_by!.getTime(),
            acknowledgedAt: r.acknowledged_at?.getTime() ?? null,
          })),
        now.getTime(),
      ),
    );
  const hotline = rules.guarantors.map((g) =>
    summarizeDelays(
      g,
      data.hotline
        .filter((h) => h.guarantor === g && (!f.from || damascusDay(h.sent_at) >= f.from) && (!f.to || damascusDay(h.sent_at) <= f.to))
        .map((h) => ({ start: h.sent_at.getTime(), deadline: h.ack_by.getTime(), acknowledgedAt: h.acknowledged_at?.getTime() ?? null })),
      now.getTime(),
    ),
  );

  return {
    filter: f,
    period,
    trucePeriod: truce ? { ...truce, days: truceDayCount } : null,
    reports: selected.length,
    byOutcome,
    violations: { withoutDisputed: figures('withoutDisputed'), withDisputed: figures('withDisputed') },
    baseline: {
      definition: expect.any(String) as unknown as string,
      before: baseline?.before ?? null,
      after: baseline?.after ?? null,
      changePercent: baseline ? percentChange(baseline.before.acts, baseline.after.acts) : null,
    },
    responsiveness: { incidents: { withoutDisputed: responsiveness('withoutDisputed'), withDisputed: responsiveness('withDisputed') }, hotline },
  };
}

export function referenceDaily(rows: IncidentRow[], rules: ReferenceRules, f: ResolvedStatsFilter, now: Date): DailyPoint[] {
  const period = referencePeriod(rows, f, damascusDay(now));
  const points: DailyPoint[] = [];
  const byDay = new Map<string, IncidentRow[]>();
  for (const r of rows.filter((x) => selects(f, x, period))) byDay.set(dayOf(r), [...(byDay.get(dayOf(r)) ?? []), r]);
  for (let day = period.from; day <= period.to; day = addDays(day, 1)) {
    const dayRows = byDay.get(day) ?? [];
    const v = (reading: DisputedReading) => dayRows.filter((r) => VIOLATION_OUTCOMES[reading].includes(r.outcome));
    points.push({
      day,
      reports: dayRows.length,
      violations: { withoutDisputed: v('withoutDisputed').length, withDisputed: v('withDisputed').length },
      byGuarantor: Object.fromEntries(
        rules.guarantors.map((g) => [
          g,
          {
            withoutDisputed: v('withoutDisputed').filter((r) => r.responsible_guarantor === g).length,
            withDisputed: v('withDisputed').filter((r) => r.responsible_guarantor === g).length,
          },
        ]),
      ) as DailyPoint['byGuarantor'],
      killed: { withoutDisputed: rangeOf(v('withoutDisputed'), 'killed'), withDisputed: rangeOf(v('withDisputed'), 'killed') },
      injured: { withoutDisputed: rangeOf(v('withoutDisputed'), 'injured'), withDisputed: rangeOf(v('withDisputed'), 'injured') },
    });
  }
  return points;
}
