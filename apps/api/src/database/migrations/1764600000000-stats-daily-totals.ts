import type { MigrationInterface, QueryRunner } from 'typeorm';

const CASUALTY_COLUMNS = ['killed', 'injured', 'civilians_killed', 'civilians_injured', 'combatants_killed', 'combatants_injured'].flatMap((c) =>
  ['low', 'best', 'high'].map((b) => `${c}_${b}`),
);
const COUNTED_COLUMNS = ['agreement_id', 'occurred_at', 'governorate', 'event_type', 'perpetrator_party_id', 'responsible_guarantor', 'outcome', 'verification', ...CASUALTY_COLUMNS];
const KEY = ['agreement_id', 'day', 'governorate', 'event_type', 'perpetrator_party_id', 'responsible_guarantor', 'outcome', 'verification'];
/** The totals drop the dimensions only the breakdowns and their filters need. */
const TOTALS_KEY = ['agreement_id', 'day', 'outcome', 'verification', 'responsible_guarantor'];
const MEASURES = ['reports', ...CASUALTY_COLUMNS];

/** The key and signed measures of the rows of a transition table (`sign` is 1 or -1), as in StatsAndImports1764510000000. */
function deltas(table: string, sign: number, where = 'TRUE'): string {
  return `SELECT r.agreement_id, (r.occurred_at AT TIME ZONE 'Asia/Damascus')::date AS day, r.governorate, r.event_type,
                 r.perpetrator_party_id, r.responsible_guarantor, r.outcome, r.verification,
                 ${sign} AS reports, ${CASUALTY_COLUMNS.map((c) => `${sign} * r.${c} AS ${c}`).join(', ')}
            FROM ${table} r
           WHERE r.verification IN ('reported', 'corroborated', 'verified') AND ${where}`;
}

const unchanged = (other: string) =>
  `EXISTS (SELECT 1 FROM ${other} x WHERE x.id = r.id AND (${COUNTED_COLUMNS.map((c) => `x.${c}`).join(', ')}) IS NOT DISTINCT FROM (${COUNTED_COLUMNS.map((c) => `r.${c}`).join(', ')}))`;

/** Adds summed deltas to a table of counts, in key order so concurrent writers lock count rows in one order (no deadlock). */
function upsertInto(table: string, key: string[], source: string): string {
  return `INSERT INTO ${table} AS s (${key.join(', ')}, ${MEASURES.join(', ')})
          SELECT ${key.join(', ')}, ${MEASURES.map((m) => `sum(${m})`).join(', ')}
            FROM ${source} d
           GROUP BY ${key.join(', ')}
          HAVING ${MEASURES.map((m) => `sum(${m}) <> 0`).join(' OR ')}
           ORDER BY ${key.join(', ')}
          ON CONFLICT ON CONSTRAINT ${table}_key DO UPDATE SET ${MEASURES.map((m) => `${m} = s.${m} + EXCLUDED.${m}`).join(', ')}`;
}

/** One statement: the deltas are computed once, then added to the daily counts and (unless `withTotals` is false) to the daily totals. */
function track(deltaSql: string, withTotals: boolean): string {
  if (!withTotals) return `${upsertInto('stats_daily_counts', KEY, `(${deltaSql})`)};`;
  return `WITH d AS MATERIALIZED (${deltaSql}),
               counted AS (${upsertInto('stats_daily_counts', KEY, 'd')})
          ${upsertInto('stats_daily_totals', TOTALS_KEY, 'd')};`;
}

function trackFunction(withTotals: boolean): string {
  return `CREATE OR REPLACE FUNCTION stats_daily_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${track(deltas('new_rows', 1), withTotals)}
        ELSIF TG_OP = 'DELETE' THEN
          ${track(deltas('old_rows', -1), withTotals)}
        ELSE
          ${track(`${deltas('new_rows', 1, `NOT ${unchanged('old_rows')}`)} UNION ALL ${deltas('old_rows', -1, `NOT ${unchanged('new_rows')}`)}`, withTotals)}
        END IF;
        RETURN NULL;
      END $$;`;
}

