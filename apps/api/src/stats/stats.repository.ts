import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type CountedVerification, type GuarantorCode, type Outcome, countedLevels } from '@truce-monitor/domain';
import { type DirectConnection, connectDirect } from '../database/statements.js';

/**
 * The analytics read side. The statistics module owns `stats_daily_counts`
 * (kept exact by triggers on `incidents`, see the StatsAndImports migration)
 * and runs its own read-only SQL over the incidents module's tables —
 * `incidents`, `incident_responses`, `incident_confirmations`, and `parties`
 * for names — because aggregates and streamed exports are exactly where an
 * ORM is in the way. It never writes them.
 */

/** What every query filters on; days are Damascus calendar days, inclusive. */
export interface SqlFilter {
  agreementId: string;
  from: string | null;
  to: string | null;
  governorates: string[] | null;
  parties: string[] | null;
  eventTypes: string[] | null;
  outcomes: Outcome[] | null;
  minVerification: CountedVerification;
}

const DAY_OF = (col: string) => `(${col} AT TIME ZONE 'Asia/Damascus')::date`;
const DAY_START = (param: string) => `((${param}::date)::timestamp AT TIME ZONE 'Asia/Damascus')`;

/** Positional parameters, added as the SQL is written. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The WHERE clause of a filter. On the daily counts the day is a column; on
 * `incidents` the days become a range of instants — from the first instant of
 * `from` to the first instant of the day after `to`, Damascus time — which is
 * exactly the same set (a Damascus day starts at the instant its midnight, or
 * the end of a spring-forward gap at midnight, maps to) and lets the
 * (agreement_id, occurred_at) indexes do the work without converting every
 * row's time zone.
 */
function where(f: SqlFilter, p: Params, on: 'counts' | 'incidents', days: { from: string | null; to: string | null } = f, countsAlias = ''): string {
  const col = (c: string) => (on === 'counts' ? `${countsAlias}${c}` : `i.${c}`);
  const parts = [`${col('agreement_id')} = ${p.add(f.agreementId)}`];
  if (days.from) {
    const d = p.add(days.from);
    parts.push(on === 'incidents' ? `i.occurred_at >= ${DAY_START(d)}` : `${countsAlias}day >= ${d}::date`);
  }
  if (days.to) {
    const d = p.add(days.to);
    parts.push(on === 'incidents' ? `i.occurred_at < ${DAY_START(`(${d}::date + 1)`)}` : `${countsAlias}day <= ${d}::date`);
  }
  if (f.governorates) parts.push(`${col('governorate')} = ANY(${p.add(f.governorates)}::text[])`);
  if (f.parties) parts.push(`${col('perpetrator_party_id')} = ANY(${p.add(f.parties)}::uuid[])`);
  if (f.eventTypes) parts.push(`${col('event_type')} = ANY(${p.add(f.eventTypes)}::text[])`);
  if (f.outcomes) parts.push(`${col('outcome')} = ANY(${p.add(f.outcomes)}::text[])`);
  parts.push(`${col('verification')} = ANY(${p.add(countedLevels(f.minVerification))}::text[])`);
  return parts.join(' AND ');
}

/**
 * The pre-aggregate a query over totals (not broken down by governorate,
 * perpetrator or event type) reads: the daily totals when the filter names
 * none of those, the daily counts otherwise. Both are kept exact by the same
 * triggers (StatsDailyTotals1764600000000).
 */
function countsTable(f: SqlFilter): 'stats_daily_totals' | 'stats_daily_counts' {
  return f.governorates || f.parties || f.eventTypes ? 'stats_daily_counts' : 'stats_daily_totals';
}

const RANGES = ['killed', 'injured', 'civilians_killed', 'civilians_injured', 'combatants_killed', 'combatants_injured'] as const;
/**
 * Sums of counts as float8: every count is an integer far below 2^53, so the
 * sums are exact, and float8 addition is much cheaper than the numeric one
 * `sum(bigint)` would use.
 */
