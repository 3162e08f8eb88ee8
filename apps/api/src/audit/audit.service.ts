import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { canonicalHash } from '../common/canonical-hash.js';
import { insertRowsSql } from '../database/insert-rows.js';
import type { Statement } from '../database/statements.js';
import { MoreThanOrEqual } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { incidentStateHashSql, sealDigestSql } from './incident-seal.js';

export interface AuditRecord {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: object;
}

/** The hash an entry must carry: it covers the previous entry's hash and every field of its own. */
export function auditEntryHash(entry: Omit<AuditEntryEntity, 'hash'>): string {
  const { id, at, actorId, action, entityType, entityId, data, prevHash } = entry;
  return canonicalHash({ id, at: new Date(at).toISOString(), actorId, action, entityType, entityId, data }, prevHash);
}

/**
 * What the verifier found. `firstBad.id` is the first audit entry that does not
 * match; it is null only for a report no entry speaks of (written around the
 * audit trail), named by `incidentId`.
 */
export type AuditVerification =
  | { ok: true; checked: number; lastHash: string; reportsChecked: number }
  | { ok: false; checked: number; firstBad: { id: number | null; incidentId?: string; problem: string } };

const GENESIS_HASH = '0'.repeat(64);

/** The chain's head, locked until the transaction ends: entries are chained in commit order. */
export const AUDIT_HEAD_FOR_UPDATE: Statement = { text: 'SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE' };

export interface AuditHead {
  last_id: string;
  last_hash: string;
}

/** The entries for `records`, chained after `head`: ids, links and hashes. */
export function chainAuditEntries(head: AuditHead | undefined, records: AuditRecord[], at = new Date()): AuditEntryEntity[] {
  if (!head) throw new Error('audit_chain_head is missing: the migrations did not run');
  let id = Number(head.last_id);
  let prevHash = head.last_hash;
  return records.map((record) => {
    id += 1;
    const entry = { id, at, prevHash, ...record };
    const hash = auditEntryHash(entry);
    prevHash = hash;
    return Object.assign(new AuditEntryEntity(), entry, { hash });
  });
}

/** The statement that writes chained entries and moves the head to the last (one round trip). */
export function auditEntriesStatement(entries: AuditEntryEntity[]): Statement {
  const last = entries[entries.length - 1]!;
  const values: unknown[] = [last.id, last.hash];
  const insert = insertRowsSql(
    'audit_log',
    ['id', 'at', 'actor_id', 'action', 'entity_type', 'entity_id', 'data', 'prev_hash', 'hash'],
    entries.map((e) => [e.id, e.at, e.actorId, e.action, e.entityType, e.entityId, JSON.stringify(e.data), e.prevHash, e.hash]),
    values,
  );
  return { text: `WITH written AS (${insert}) UPDATE audit_chain_head SET last_id = $1, last_hash = $2 WHERE id = 1`, values };
}

/**
 * Appends to the hash-chained audit trail inside the caller's transaction. The
 * chain head row is locked until that transaction ends, so entries are chained
 * in commit order and a rolled-back change leaves no link behind. (A plain
 * function as well as the service's method, so a migration can append.)
 */