/**
 * Faster statistics.
 *
 * - `stats_daily_totals`: the daily counts without the governorate, event
 *   type and perpetrator dimensions — a few rows per day whatever the number
 *   of reports, where `stats_daily_counts` holds nearly one row per report at
 *   a few hundred reports a day. The totals by outcome, the daily series and
 *   the clean days read it when the filter names no governorate, perpetrator
 *   or event type (the usual view); otherwise they read the daily counts. The
 *   same statement triggers keep both exact, from one computation of the
 *   deltas.
 * - `stats_float_text(x)`: a float8 as JavaScript's String(x) writes it
 *   (PostgreSQL writes 1e-05 where JavaScript writes 0.00001), so the CSV
 *   export PostgreSQL writes itself is byte for byte the one the API wrote.
 *   (Its shortest round-trip digits are the same as JavaScript's; only the
 *   notation differs.)
 * - `stats_csv_text(t)`: a text cell of the CSV export, neutralised against
 *   formula injection as csv.ts does (a leading ' before = + - @ tab CR), and
 *   empty as NULL (COPY would quote an empty string; the API writes nothing).
 * - `incidents_clock_idx` replaces `incidents_routed_occurred_idx`: it covers
 *   every column responsiveness reads, of the routed violations only, so the
 *   percentiles come from an index-only scan instead of the table.
 */
export class StatsDailyTotals1764600000000 implements MigrationInterface {
  name = 'StatsDailyTotals1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE stats_daily_totals (
        agreement_id uuid NOT NULL,
        day date NOT NULL,
        outcome text NOT NULL,
        verification text NOT NULL,
        responsible_guarantor text,
        reports bigint NOT NULL,
        ${CASUALTY_COLUMNS.map((c) => `${c} bigint NOT NULL`).join(',\n        ')},
        CONSTRAINT stats_daily_totals_key UNIQUE NULLS NOT DISTINCT (${TOTALS_KEY.join(', ')})
      );
      INSERT INTO stats_daily_totals (${TOTALS_KEY.join(', ')}, ${MEASURES.join(', ')})
      SELECT ${TOTALS_KEY.join(', ')}, ${MEASURES.map((m) => `sum(${m})`).join(', ')}
        FROM stats_daily_counts
       GROUP BY ${TOTALS_KEY.join(', ')}
      HAVING ${MEASURES.map((m) => `sum(${m}) <> 0`).join(' OR ')};
      ${trackFunction(true)}

      CREATE FUNCTION stats_float_text(x float8) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $f$
        SELECT CASE WHEN t !~ 'e' THEN t ELSE (
          SELECT CASE
            WHEN e BETWEEN -6 AND -1 THEN sign || '0.' || repeat('0', -e - 1) || digits
            WHEN e BETWEEN 0 AND 20 THEN sign || CASE WHEN length(digits) <= e + 1 THEN digits || repeat('0', e + 1 - length(digits))
                                                       ELSE left(digits, e + 1) || '.' || substr(digits, e + 2) END
            ELSE sign || mantissa || 'e' || CASE WHEN e < 0 THEN '-' ELSE '+' END || abs(e)::text
          END
          FROM (SELECT m[1] AS sign, m[2] AS mantissa, replace(m[2], '.', '') AS digits, m[3]::int AS e
                  FROM regexp_match(t, '^(-?)([0-9.]+)e([-+][0-9]+)$') m) p)
        END
        FROM (SELECT CASE WHEN x = 0 THEN '0' ELSE x::text END AS t) s
      $f$;

      CREATE FUNCTION stats_csv_text(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
        SELECT CASE WHEN left(t, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || t ELSE nullif(t, '') END
      $f$;

      DROP INDEX incidents_routed_occurred_idx;
      CREATE INDEX incidents_clock_idx ON incidents (agreement_id, occurred_at)
        INCLUDE (responsible_guarantor, outcome, verification, governorate, event_type, perpetrator_party_id, acknowledge_by, acknowledged_at)
        WHERE acknowledge_by IS NOT NULL AND outcome IN ('violation', 'disputed_exclusion');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX incidents_clock_idx;
      CREATE INDEX incidents_routed_occurred_idx ON incidents (agreement_id, occurred_at) WHERE acknowledge_by IS NOT NULL;
      ${trackFunction(false)}
      DROP TABLE stats_daily_totals;
      DROP FUNCTION stats_float_text(float8);
      DROP FUNCTION stats_csv_text(text);
    `);
  }
}
