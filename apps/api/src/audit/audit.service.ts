import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canonicalHash } from '../common/canonical-hash.js';
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
  const { prevHash, ...fields } = entry;
  return canonicalHash({ ...fields, at: new Date(fields.at).toISOString() }, prevHash);
}

/**
 * Appends to the hash-chained audit trail inside the caller's transaction. The
 * chain head row is locked until that transaction ends, so entries are chained
 * in commit order and a rolled-back change leaves no link behind.
 */
@Injectable()
export class AuditService {
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
    await manager.insert(AuditEntryEntity, entries);
    await manager.query('UPDATE audit_chain_head SET last_id = $1, last_hash = $2 WHERE id = 1', [id, prevHash]);
  }
}
