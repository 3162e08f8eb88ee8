/**
 * Seals of a report's state in the audit trail.
 *
 * The hash chain proves the audit entries were not changed; it says nothing
 * about the reports themselves, which someone with SQL access could edit
 * without writing an entry. So every audit entry about a report records the
 * SHA-256 of the report's row before and after the change it describes
 * (`data.state = { before, after }`), and a bulk write (an import, or the
 * baseline taken when sealing began) records one digest over the first state
 * of every report it wrote (`data.seal = { id, reports, digest }`, the reports
 * carrying that `seal_id`). The verifier recomputes all of them from the rows.
 *
 * The state hash is computed by PostgreSQL from the stored row, so what is
 * sealed is exactly what is stored, whichever path wrote it. The columns are
 * listed explicitly (a later column does not change old seals), timestamps
 * go in as epoch seconds and floats as their eight IEEE bytes, so the text
 * hashed does not depend on the session's time zone or float settings.
 */

/** Every column of `incidents` whose value a seal covers. */
export const SEALED_INCIDENT_COLUMNS = [
  'id', 'agreement_id', 'occurred_at', 'time_precision', 'reported_at', 'lat', 'lon', 'geo_precision', 'governorate',
  'place_name', 'event_type', 'perpetrator_party_id', 'target_party_id', 'target_civilians',
  'killed_low', 'killed_best', 'killed_high', 'injured_low', 'injured_best', 'injured_high',
  'civilians_killed_low', 'civilians_killed_best', 'civilians_killed_high',
  'civilians_injured_low', 'civilians_injured_best', 'civilians_injured_high',
  'combatants_killed_low', 'combatants_killed_best', 'combatants_killed_high',
  'combatants_injured_low', 'combatants_injured_best', 'combatants_injured_high',
  'sources', 'description', 'obstruction', 'verification', 'duplicate_of', 'outcome', 'reasons', 'responsible_guarantor',
  'acknowledge_by', 'acknowledged_at', 'overdue_announced_at', 'filed_by', 'updated_at', 'source_system', 'source_id', 'seal_id',
] as const;

const TIMESTAMPS = new Set(['occurred_at', 'reported_at', 'acknowledge_by', 'acknowledged_at', 'overdue_announced_at', 'updated_at']);
const FLOATS = new Set(['lat', 'lon']);

/** SQL for the state hash (64 hex digits) of the `incidents` row aliased `alias`. */
export function incidentStateHashSql(alias: string): string {
  const values = SEALED_INCIDENT_COLUMNS.map((column) => {
    const ref = `${alias}.${column}`;
    if (TIMESTAMPS.has(column)) return `extract(epoch from ${ref})`;
    if (FLOATS.has(column)) return `encode(float8send(${ref}), 'hex')`;
    return ref;
  });
  return `encode(sha256(convert_to(jsonb_build_array(${values.join(', ')})::text, 'UTF8')), 'hex')`;
}

/** What an audit entry about one report records of its state. `before` is null for the entry that created it. */
export interface IncidentStateSeal {
  before: string | null;
  after: string;
}

/**
 * SQL for the digest a bulk seal records: over `id:state` of every report in
 * `rows` (a relation with columns `id` and `state`), in id order. Empty → ''.
 */
export function sealDigestSql(rows: string): string {
  return `SELECT count(*)::int AS reports,
                 coalesce(encode(sha256(convert_to(string_agg(id::text || ':' || state, ',' ORDER BY id), 'UTF8')), 'hex'), '') AS digest
            FROM ${rows}`;
}

/** What the audit entry of a bulk write records. */
export interface BulkSeal {
  id: string;
  reports: number;
  digest: string;
}
