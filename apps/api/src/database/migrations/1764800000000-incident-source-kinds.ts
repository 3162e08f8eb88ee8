import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The export's `source_kinds` cell, stored with the report instead of
 * computed from `sources` on every export.
 *
 * - `incident_source_kinds(sources)`: the kinds of a report's sources,
 *   `;`-separated, in order, NULL when none. Reading four array elements from
 *   the jsonb on every row cost a 100,000-row CSV export about a third of its
 *   time; as a stored generated column PostgreSQL computes it once, when the
 *   row is written (whichever path writes it: filing, correction, import), and
 *   it can never disagree with `sources`. A seal covers `sources`, which
 *   determines this column, so the seals do not list it.
 * - `stats_csv_text` tests the first character's code (`ascii`) instead of
 *   cutting a one-character string: the same cells neutralised, cheaper.
 *
 * Adding a stored column rewrites `incidents` under an exclusive lock: on a
 * large table, run it in a maintenance window.
 */
export class IncidentSourceKinds1764800000000 implements MigrationInterface {
  name = 'IncidentSourceKinds1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION incident_source_kinds(sources jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
        SELECT CASE WHEN jsonb_array_length(sources) <= 4
                    THEN nullif(concat_ws(';', sources->0->>'kind', sources->1->>'kind', sources->2->>'kind', sources->3->>'kind'), '')
                    ELSE (SELECT string_agg(s->>'kind', ';') FROM jsonb_array_elements(sources) s) END
      $f$;
      ALTER TABLE incidents ADD COLUMN source_kinds text GENERATED ALWAYS AS (incident_source_kinds(sources)) STORED;

      CREATE OR REPLACE FUNCTION stats_csv_text(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
        SELECT CASE WHEN ascii(t) IN (61, 43, 45, 64, 9, 13) THEN '''' || t ELSE nullif(t, '') END
      $f$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incidents DROP COLUMN source_kinds;
      DROP FUNCTION incident_source_kinds(jsonb);
      CREATE OR REPLACE FUNCTION stats_csv_text(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $f$
        SELECT CASE WHEN left(t, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || t ELSE nullif(t, '') END
      $f$;
    `);
  }
}