export async function appendAuditEntries(manager: EntityManager, records: AuditRecord[]): Promise<void> {
  if (records.length === 0) return;
  const [head] = (await manager.query(AUDIT_HEAD_FOR_UPDATE.text)) as AuditHead[];
  const { text, values } = auditEntriesStatement(chainAuditEntries(head, records));
  await manager.query(text, values as unknown[]);
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  append(manager: EntityManager, records: AuditRecord[]): Promise<void> {
    return appendAuditEntries(manager, records);
  }

  /**
   * Checks the chain, then the reports against the states it sealed, and
   * names the first entry that does not match.
   */
  async verify(batchSize = 2000): Promise<AuditVerification> {
    const chain = await this.verifyChain(batchSize);
    if (!chain.ok) return chain;
    const seals = await this.verifySeals();
    if (seals.problem) return { ok: false, checked: chain.checked, firstBad: seals.problem };
    return { ...chain, reportsChecked: seals.reportsChecked };
  }

  /**
   * Walks the whole chain in order and names the first entry that does not
   * match: a changed field (its hash differs), a removed entry (a gap in ids or
   * a broken link), or a head that points elsewhere.
   */
  private async verifyChain(batchSize: number): Promise<AuditVerification> {
    let expectedId = 1;
    let prevHash = GENESIS_HASH;
    let checked = 0;
    for (;;) {
      const rows = await this.dataSource.getRepository(AuditEntryEntity).find({
        where: { id: MoreThanOrEqual(expectedId) },
        order: { id: 'ASC' },
        take: batchSize,
      });
      for (const row of rows) {
        if (row.id !== expectedId) return bad(checked, expectedId, `entry ${expectedId} is missing (next is ${row.id})`);
        if (row.prevHash !== prevHash) return bad(checked, row.id, 'its link to the previous entry is broken');
        if (auditEntryHash(row) !== row.hash) return bad(checked, row.id, 'its content does not match its hash');
        prevHash = row.hash;
        expectedId += 1;
        checked += 1;
      }
      if (rows.length < batchSize) break;
    }
    const [head] = (await this.dataSource.query('SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1')) as {
      last_id: string;
      last_hash: string;
    }[];
    const headId = head ? Number(head.last_id) : null;
    if (headId === null || headId > expectedId - 1)
      return bad(checked, expectedId, `the chain head (${head?.last_id}) does not point at the last entry (${expectedId - 1}): entries were removed from the end`);
    // Entries past the head were written around the audit service: the first of them is the first bad one.
    if (headId < expectedId - 1)
      return bad(checked, headId + 1, `entry ${headId + 1} lies past the chain head (${headId}): entries were added outside the audit trail`);
    if (head!.last_hash !== prevHash)
      return bad(checked, headId, `the chain head's hash does not match entry ${headId}: the entry was rewritten`);
    return { ok: true, checked, lastHash: prevHash, reportsChecked: 0 };
  }

  /**
   * Compares every report with the states the (already verified) chain sealed
   * for it (see incident-seal.ts), in set-based queries:
   * - each entry about a report: its `before` equals the previous entry's
   *   `after` (nothing changed in between), and the last one's `after` equals
   *   the row as it is now (and the row still exists);
   * - each bulk seal: the digest over its reports' first states (the current
   *   row, or the `before` of the first entry that changed it since) and their
   *   number;
   * - no report that neither an entry carrying its state nor a bulk seal
   *   speaks of (entries from before seals existed do not count).
   * The lowest entry id found is named.
   */
  private async verifySeals(): Promise<{ problem?: { id: number | null; incidentId?: string; problem: string }; reportsChecked: number }> {
    const stateful = `SELECT id, entity_id, data->'state'->>'before' AS before, data->'state'->>'after' AS after
                        FROM audit_log WHERE entity_type = 'incident' AND data ? 'state'`;
    const entries = (await this.dataSource.query(
      `WITH e AS (
         SELECT id, entity_id, before, after,
                row_number() OVER w AS n, lag(after) OVER w AS prev_after, lag(id) OVER w AS prev_id, lead(id) OVER w AS next_id
           FROM (${stateful}) s
         WINDOW w AS (PARTITION BY entity_id ORDER BY id)
       )
       SELECT e.id::int AS id, e.entity_id AS "incidentId", e.prev_id::int AS "prevId",
              CASE WHEN e.n > 1 AND e.before IS DISTINCT FROM e.prev_after THEN 'between'
                   WHEN e.next_id IS NULL AND i.id IS NULL THEN 'gone'
                   WHEN e.next_id IS NULL AND e.after IS DISTINCT FROM ${incidentStateHashSql('i')} THEN 'differs' END AS kind
         FROM e LEFT JOIN incidents i ON e.next_id IS NULL AND i.id::text = e.entity_id
        WHERE (e.n > 1 AND e.before IS DISTINCT FROM e.prev_after)
           OR (e.next_id IS NULL AND (i.id IS NULL OR e.after IS DISTINCT FROM ${incidentStateHashSql('i')}))
        ORDER BY e.id LIMIT 1`,
    )) as { id: number; incidentId: string; prevId: number | null; kind: 'between' | 'gone' | 'differs' }[];

    const seals = (await this.dataSource.query(
      `WITH first_state AS (
         SELECT DISTINCT ON (entity_id) entity_id, before FROM (${stateful}) s ORDER BY entity_id, id
       )
       SELECT a.id::int AS id, a.data->'seal'->>'id' AS "sealId", d.reports, d.digest,
              (a.data->'seal'->>'reports')::int AS "sealedReports", a.data->'seal'->>'digest' AS "sealedDigest"
         FROM audit_log a
         CROSS JOIN LATERAL (${sealDigestSql(
           `(SELECT i.id, coalesce(f.before, ${incidentStateHashSql('i')}) AS state
               FROM incidents i LEFT JOIN first_state f ON f.entity_id = i.id::text
              WHERE i.seal_id::text = a.data->'seal'->>'id') sealed`,
         )}) d
        WHERE a.data ? 'seal'
          AND (d.digest IS DISTINCT FROM a.data->'seal'->>'digest' OR d.reports IS DISTINCT FROM (a.data->'seal'->>'reports')::int)
        ORDER BY a.id LIMIT 1`,
    )) as { id: number; sealId: string; reports: number; sealedReports: number }[];

    const [unsealed] = (await this.dataSource.query(
      `SELECT i.id FROM incidents i
        WHERE NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.entity_type = 'incident' AND a.entity_id = i.id::text AND a.data ? 'state')
          AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.data ? 'seal' AND a.data->'seal'->>'id' = i.seal_id::text)
        ORDER BY i.id LIMIT 1`,
    )) as { id: string }[];
    const [{ count }] = (await this.dataSource.query('SELECT count(*)::int AS count FROM incidents')) as [{ count: number }];

    const found: { id: number | null; incidentId?: string; problem: string }[] = [];
    const [entry] = entries;
    if (entry) {
      const report = `report ${entry.incidentId}`;
      found.push({
        id: entry.id,
        incidentId: entry.incidentId,
        problem:
          entry.kind === 'between'
            ? `${report} was changed after entry ${entry.prevId} without an entry: its state before this entry is not the one entry ${entry.prevId} recorded`
            : entry.kind === 'gone'
              ? `${report}, last recorded by this entry, is gone: deleted behind the audit's back`
              : `${report} does not match the state this entry recorded: changed behind the audit's back`,
      });
    }
    const [seal] = seals;
    if (seal)
      found.push({
        id: seal.id,
        problem: `the reports sealed by this entry (${seal.sealId}) do not match its digest: ${seal.reports} found, ${seal.sealedReports} sealed; one was changed, added or deleted behind the audit's back`,
      });
    found.sort((a, b) => a.id! - b.id!);
    if (found[0]) return { problem: found[0], reportsChecked: count };
    if (unsealed)
      return {
        problem: { id: null, incidentId: unsealed.id, problem: `report ${unsealed.id} has no audit entry: it was written around the audit trail` },
        reportsChecked: count,
      };
    return { reportsChecked: count };
  }
}

function bad(checked: number, id: number, problem: string): AuditVerification {
  return { ok: false, checked, firstBad: { id, problem } };
}
