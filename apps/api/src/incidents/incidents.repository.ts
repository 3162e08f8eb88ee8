import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import {
  IncidentConfirmationEntity,
  IncidentResponseEntity,
  IncidentReviewEntity,
} from './incident-review.entities.js';
import type { GuarantorCode, IncidentSort, VerificationState } from '@truce-monitor/domain';
import type { IncidentRecord } from './incident-view.js';
import { insertRowsSql } from '../database/insert-rows.js';
import type { Statement } from '../database/statements.js';
import { incidentStateHashSql, type IncidentStateSeal } from '../audit/incident-seal.js';
import { IncidentEntity } from './incident.entity.js';

export interface IncidentPageQuery {
  agreementId?: string;
  /** A monitor's own reports only. */
  filedBy?: string;
  responsibleGuarantor?: GuarantorCode | 'none';
  awaiting?: boolean;
  unconfirmedBy?: GuarantorCode;
  verification?: VerificationState[];
  ids?: string[];
  sort: IncidentSort;
  /** The instant "overdue" is judged at, the same for every page of one listing. */
  asOf: Date;
  limit: number;
  /** The last report of the previous page (keyset paging in the query's sort). */
  after?: IncidentPageKeys;
}

/** The sort keys of a page's last report, as they were when the page was read: where the next page starts. */
export interface IncidentPageKeys {
  id: string;
  /** reported_at, UTC, to the microsecond. */
  at: string;
  /** acknowledge_by, UTC, to the microsecond; null when not routed. */
  due: string | null;
  /** For the deadline sort: 0 overdue at the listing's instant, 1 otherwise. */
  rank: 0 | 1 | null;
}