const SUM = (c: string) => `coalesce(sum(${c}::float8), 0) AS ${c}`;
const sums = (ranges: readonly (typeof RANGES)[number][]) => ranges.flatMap((r) => ['low', 'best', 'high'].map((b) => SUM(`${r}_${b}`))).join(', ');
const SUMS = sums(RANGES);
/** What the breakdowns by dimension and the daily series show: reports, killed and injured. */
const KILLED_INJURED = sums(['killed', 'injured']);
const zeroSums = (ranges: readonly (typeof RANGES)[number][]) => Object.fromEntries(ranges.flatMap((r) => ['low', 'best', 'high'].map((b) => [`${r}_${b}`, 0])));
const OTHER_RANGES_ZERO = zeroSums(RANGES.filter((r) => r !== 'killed' && r !== 'injured'));

export type CasualtySums = Record<`${(typeof RANGES)[number]}_${'low' | 'best' | 'high'}`, number>;

export interface BreakdownRow extends CasualtySums {
  outcome: Outcome;
  /** Which dimension this row breaks down by; null for the outcome total. */
  dimension: 'guarantor' | 'party' | 'governorate' | 'eventType' | null;
  key: string | null;
  reports: number;
}

export interface DailyRow extends Pick<CasualtySums, `${'killed' | 'injured'}_${'low' | 'best' | 'high'}`> {
  day: string;
  outcome: Outcome;
  guarantor: GuarantorCode | null;
  reports: number;
}

export interface ResponsivenessRow {
  guarantor: GuarantorCode;
  withDisputed: boolean;
  routed: number;
  acknowledged: number;
  within: number;
  overdue: number;
  pending: number;
  median: number | null;
  p90: number | null;
}

export interface BulletinRow {
  id: string;
  source_id: string | null;
  occurred_at: Date;
  governorate: string;
  place_name: string | null;
  event_type: string;
  perpetrator: string | null;
  outcome: Outcome;
  responsible_guarantor: GuarantorCode;
  killed_best: number;
  injured_best: number;
  answer: string | null;
  confirmations: Record<string, 'confirmed' | 'cannot_confirm' | 'disputed'> | null;
}

/** The columns of an export row, in order (rowMode 'array'). */
export const EXPORT_COLUMNS = [
  'id',
  'source_system',
  'source_id',
  'occurred_at',
  'damascus_day',
  'time_precision',
  'reported_at',
  'governorate',
  'place_name',
  'lat',
  'lon',
  'geo_precision',
  'event_type',
  'perpetrator_party_id',
  'perpetrator',
  'target_party_id',
  'target',
  'target_civilians',
  'outcome',
  'responsible_guarantor',
  'verification',
  ...RANGES.flatMap((r) => [`${r}_low`, `${r}_best`, `${r}_high`]),
  'acknowledge_by',
  'acknowledged_at',
  'source_kinds',
  'description',
] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

const ISO = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Each export column's SQL over `incidents i` and the perpetrator's and target's `parties` (pp, tp). */
export const EXPORT_SQL: Record<ExportColumn, string> = {
  id: 'i.id',
  source_system: 'i.source_system',
  source_id: 'i.source_id',
  occurred_at: ISO('i.occurred_at'),
  damascus_day: `${DAY_OF('i.occurred_at')}::text`,
  time_precision: 'i.time_precision',
  reported_at: ISO('i.reported_at'),
  governorate: 'i.governorate',
  place_name: 'i.place_name',
  lat: 'i.lat',
  lon: 'i.lon',
  geo_precision: 'i.geo_precision',
  event_type: 'i.event_type',
  perpetrator_party_id: 'i.perpetrator_party_id',
  perpetrator: 'pp.name',
  target_party_id: 'i.target_party_id',
  target: 'tp.name',
  target_civilians: 'i.target_civilians',
  outcome: 'i.outcome',
  responsible_guarantor: 'i.responsible_guarantor',
  verification: 'i.verification',
  ...(Object.fromEntries(RANGES.flatMap((r) => ['low', 'best', 'high'].map((b) => [`${r}_${b}`, `i.${r}_${b}`]))) as Record<`${(typeof RANGES)[number]}_${'low' | 'best' | 'high'}`, string>),
  acknowledge_by: ISO('i.acknowledge_by'),
  acknowledged_at: ISO('i.acknowledged_at'),
  // Stored with the report (IncidentSourceKinds1764800000000): `;`-separated, in order, NULL when none.
  source_kinds: 'i.source_kinds',
  description: 'i.description',
};

