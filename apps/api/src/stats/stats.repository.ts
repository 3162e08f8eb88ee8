import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type pg from 'pg';
import { DataSource } from 'typeorm';
import { type CountedVerification, type GuarantorCode, type Outcome, countedLevels } from '@truce-monitor/domain';

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
 * `incidents` it is computed the same way, with a range on `occurred_at`
 * around it so the (agreement_id, occurred_at) index is used.
 */
function where(f: SqlFilter, p: Params, on: 'counts' | 'incidents', days: { from: string | null; to: string | null } = f, countsAlias = ''): string {
  const col = (c: string) => (on === 'counts' ? `${countsAlias}${c}` : `i.${c}`);
  const day = on === 'counts' ? `${countsAlias}day` : DAY_OF('i.occurred_at');
  const parts = [`${col('agreement_id')} = ${p.add(f.agreementId)}`];
  if (days.from) {
    const d = p.add(days.from);
    if (on === 'incidents') parts.push(`i.occurred_at >= ${DAY_START(d)} - interval '1 day'`);
    parts.push(`${day} >= ${d}::date`);
  }
  if (days.to) {
    const d = p.add(days.to);
    if (on === 'incidents') parts.push(`i.occurred_at < ${DAY_START(d)} + interval '2 days'`);
    parts.push(`${day} <= ${d}::date`);
  }
  if (f.governorates) parts.push(`${col('governorate')} = ANY(${p.add(f.governorates)}::text[])`);
  if (f.parties) parts.push(`${col('perpetrator_party_id')} = ANY(${p.add(f.parties)}::uuid[])`);
  if (f.eventTypes) parts.push(`${col('event_type')} = ANY(${p.add(f.eventTypes)}::text[])`);
  if (f.outcomes) parts.push(`${col('outcome')} = ANY(${p.add(f.outcomes)}::text[])`);
  parts.push(`${col('verification')} = ANY(${p.add(countedLevels(f.minVerification))}::text[])`);
  return parts.join(' AND ');
}

const RANGES = ['killed', 'injured', 'civilians_killed', 'civilians_injured', 'combatants_killed', 'combatants_injured'] as const;
const SUMS = RANGES.flatMap((r) => ['low', 'best', 'high'].map((b) => `coalesce(sum(${r}_${b}), 0)::float8 AS ${r}_${b}`)).join(', ');

export type CasualtySums = Record<`${(typeof RANGES)[number]}_${'low' | 'best' | 'high'}`, number>;

export interface BreakdownRow extends CasualtySums {
  outcome: Outcome;
  /** Which dimension this row breaks down by; null for the outcome total. */
  dimension: 'guarantor' | 'party' | 'governorate' | 'eventType' | null;
  key: string | null;
  reports: number;
}

export interface DailyRow extends CasualtySums {
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

@Injectable()
export class StatsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private query<T>(sql: string, params: Params): Promise<T[]> {
    return this.dataSource.query(sql, params.values) as Promise<T[]>;
  }

  /** The first and last day with a counted report under the filter (its own range ignored). */
  async dataDays(f: SqlFilter): Promise<{ first: string | null; last: string | null }> {
    const p = new Params();
    const [row] = await this.query<{ first: string | null; last: string | null }>(
      `SELECT min(day)::text AS first, max(day)::text AS last FROM stats_daily_counts WHERE ${where(f, p, 'counts', { from: null, to: null })} AND reports <> 0`,
      p,
    );
    return { first: row?.first ?? null, last: row?.last ?? null };
  }

  /** Totals per outcome, and per outcome by guarantor, perpetrator, governorate and event type, in one pass. */
  async breakdowns(f: SqlFilter): Promise<BreakdownRow[]> {
    const p = new Params();
    const rows = await this.query<Omit<BreakdownRow, 'dimension' | 'key'> & { g: number; responsible_guarantor: string | null; perpetrator_party_id: string | null; governorate: string | null; event_type: string | null }>(
      `SELECT outcome, responsible_guarantor, perpetrator_party_id, governorate, event_type,
              GROUPING(responsible_guarantor, perpetrator_party_id, governorate, event_type) AS g,
              coalesce(sum(reports), 0)::float8 AS reports, ${SUMS}
         FROM stats_daily_counts
        WHERE ${where(f, p, 'counts')}
        GROUP BY GROUPING SETS ((outcome), (outcome, responsible_guarantor), (outcome, perpetrator_party_id), (outcome, governorate), (outcome, event_type))
       HAVING sum(reports) <> 0`,
      p,
    );
    const byMask: Record<number, [BreakdownRow['dimension'], (r: (typeof rows)[number]) => string | null]> = {
      15: [null, () => null],
      7: ['guarantor', (r) => r.responsible_guarantor],
      11: ['party', (r) => r.perpetrator_party_id],
      13: ['governorate', (r) => r.governorate],
      14: ['eventType', (r) => r.event_type],
    };
    return rows.map((r) => {
      const [dimension, key] = byMask[r.g]!;
      const { g: _g, responsible_guarantor: _rg, perpetrator_party_id: _pp, governorate: _gov, event_type: _et, ...rest } = r;
      return { ...rest, dimension, key: key(r) };
    });
  }

