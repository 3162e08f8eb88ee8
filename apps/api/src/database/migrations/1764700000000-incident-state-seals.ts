import { randomUUID } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { appendAuditEntries } from '../../audit/audit.service.js';
import { incidentStateHashSql, sealDigestSql } from '../../audit/incident-seal.js';

/**
 * Seals of the reports' state in the audit trail (see audit/incident-seal.ts).
 *
 * - `incidents.seal_id`: the bulk seal (an import, or this baseline) that
 *   recorded the report's first state, for reports no entry of their own
 *   created.
 * - A database that already holds reports gets one baseline entry sealing all
 *   of them as they stand, so that from here on the verifier can tell a report
 *   changed behind the audit's back; what happened to them before cannot be
 *   proved after the fact, and the entry says so.
 */
export class IncidentStateSeals1764700000000 implements MigrationInterface {
  name = 'IncidentStateSeals1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE incidents ADD COLUMN seal_id uuid;
      CREATE INDEX incidents_seal_idx ON incidents (seal_id) WHERE seal_id IS NOT NULL;
    `);
    await sealUnsealedReports(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX incidents_seal_idx; ALTER TABLE incidents DROP COLUMN seal_id;');
  }
}

/**
 * Seals, in one baseline entry, every report that neither an entry carrying
 * its state nor a bulk seal covers yet. Returns how many it sealed.
 */
export async function sealUnsealedReports(q: QueryRunner): Promise<number> {
  // Reports whose entries already carry their state need no baseline.
  const sealId = randomUUID();
  const sealed = (await q.query(
    `UPDATE incidents i SET seal_id = $1
      WHERE seal_id IS NULL
        AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_type = 'incident' AND a.entity_id = i.id::text AND a.data ? 'state')
      RETURNING id`,
    [sealId],
  )) as [unknown[], number] | unknown[];
  // TypeORM answers an UPDATE … RETURNING with [rows, count].
  const count = Array.isArray(sealed[0]) ? (sealed[1] as number) : sealed.length;
  if (count === 0) return 0;
  const [seal] = (await q.query(
    sealDigestSql(`(SELECT i.id, ${incidentStateHashSql('i')} AS state FROM incidents i WHERE i.seal_id = '${sealId}') sealed`),
  )) as [{ reports: number; digest: string }];
  await appendAuditEntries(q.manager, [
    {
      actorId: null,
      action: 'incidents.sealed',
      entityType: 'seal',
      entityId: sealId,
      data: {
        seal: { id: sealId, reports: seal.reports, digest: seal.digest },
        note: 'baseline: the reports as they stood when the audit trail began to seal report states',
      },
    },
  ]);
  return count;
}
