import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { canonicalHash } from '../common/canonical-hash.js';
import { insertRows } from '../database/insert-rows.js';
import { MoreThanOrEqual } from 'typeorm';
import { AuditEntryEntity } from './audit-entry.entity.js';

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
 * Appends to the hash-chained audit trail inside the caller's transaction. The
 * chain head row is locked until that transaction ends, so entries are chained
 * in commit order and a rolled-back change leaves no link behind.
 */
export type AuditVerification =
  | { ok: true; checked: number; lastHash: string }
  | { ok: false; checked: number; firstBad: { id: number; problem: string } };

const GENESIS_HASH = '0'.repeat(64);

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(manager: EntityManager, records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const [head] = (await manager.query(
      'SELECT last_id, last_hash FROM audit_chain_head WHERE id = 1 FOR UPDATE',
    )) as { last_id: string; last_hash: string }[];
    if (!head) throw new Error('audit_chain_head is missing: the migrations did not run');
    let id = Number(head.last_id);
    let prevHash = head.last_hash;
    const at = new Date();
    const entries: AuditEntryEntity[] = [];
    for (const record of records) {
      id += 1;
      const entry = { id, at, prevHash, ...record };
      const hash = auditEntryHash(entry);
      entries.push(Object.assign(new AuditEntryEntity(), entry, { hash }));
      prevHash = hash;
    }
    await insertRows(
      manager,
      'audit_log',
      ['id', 'at', 'actor_id', 'action', 'entity_type', 'entity_id', 'data', 'prev_hash', 'hash'],
      entries.map((e) => [e.id, e.at, e.actorId, e.action, e.entityType, e.entityId, JSON.stringify(e.data), e.prevHash, e.hash]),
    );
    await manager.query('UPDATE audit_chain_head SET last_id = $1, last_hash = $2 WHERE id = 1', [id, prevHash]);
  }

  /**
   * Walks the whole chain in order and names the first entry that does not
   * match: a changed field (its hash differs), a removed entry (a gap in ids or
   * a broken link), or a head that points elsewhere.
   */
  async verify(batchSize = 2000): Promise<AuditVerification> {
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
    return { ok: true, checked, lastHash: prevHash };
  }
}

function bad(checked: number, id: number, problem: string): AuditVerification {
  return { ok: false, checked, firstBad: { id, problem } };
}