  /** Per guarantor: the days of a span with at least one violation attributed to it, strictly and with disputed exclusions. */
  async violationDays(f: SqlFilter, days: { from: string; to: string }): Promise<{ guarantor: GuarantorCode; strict: number; withDisputed: number }[]> {
    const p = new Params();
    const rows = await this.query<{ guarantor: GuarantorCode; strict: string; with_disputed: string }>(
      `SELECT responsible_guarantor AS guarantor,
              count(DISTINCT day) FILTER (WHERE outcome = 'violation') AS strict,
              count(DISTINCT day) AS with_disputed
         FROM stats_daily_counts
        WHERE ${where(f, p, 'counts', days)} AND outcome IN ('violation', 'disputed_exclusion')
          AND responsible_guarantor IS NOT NULL AND reports > 0
        GROUP BY responsible_guarantor`,
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
      `SELECT coalesce(sum(reports) FILTER (WHERE p.guarantor IS NOT NULL AND day BETWEEN ${b0}::date AND ${b1}::date), 0)::float8 AS before_acts,
              coalesce(sum(reports) FILTER (WHERE p.guarantor IS NOT NULL AND day BETWEEN ${a0}::date AND ${a1}::date), 0)::float8 AS after_acts,
              coalesce(sum(reports) FILTER (WHERE outcome = 'violation' AND day BETWEEN ${a0}::date AND ${a1}::date), 0)::float8 AS after_strict,
              coalesce(sum(reports) FILTER (WHERE outcome IN ('violation', 'disputed_exclusion') AND day BETWEEN ${a0}::date AND ${a1}::date), 0)::float8 AS after_with_disputed
         FROM stats_daily_counts c
         LEFT JOIN parties p ON p.id = c.perpetrator_party_id
        WHERE ${clause}`,
      p,
    );
    return { beforeActs: row!.before_acts!, afterActs: row!.after_acts!, afterStrict: row!.after_strict!, afterWithDisputed: row!.after_with_disputed! };
  }

  /** Counts per day, outcome and guarantor over a span of days. */
  async daily(f: SqlFilter, days: { from: string; to: string }): Promise<DailyRow[]> {
    const p = new Params();
    return this.query<DailyRow>(
      `SELECT day::text AS day, outcome, responsible_guarantor AS guarantor, coalesce(sum(reports), 0)::float8 AS reports, ${SUMS}
         FROM stats_daily_counts
        WHERE ${where(f, p, 'counts', days)}
        GROUP BY day, outcome, responsible_guarantor
       HAVING sum(reports) <> 0`,
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
              percentile_disc(0.5) WITHIN GROUP (ORDER BY i.delay) FILTER (WHERE ${only} AND i.acknowledged_at IS NOT NULL) AS median${suffix},
              percentile_disc(0.9) WITHIN GROUP (ORDER BY i.delay) FILTER (WHERE ${only} AND i.acknowledged_at IS NOT NULL) AS p90${suffix}`;
    const rows = await this.query<Record<string, string | number | null>>(
      `SELECT i.responsible_guarantor AS guarantor, ${measures('_s', "i.outcome = 'violation'")}, ${measures('_d', 'TRUE')}
         FROM (SELECT i.*, extract(epoch FROM i.acknowledged_at - (i.acknowledge_by - make_interval(mins => a.acknowledgement_deadline_minutes)))::float8 AS delay
                 FROM incidents i JOIN agreements a ON a.id = i.agreement_id
                WHERE ${clause} AND i.acknowledge_by IS NOT NULL AND i.outcome IN ('violation', 'disputed_exclusion')) i
        GROUP BY i.responsible_guarantor`,
      p,
    );
    const num = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
    return rows.flatMap((r) =>
      (['_s', '_d'] as const).map((s) => ({
        guarantor: r.guarantor as GuarantorCode,
        withDisputed: s === '_d',
        routed: Number(r[`routed${s}`]),
        acknowledged: Number(r[`acknowledged${s}`]),
        within: Number(r[`within${s}`]),
        overdue: Number(r[`overdue${s}`]),
        pending: Number(r[`pending${s}`]),
        median: num(r[`median${s}`]),
        p90: num(r[`p90${s}`]),
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
    const p = new Params();
    const clause = where(f, p, 'incidents');
    // The leading comment names the query in pg_stat_activity (which shows only its first kilobyte).
    const text = `/* truce-monitor export */
      SELECT i.id, i.source_system, i.source_id, ${ISO('i.occurred_at')}, ${DAY_OF('i.occurred_at')}::text, i.time_precision,
             ${ISO('i.reported_at')}, i.governorate, i.place_name, i.lat, i.lon, i.geo_precision, i.event_type,
             i.perpetrator_party_id, pp.name, i.target_party_id, tp.name, i.target_civilians, i.outcome, i.responsible_guarantor,
             i.verification, ${RANGES.flatMap((r) => [`i.${r}_low`, `i.${r}_best`, `i.${r}_high`]).join(', ')},
             ${ISO('i.acknowledge_by')}, ${ISO('i.acknowledged_at')},
             (SELECT string_agg(s->>'kind', ';') FROM jsonb_array_elements(i.sources) s), i.description
        FROM incidents i
        LEFT JOIN parties pp ON pp.id = i.perpetrator_party_id
        LEFT JOIN parties tp ON tp.id = i.target_party_id
       WHERE ${clause}
       ORDER BY i.occurred_at, i.id`;
    return { text, values: p.values };
  }

  /** A connection of its own for a streamed export: the caller begins, streams, and releases it. */
  connect(): Promise<pg.PoolClient> {
    const pool = (this.dataSource.driver as unknown as { master: pg.Pool }).master;
    return pool.connect();
  }
}
