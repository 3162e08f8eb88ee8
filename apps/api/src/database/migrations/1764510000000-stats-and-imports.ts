import type { MigrationInterface, QueryRunner } from 'typeorm';

const CASUALTY_COLUMNS = ['killed', 'injured', 'civilians_killed', 'civilians_injured', 'combatants_killed', 'combatants_injured'].flatMap((c) =>
  ['low', 'best', 'high'].map((b) => `${c}_${b}`),
);
/** What a report's row in the daily counts depends on: a change to anything else (answers, deadlines) leaves the counts alone. */
const COUNTED_COLUMNS = ['agreement_id', 'occurred_at', 'governorate', 'event_type', 'perpetrator_party_id', 'responsible_guarantor', 'outcome', 'verification', ...CASUALTY_COLUMNS];
const KEY = ['agreement_id', 'day', 'governorate', 'event_type', 'perpetrator_party_id', 'responsible_guarantor', 'outcome', 'verification'];
const MEASURES = ['reports', ...CASUALTY_COLUMNS];

/** The key and signed measures of the rows of a transition table (`sign` is 1 or -1). */
function deltas(table: string, sign: number, where = 'TRUE'): string {
  return `SELECT r.agreement_id, (r.occurred_at AT TIME ZONE 'Asia/Damascus')::date AS day, r.governorate, r.event_type,
                 r.perpetrator_party_id, r.responsible_guarantor, r.outcome, r.verification,
                 ${sign} AS reports, ${CASUALTY_COLUMNS.map((c) => `${sign} * r.${c} AS ${c}`).join(', ')}
            FROM ${table} r
           WHERE r.verification IN ('reported', 'corroborated', 'verified') AND ${where}`;
}

/** Adds the summed deltas to the counts, in key order so concurrent writers lock count rows in one order (no deadlock). */
function upsert(deltaSql: string): string {
  return `INSERT INTO stats_daily_counts AS s (${KEY.join(', ')}, ${MEASURES.join(', ')})
          SELECT ${KEY.join(', ')}, ${MEASURES.map((m) => `sum(${m})`).join(', ')}
            FROM (${deltaSql}) d
           GROUP BY ${KEY.join(', ')}
          HAVING ${MEASURES.map((m) => `sum(${m}) <> 0`).join(' OR ')}
           ORDER BY ${KEY.join(', ')}
          ON CONFLICT ON CONSTRAINT stats_daily_counts_key DO UPDATE SET ${MEASURES.map((m) => `${m} = s.${m} + EXCLUDED.${m}`).join(', ')};`;
}

const unchanged = `EXISTS (SELECT 1 FROM %OTHER% x WHERE x.id = r.id AND (${COUNTED_COLUMNS.map((c) => `x.${c}`).join(', ')}) IS NOT DISTINCT FROM (${COUNTED_COLUMNS.map((c) => `r.${c}`).join(', ')}))`;

/**
 * Statistics and imports.
 *
 * - `stats_daily_counts`: the incidents pre-aggregated per Damascus day and
 *   every dimension the statistics filter or break down by, kept exact by
 *   statement-level triggers on `incidents` in the writing transaction (one
 *   upsert per statement, however many rows it wrote). Only counted
 *   verification states are kept: rejected reports and duplicates never count.
 *   The statistics read it; the exports read `incidents` itself.
 * - `source_system` / `source_id`: where an imported report came from (ACLED's
 *   `event_id_cnty`, UCDP GED's `id`), unique so a second import of the same
 *   file changes nothing.
 * - An imported report is historical: it is classified and attributed to the
 *   guarantor that answers for its perpetrator, but never put on a
 *   guarantor's acknowledgement clock (`acknowledge_by` stays null, so it is
 *   never overdue and never counted in responsiveness). A reviewer's
 *   correction that re-routes it puts it on the clock like a filed report.
 */
export class StatsAndImports1764510000000 implements MigrationInterface {
  name = 'StatsAndImports1764510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incidents
        ADD COLUMN source_system text CONSTRAINT incidents_source_system_check CHECK (source_system IN ('acled', 'ucdp')),
        ADD COLUMN source_id text CONSTRAINT incidents_source_id_check CHECK (length(source_id) BETWEEN 1 AND 100),
        ADD CONSTRAINT incidents_source_pair CHECK ((source_system IS NULL) = (source_id IS NULL)),
        ADD CONSTRAINT incidents_source_key UNIQUE (source_system, source_id),
        DROP CONSTRAINT incidents_routed_has_deadline,
        ADD CONSTRAINT incidents_routed_has_deadline CHECK (
          CASE WHEN source_system IS NULL THEN (responsible_guarantor IS NULL) = (acknowledge_by IS NULL)
               ELSE acknowledge_by IS NULL OR responsible_guarantor IS NOT NULL END);

      -- Responsiveness reads the routed reports of a period.
      CREATE INDEX incidents_routed_occurred_idx ON incidents (agreement_id, occurred_at) WHERE acknowledge_by IS NOT NULL;

      CREATE TABLE stats_daily_counts (
        agreement_id uuid NOT NULL,
        day date NOT NULL,
        governorate text NOT NULL,
        event_type text NOT NULL,
        perpetrator_party_id uuid,
        responsible_guarantor text,
        outcome text NOT NULL,
        verification text NOT NULL,
        reports bigint NOT NULL,
        ${CASUALTY_COLUMNS.map((c) => `${c} bigint NOT NULL`).join(',\n        ')},
        CONSTRAINT stats_daily_counts_key UNIQUE NULLS NOT DISTINCT (${KEY.join(', ')})
      );

      CREATE FUNCTION stats_daily_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${upsert(deltas('new_rows', 1))}
        ELSIF TG_OP = 'DELETE' THEN
          ${upsert(deltas('old_rows', -1))}
        ELSE
          ${upsert(`${deltas('new_rows', 1, `NOT ${unchanged.replace('%OTHER%', 'old_rows')}`)} UNION ALL ${deltas('old_rows', -1, `NOT ${unchanged.replace('%OTHER%', 'new_rows')}`)}`)}
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER stats_daily_counts_on_insert AFTER INSERT ON incidents
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_daily_counts_track();
      CREATE TRIGGER stats_daily_counts_on_update AFTER UPDATE ON incidents
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_daily_counts_track();
      CREATE TRIGGER stats_daily_counts_on_delete AFTER DELETE ON incidents
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_daily_counts_track();

      INSERT INTO stats_daily_counts (${KEY.join(', ')}, ${MEASURES.join(', ')})
      SELECT ${KEY.join(', ')}, ${MEASURES.map((m) => `sum(${m})`).join(', ')}
        FROM (${deltas('incidents', 1)}) d
       GROUP BY ${KEY.join(', ')};
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER stats_daily_counts_on_insert ON incidents;
      DROP TRIGGER stats_daily_counts_on_update ON incidents;
      DROP TRIGGER stats_daily_counts_on_delete ON incidents;
      DROP FUNCTION stats_daily_counts_track();
      DROP TABLE stats_daily_counts;
      DROP INDEX incidents_routed_occurred_idx;
      DELETE FROM incidents WHERE source_system IS NOT NULL;
      ALTER TABLE incidents
        DROP CONSTRAINT incidents_routed_has_deadline,
        ADD CONSTRAINT incidents_routed_has_deadline CHECK ((responsible_guarantor IS NULL) = (acknowledge_by IS NULL)),
        DROP COLUMN source_system,
        DROP COLUMN source_id;
    `);
  }
}