/** The incidents module's queries; only this class touches its tables. */
@Injectable()
export class IncidentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Many reports in one INSERT, with the stored answers of their
   * Idempotency-Keys in the same statement; their ids are chosen by the
   * caller. A key whose stored answer has expired is used afresh (its row
   * replaced). The statement answers each report's id and state hash as
   * stored (for its audit entry's seal) and how many keys it saved.
   */
  insertManyStatement(incidents: Omit<IncidentEntity, 'updatedAt'>[], keys: Omit<IdempotencyKeyEntity, 'createdAt'>[]): Statement {
    const ranges = ['killed', 'injured', 'civiliansKilled', 'civiliansInjured', 'combatantsKilled', 'combatantsInjured'] as const;
    const values: unknown[] = [];
    const saveKeys = insertRowsSql(
      'idempotency_keys',
      ['user_id', 'key', 'request_hash', 'response_status', 'response_body', 'expires_at'],
      keys.map((r) => [r.userId, r.key, r.requestHash, r.responseStatus, r.responseBody, r.expiresAt]),
      values,
    );
    const insert = insertRowsSql(
      'incidents',
      [
        'id', 'agreement_id', 'occurred_at', 'time_precision', 'reported_at', 'lat', 'lon', 'geo_precision', 'governorate',
        'place_name', 'event_type', 'perpetrator_party_id', 'target_party_id', 'target_civilians',
        ...ranges.flatMap((r) => ['low', 'best', 'high'].map((b) => `${r.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_${b}`)),
        'sources', 'description', 'obstruction', 'verification', 'duplicate_of', 'outcome', 'reasons', 'responsible_guarantor',
        'acknowledge_by', 'acknowledged_at', 'overdue_announced_at', 'filed_by',
      ],
      incidents.map((i) => [
        i.id, i.agreementId, i.occurredAt, i.timePrecision, i.reportedAt, i.lat, i.lon, i.geoPrecision, i.governorate,
        i.placeName, i.eventType, i.perpetratorPartyId, i.targetPartyId, i.targetCivilians,
        ...ranges.flatMap((r) => [i[r].low, i[r].best, i[r].high]),
        JSON.stringify(i.sources), i.description, i.obstruction, i.verification, i.duplicateOf, i.outcome, JSON.stringify(i.reasons),
        i.responsibleGuarantor, i.acknowledgeBy, i.acknowledgedAt, i.overdueAnnouncedAt, i.filedBy,
      ]),
      values,
    );
    return {
      text: `WITH saved_keys AS (
               ${saveKeys}
               ON CONFLICT (user_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, response_status = EXCLUDED.response_status,
                 response_body = EXCLUDED.response_body, created_at = now(), expires_at = EXCLUDED.expires_at
               WHERE idempotency_keys.expires_at <= now()
               RETURNING 1)
             ${insert} RETURNING id, ${incidentStateHashSql('incidents')} AS state, (SELECT count(*) FROM saved_keys)::int AS keys_saved`,
      values,
    };
  }

  /**
   * The row and its state hash as it stands in this transaction (see
   * audit/incident-seal.ts), in one query; locked for the rest of the
   * transaction when `forUpdate`.
   */
  async findWithState(manager: EntityManager, id: string, forUpdate = false): Promise<{ row: IncidentEntity; state: string } | null> {
    const query = manager
      .createQueryBuilder(IncidentEntity, 'i')
      .addSelect(incidentStateHashSql('i'), 'state')
      .where('i.id = :id', { id });
    if (forUpdate) query.setLock('pessimistic_write');
    const { entities, raw } = await query.getRawAndEntities<{ state: string }>();
    return entities[0] ? { row: entities[0], state: raw[0]!.state } : null;
  }

  /** The row, locked for the rest of the transaction when `forUpdate` (so concurrent changes apply one after another). */
  findById(id: string, manager: EntityManager = this.dataSource.manager, forUpdate = false): Promise<IncidentEntity | null> {
    return manager.findOne(IncidentEntity, { where: { id }, ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
  }

  async update(manager: EntityManager, id: string, changes: Partial<IncidentEntity>): Promise<void> {
    await manager.update(IncidentEntity, { id }, { ...changes, updatedAt: new Date() });
  }

  /**
   * One page of reports for `GET /api/incidents`: every filter of the query
   * in SQL, ordered by the query's sort, after the keyset cursor `after`.
   */
  async listPage(query: IncidentPageQuery): Promise<{ rows: IncidentEntity[]; last: IncidentPageKeys | null }> {
    const qb = this.dataSource.getRepository(IncidentEntity).createQueryBuilder('i').limit(query.limit);
    if (query.agreementId) qb.andWhere('i.agreement_id = :agreementId', { agreementId: query.agreementId });
    if (query.filedBy) qb.andWhere('i.filed_by = :filedBy', { filedBy: query.filedBy });
    if (query.responsibleGuarantor === 'none') qb.andWhere('i.responsible_guarantor IS NULL');
    else if (query.responsibleGuarantor) qb.andWhere('i.responsible_guarantor = :rg', { rg: query.responsibleGuarantor });
    if (query.awaiting === true) qb.andWhere('i.responsible_guarantor IS NOT NULL AND i.acknowledged_at IS NULL');
    if (query.awaiting === false) qb.andWhere('(i.responsible_guarantor IS NULL OR i.acknowledged_at IS NOT NULL)');
    if (query.unconfirmedBy)
      qb.andWhere(
        `i.responsible_guarantor IS NOT NULL AND i.responsible_guarantor <> :uc
         AND NOT EXISTS (SELECT 1 FROM incident_confirmations c WHERE c.incident_id = i.id AND c.guarantor = :uc)`,
        { uc: query.unconfirmedBy },
      );
    if (query.verification) qb.andWhere('i.verification IN (:...verification)', { verification: query.verification });
    if (query.ids) qb.andWhere('i.id IN (:...ids)', { ids: query.ids });

    // Keyset paging after the previous page's last keys, carried by the cursor as they were when that page was
    // read (a report answered meanwhile changes rank, and must not move where the next page starts).
    // Instants travel as text with microseconds: a JavaScript Date would round them.
    const instant = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    qb.addSelect(instant('i.reported_at'), 'page_at').addSelect(instant('i.acknowledge_by'), 'page_due');
    const after = query.after;
    if (query.sort === 'deadline') {
      // 0 for overdue (routed, unanswered, past the deadline at the listing's instant), 1 otherwise; then the deadline, none last.
      const rank = '(CASE WHEN i.acknowledged_at IS NULL AND i.acknowledge_by < :asOf THEN 0 ELSE 1 END)';
      const due = `COALESCE(i.acknowledge_by, 'infinity'::timestamptz)`;
      qb.setParameter('asOf', query.asOf).addSelect(rank, 'page_rank').orderBy(rank, 'ASC').addOrderBy(due, 'ASC').addOrderBy('i.id', 'ASC');
      if (after)
        qb.andWhere(`(${rank}, ${due}, i.id) > (:afterRank, COALESCE(CAST(:afterDue AS timestamptz), 'infinity'::timestamptz), CAST(:afterId AS uuid))`, {
          afterRank: after.rank ?? 1,
          afterDue: after.due,
          afterId: after.id,
        });
    } else {
      const dir = query.sort === 'reported_asc' ? 'ASC' : 'DESC';
      qb.orderBy('i.reported_at', dir).addOrderBy('i.id', dir);
      if (after)
        qb.andWhere(`(i.reported_at, i.id) ${dir === 'ASC' ? '>' : '<'} (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))`, {
          afterAt: after.at,
          afterId: after.id,
        });
    }
    const { entities, raw } = await qb.getRawAndEntities<{ page_at: string; page_due: string | null; page_rank?: number }>();
    const last = raw.at(-1);
    const lastRow = entities.at(-1);
    return {
      rows: entities,
      last: last && lastRow ? { id: lastRow.id, at: last.page_at, due: last.page_due, rank: last.page_rank === undefined ? null : Number(last.page_rank) === 0 ? 0 : 1 } : null,
    };
  }

  /** How many reports are in each verification state (of one agreement, or of all); states with none are absent. */
  async countByVerification(agreementId: string | undefined): Promise<Map<VerificationState, number>> {
    const rows = (await this.dataSource.query(
      `SELECT verification, count(*)::int AS n FROM incidents WHERE ($1::uuid IS NULL OR agreement_id = $1::uuid) GROUP BY verification`,
      [agreementId ?? null],
    )) as { verification: VerificationState; n: number }[];
    return new Map(rows.map((r) => [r.verification, r.n]));
  }

  /** Rows with their reviews, answers and confirmations, in three queries whatever the number of rows. */
  async records(rows: IncidentEntity[], manager: EntityManager = this.dataSource.manager): Promise<IncidentRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const order = { at: 'ASC' as const };
    // One after another: inside a transaction they share one connection.
    const reviews = await manager.find(IncidentReviewEntity, { where: { incidentId: In(ids) }, order });
    const responses = await manager.find(IncidentResponseEntity, { where: { incidentId: In(ids) }, order });
    const confirmations = await manager.find(IncidentConfirmationEntity, { where: { incidentId: In(ids) }, order });
    const byIncident = <T extends { incidentId: string }>(items: T[]) => {
      const map = new Map<string, T[]>();
      for (const item of items) map.set(item.incidentId, [...(map.get(item.incidentId) ?? []), item]);
      return map;
    };
    const [rv, rs, cf] = [byIncident(reviews), byIncident(responses), byIncident(confirmations)];
    return rows.map((row) => ({ row, reviews: rv.get(row.id) ?? [], responses: rs.get(row.id) ?? [], confirmations: cf.get(row.id) ?? [] }));
  }

  async addReview(manager: EntityManager, review: Omit<IncidentReviewEntity, 'id' | 'at'>): Promise<void> {
    await manager.insert(IncidentReviewEntity, review);
  }

  async addResponse(manager: EntityManager, response: Omit<IncidentResponseEntity, 'id' | 'at'>): Promise<void> {
    await manager.insert(IncidentResponseEntity, response);
  }

  async addConfirmation(manager: EntityManager, confirmation: Omit<IncidentConfirmationEntity, 'id' | 'at'>): Promise<void> {
    await manager.insert(IncidentConfirmationEntity, confirmation);
  }

  /**
   * Marks routed reports that passed their deadline unanswered as announced,
   * and returns them. Concurrent callers (several instances) never both get a row.
   */
  async claimOverdue(manager: EntityManager, now: Date, limit = 500): Promise<{ row: IncidentEntity; state: IncidentStateSeal }[]> {
    // The claimed rows' state before and after the mark, for the audit entries' seals.
    const claimed = (await manager.query(
      `UPDATE incidents SET overdue_announced_at = $1
         FROM (SELECT c.id, ${incidentStateHashSql('c')} AS before FROM incidents c
                WHERE c.responsible_guarantor IS NOT NULL AND c.acknowledged_at IS NULL
                  AND c.overdue_announced_at IS NULL AND c.acknowledge_by < $1
                ORDER BY c.acknowledge_by
                LIMIT $2
                FOR UPDATE SKIP LOCKED) claim
        WHERE incidents.id = claim.id
        RETURNING incidents.id, claim.before, ${incidentStateHashSql('incidents')} AS after`,
      [now, limit],
    )) as [{ id: string; before: string; after: string }[], number];
    const rows = Array.isArray(claimed[0]) ? claimed[0] : (claimed as unknown as { id: string; before: string; after: string }[]);
    if (rows.length === 0) return [];
    const states = new Map(rows.map((r) => [r.id, { before: r.before, after: r.after }]));
    const found = await manager.find(IncidentEntity, { where: { id: In(rows.map((r) => r.id)) }, order: { acknowledgeBy: 'ASC' } });
    return found.map((row) => ({ row, state: states.get(row.id)! }));
  }

  /**
   * Takes each per-(account, key) lock of a batch's Idempotency-Keys for the
   * rest of the transaction, without waiting: `locked` is false, row by row in
   * the keys' order, where another request with that key is still running.
   */
  lockKeysStatement(keys: { userId: string; key: string }[]): Statement {
    return {
      text: `SELECT pg_try_advisory_xact_lock(hashtextextended('idempotency:' || w.user_id::text || ':' || w.key, 0)) AS locked
               FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS w(user_id, key, n) ORDER BY w.n`,
      values: [keys.map((k) => k.userId), keys.map((k) => k.key)],
    };
  }

  /**
   * The live stored answers of these keys. Run after lockKeysStatement, as a
   * statement of its own: its snapshot is then taken after the locks, so a
   * request that held a lock and committed just before is seen, and its
   * answer replayed. (An expired answer counts as none: the key may be used afresh.)
   */
  storedKeysStatement(keys: { userId: string; key: string }[]): Statement {
    return {
      text: `SELECT k.user_id, k.key, k.request_hash, k.response_status, k.response_body
               FROM idempotency_keys k JOIN unnest($1::uuid[], $2::text[]) AS w(user_id, key) ON k.user_id = w.user_id AND k.key = w.key
              WHERE k.expires_at > now()`,
      values: [keys.map((k) => k.userId), keys.map((k) => k.key)],
    };
  }

  /** Each key's claim from the answers of lockKeysStatement and storedKeysStatement: held or not, and its stored answer if held. */
  keyClaims(
    keys: { userId: string; key: string }[],
    locks: { locked: boolean }[],
    storedRows: { user_id: string; key: string; request_hash: string; response_status: number; response_body: object }[],
  ): { locked: boolean; stored: Pick<IdempotencyKeyEntity, 'requestHash' | 'responseStatus' | 'responseBody'> | null }[] {
    const stored = new Map(storedRows.map((r) => [`${r.user_id}:${r.key}`, r]));
    return keys.map((k, n) => {
      const locked = locks[n]!.locked;
      const row = locked ? stored.get(`${k.userId}:${k.key}`) : undefined;
      return { locked, stored: row ? { requestHash: row.request_hash, responseStatus: row.response_status, responseBody: row.response_body } : null };
    });
  }

  async deleteExpiredKeys(): Promise<number> {
    const result = await this.dataSource
      .getRepository(IdempotencyKeyEntity)
      .createQueryBuilder()
      .delete()
      .where('expires_at <= now()')
      .execute();
    return result.affected ?? 0;
  }
}
