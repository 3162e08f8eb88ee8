import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { IncidentEntity } from './incident.entity.js';

export interface IncidentListQuery {
  agreementId?: string;
  filedBy?: string;
  limit: number;
  /** Keyset cursor: the (reportedAt, id) of the last row of the previous page. */
  before?: { reportedAt: Date; id: string };
}

/** The incidents module's queries; only this class touches incidents and idempotency keys. */
@Injectable()
export class IncidentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  insert(manager: EntityManager, incident: Omit<IncidentEntity, 'id'>): Promise<IncidentEntity> {
    return manager.save(IncidentEntity, manager.create(IncidentEntity, incident));
  }

  findById(id: string): Promise<IncidentEntity | null> {
    return this.dataSource.getRepository(IncidentEntity).findOneBy({ id });
  }

  list(query: IncidentListQuery): Promise<IncidentEntity[]> {
    const qb = this.dataSource
      .getRepository(IncidentEntity)
      .createQueryBuilder('i')
      .orderBy('i.reported_at', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(query.limit);
    if (query.agreementId) qb.andWhere('i.agreement_id = :agreementId', { agreementId: query.agreementId });
    if (query.filedBy) qb.andWhere('i.filed_by = :filedBy', { filedBy: query.filedBy });
    if (query.before)
      qb.andWhere('(i.reported_at, i.id) < (:reportedAt, :id)', { reportedAt: query.before.reportedAt, id: query.before.id });
    return qb.getMany();
  }

  /**
   * Takes the per-(account, key) lock for the rest of the transaction without
   * waiting: false means another request with this key is still running.
   */
  async tryLockKey(manager: EntityManager, userId: string, key: string): Promise<boolean> {
    const [row] = (await manager.query('SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked', [
      `idempotency:${userId}:${key}`,
    ])) as { locked: boolean }[];
    return row?.locked === true;
  }

  /** The live (unexpired) record of a key; an expired one is removed so the key can be used again. */
  async findKey(manager: EntityManager, userId: string, key: string): Promise<IdempotencyKeyEntity | null> {
    const record = await manager.findOneBy(IdempotencyKeyEntity, { userId, key });
    if (record && record.expiresAt.getTime() <= Date.now()) {
      await manager.delete(IdempotencyKeyEntity, { userId, key });
      return null;
    }
    return record;
  }

  async saveKey(manager: EntityManager, record: Omit<IdempotencyKeyEntity, 'createdAt'>): Promise<void> {
    await manager.insert(IdempotencyKeyEntity, record);
  }

  async deleteExpiredKeys(): Promise<number> {
    const result = await this.dataSource.getRepository(IdempotencyKeyEntity).createQueryBuilder()
      .delete()
      .where('expires_at <= now()')
      .execute();
    return result.affected ?? 0;
  }
}