@Injectable()
export class StatsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: Params): Promise<T[]> {
    return this.dataSource.query(sql, params.values) as Promise<T[]>;
  }

  /**
   * The named agreement (or the latest, by start) and its registry version,
   * in one small query: what the statistics need to reuse their copy of the
   * rules until the registry changes.
   */
  async agreementVersion(agreementId: string | null): Promise<{ id: string; version: number } | null> {
    const [row] = (await this.dataSource.query(
      agreementId
        ? 'SELECT id, registry_version AS version FROM agreements WHERE id = $1'
        : 'SELECT id, registry_version AS version FROM agreements ORDER BY effective_from DESC LIMIT 1',
      agreementId ? [agreementId] : [],
    )) as { id: string; version: number }[];
    return row ?? null;
  }

  /** The first and last day with a counted report under the filter (its own range ignored). */
  async dataDays(f: SqlFilter): Promise<{ first: string | null; last: string | null }> {
    const p = new Params();
    const [row] = await this.query<{ first: string | null; last: string | null }>(
      `SELECT min(day)::text AS first, max(day)::text AS last FROM ${countsTable(f)} WHERE ${where(f, p, 'counts', { from: null, to: null })} AND reports <> 0`,
      p,
    );
    return { first: row?.first ?? null, last: row?.last ?? null };
  }

  /**
   * Totals per outcome (every casualty range), and per outcome by guarantor,
   * perpetrator, governorate and event type (reports, killed and injured: all
   * the breakdowns show), as two queries that run side by side.
   */
  async breakdowns(f: SqlFilter): Promise<BreakdownRow[]> {
    const p = new Params();
    const clause = where(f, p, 'counts');
    type Grouped = Omit<BreakdownRow, 'dimension' | 'key'> & { g: number; responsible_guarantor: string | null; perpetrator_party_id: string | null; governorate: string | null; event_type: string | null };
    const [totals, rows] = await Promise.all([
      this.query<Omit<BreakdownRow, 'dimension' | 'key'>>(
        `SELECT outcome, ${SUM('reports')}, ${SUMS}
           FROM ${countsTable(f)}
          WHERE ${clause}
          GROUP BY outcome
         HAVING sum(reports::float8) <> 0`,
        p,
      ),
      this.query<Grouped>(
        `SELECT outcome, responsible_guarantor, perpetrator_party_id, governorate, event_type,
                GROUPING(responsible_guarantor, perpetrator_party_id, governorate, event_type) AS g,
                ${SUM('reports')}, ${KILLED_INJURED}
           FROM stats_daily_counts
          WHERE ${clause}
          GROUP BY GROUPING SETS ((outcome, responsible_guarantor), (outcome, perpetrator_party_id), (outcome, governorate), (outcome, event_type))
         HAVING sum(reports::float8) <> 0`,
        p,
      ),
    ]);
    const byMask: Record<number, [BreakdownRow['dimension'], (r: Grouped) => string | null]> = {
      7: ['guarantor', (r) => r.responsible_guarantor],
      11: ['party', (r) => r.perpetrator_party_id],
      13: ['governorate', (r) => r.governorate],
      14: ['eventType', (r) => r.event_type],
    };
    return [
      ...totals.map((r) => ({ ...r, dimension: null, key: null })),
      ...rows.map((r) => {
        const [dimension, key] = byMask[r.g]!;
        const { g: _g, responsible_guarantor: _rg, perpetrator_party_id: _pp, governorate: _gov, event_type: _et, ...rest } = r;
        return { ...OTHER_RANGES_ZERO, ...rest, dimension, key: key(r) } as BreakdownRow;
      }),
    ];
  }

  /** Per guarantor: the days of a span with at least one violation attributed to it, strictly and with disputed exclusions. */
  async violationDays(f: SqlFilter, days: { from: string; to: string }): Promise<{ guarantor: GuarantorCode; strict: number; withDisputed: number }[]> {
    const p = new Params();
    const rows = await this.query<{ guarantor: GuarantorCode; strict: string; with_disputed: string }>(
      `SELECT guarantor, count(*) FILTER (WHERE strict) AS strict, count(*) AS with_disputed
         FROM (SELECT responsible_guarantor AS guarantor, day, bool_or(outcome = 'violation') AS strict
                 FROM ${countsTable(f)}
                WHERE ${where(f, p, 'counts', days)} AND outcome IN ('violation', 'disputed_exclusion')
                  AND responsible_guarantor IS NOT NULL AND reports > 0
                GROUP BY responsible_guarantor, day) d
        GROUP BY guarantor`,
      p,
    );
    return rows.map((r) => ({ guarantor: r.guarantor, strict: Number(r.strict), withDisputed: Number(r.with_disputed) }));
  }

  /**
   * The baseline: acts by covered parties (a perpetrator some guarantor
   * answers for), whatever their outcome, in the span before the truce and the
   * span after; and the violations after. The filter's range and outcomes do
   * not apply: the spans are the comparison's own.
   */
  async baseline(
    f: SqlFilter,
    before: { from: string; to: string },
    after: { from: string; to: string },
  ): Promise<{ beforeActs: number; afterActs: number; afterStrict: number; afterWithDisputed: number }> {
    const p = new Params();
    const noRange = { ...f, outcomes: null };
    const clause = where(noRange, p, 'counts', { from: before.from, to: after.to }, 'c.');
    const [b0, b1, a0, a1] = [p.add(before.from), p.add(before.to), p.add(after.from), p.add(after.to)];
    const [row] = await this.query<Record<string, number>>(
      `SELECT coalesce(sum(reports::float8) FILTER (WHERE p.guarantor IS NOT NULL AND day BETWEEN ${b0}::date AND ${b1}::date), 0) AS before_acts,
              coalesce(sum(reports::float8) FILTER (WHERE p.guarantor IS NOT NULL AND day BETWEEN ${a0}::date AND ${a1}::date), 0) AS after_acts,
              coalesce(sum(reports::float8) FILTER (WHERE outcome = 'violation' AND day BETWEEN ${a0}::date AND ${a1}::date), 0) AS after_strict,
              coalesce(sum(reports::float8) FILTER (WHERE outcome IN ('violation', 'disputed_exclusion') AND day BETWEEN ${a0}::date AND ${a1}::date), 0) AS after_with_disputed
         FROM stats_daily_counts c
         LEFT JOIN parties p ON p.id = c.perpetrator_party_id
        WHERE ${clause}`,
      p,
    );
    return { beforeActs: row!.before_acts!, afterActs: row!.after_acts!, afterStrict: row!.after_strict!, afterWithDisputed: row!.after_with_disputed! };
  }

  /** Counts per day, outcome and guarantor over a span of days: reports, killed and injured (what the series shows). */
  async daily(f: SqlFilter, days: { from: string; to: string }): Promise<DailyRow[]> {
    const p = new Params();
    return this.query<DailyRow>(
      `SELECT day::text AS day, outcome, responsible_guarantor AS guarantor, ${SUM('reports')}, ${KILLED_INJURED}
         FROM ${countsTable(f)}
        WHERE ${where(f, p, 'counts', days)}
        GROUP BY day, outcome, responsible_guarantor
       HAVING sum(reports::float8) <> 0`,
      p,
    );
  }

  /**
   * Routing → the responsible guarantor's first answer, over reports routed
   * with a deadline (imported reports have none). Routing is when the
   * deadline's clock started: the deadline less the agreement's allowance.
   */
  async responsiveness(f: SqlFilter, now: Date): Promise<ResponsivenessRow[]> {
    const p = new Params();
    const clause = where(f, p, 'incidents');
    const nowParam = p.add(now);
    const measures = (suffix: string, only: string) => `
              count(*) FILTER (WHERE ${only}) AS routed${suffix},
              count(i.acknowledged_at) FILTER (WHERE ${only}) AS acknowledged${suffix},
              count(*) FILTER (WHERE ${only} AND i.acknowledged_at <= i.acknowledge_by) AS within${suffix},
              count(*) FILTER (WHERE ${only} AND i.acknowledged_at IS NULL AND i.acknowledge_by < ${nowParam}) AS overdue${suffix},
              count(*) FILTER (WHERE ${only} AND i.acknowledged_at IS NULL AND i.acknowledge_by >= ${nowParam}) AS pending${suffix},
              percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY i.delay) FILTER (WHERE ${only} AND i.acknowledged_at IS NOT NULL) AS pct${suffix}`;
    // Both percentiles from one sort per guarantor and reading; the subquery names only what the covering index holds.
    const rows = await this.query<Record<string, string | number | (number | null)[] | null>>(
      `SELECT i.responsible_guarantor AS guarantor, ${measures('_s', "i.outcome = 'violation'")}, ${measures('_d', 'TRUE')}
         FROM (SELECT i.responsible_guarantor, i.outcome, i.acknowledge_by, i.acknowledged_at, extract(epoch FROM i.acknowledged_at - (i.acknowledge_by - make_interval(mins => a.acknowledgement_deadline_minutes)))::float8 AS delay
                 FROM incidents i JOIN agreements a ON a.id = i.agreement_id
                WHERE ${clause} AND i.acknowledge_by IS NOT NULL AND i.outcome IN ('violation', 'disputed_exclusion')) i
        GROUP BY i.responsible_guarantor`,
      p,
    );
    const pct = (v: unknown, at: 0 | 1) => {
      const x = Array.isArray(v) ? (v[at] as number | string | null) : null;
      return x === null || x === undefined ? null : Number(x);
    };
    return rows.flatMap((r) =>
      (['_s', '_d'] as const).map((s) => ({
        guarantor: r.guarantor as GuarantorCode,
        withDisputed: s === '_d',
        routed: Number(r[`routed${s}`]),
        acknowledged: Number(r[`acknowledged${s}`]),
        within: Number(r[`within${s}`]),
        overdue: Number(r[`overdue${s}`]),
        pending: Number(r[`pending${s}`]),
        median: pct(r[`pct${s}`], 0),
        p90: pct(r[`pct${s}`], 1),
      })),
    );
  }

  /** The violations (with disputed exclusions) of one day, with the latest answer and each guarantor's latest confirmation. */
  async bulletin(f: SqlFilter, day: string): Promise<BulletinRow[]> {
    const p = new Params();
    return this.query<BulletinRow>(
      `SELECT i.id, i.source_id, i.occurred_at, i.governorate, i.place_name, i.event_type, pp.name AS perpetrator, i.outcome,
              i.responsible_guarantor, i.killed_best, i.injured_best,
              (SELECT r.response FROM incident_responses r WHERE r.incident_id = i.id ORDER BY r.at DESC, r.id DESC LIMIT 1) AS answer,
              (SELECT jsonb_object_agg(c.guarantor, c.confirmation)
                 FROM (SELECT DISTINCT ON (guarantor) guarantor, confirmation FROM incident_confirmations
                        WHERE incident_id = i.id ORDER BY guarantor, at DESC, id DESC) c) AS confirmations
         FROM incidents i
         LEFT JOIN parties pp ON pp.id = i.perpetrator_party_id
        WHERE ${where(f, p, 'incidents', { from: day, to: day })}
          AND i.outcome IN ('violation', 'disputed_exclusion') AND i.responsible_guarantor IS NOT NULL
        ORDER BY i.responsible_guarantor, i.governorate, i.occurred_at, i.id`,
      p,
    );
  }

  /** The export's query: every report the filter selects, oldest first, one array per row in EXPORT_COLUMNS order. */
  exportQuery(f: SqlFilter): { text: string; values: unknown[] } {
    return this.exportSelect(f, EXPORT_COLUMNS.map((c) => EXPORT_SQL[c]!));
  }

  /** The export's rows with the given select list (expressions over EXPORT_SQL's), for COPY. */
  exportSelect(f: SqlFilter, select: readonly string[]): { text: string; values: unknown[] } {
    const p = new Params();
    const clause = where(f, p, 'incidents');
    // The leading comment names the query in pg_stat_activity (which shows only its first kilobyte).
    const text = `/* truce-monitor export */
      SELECT ${select.join(', ')}
        FROM incidents i
        LEFT JOIN parties pp ON pp.id = i.perpetrator_party_id
        LEFT JOIN parties tp ON tp.id = i.target_party_id
       WHERE ${clause}
       ORDER BY i.occurred_at, i.id`;
    return { text, values: p.values };
  }

  /** A connection of its own for a streamed export: the caller begins, streams, and releases it. */
  connect(): Promise<DirectConnection> {
    return connectDirect(this.dataSource);
  }
}
