import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import type { GuarantorCode } from '@truce-monitor/domain';
import { HotlineChannelEntity } from './hotline-channel.entity.js';
import { HotlineAcknowledgementEntity, HotlineMessageEntity } from './hotline-message.entities.js';

/** The hotline module's queries; only this class touches its tables. */
@Injectable()
export class HotlineRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  channels(where: { agreementId?: string } = {}): Promise<HotlineChannelEntity[]> {
    return this.dataSource.getRepository(HotlineChannelEntity).find({ where, order: { createdAt: 'ASC' } });
  }

  channel(id: string, manager: EntityManager = this.dataSource.manager): Promise<HotlineChannelEntity | null> {
    return manager.findOneBy(HotlineChannelEntity, { id });
  }

  insertChannel(manager: EntityManager, channel: Pick<HotlineChannelEntity, 'agreementId' | 'name' | 'guarantors'>) {
    return manager.save(HotlineChannelEntity, manager.create(HotlineChannelEntity, channel));
  }

  message(id: string, manager: EntityManager = this.dataSource.manager): Promise<HotlineMessageEntity | null> {
    return manager.findOneBy(HotlineMessageEntity, { id });
  }

  /**
   * A page of a channel's messages in the order they were sent (or newest
   * first), after or before a message (keyset on sent time, then id).
   */
  async messages(
    channelId: string,
    limit: number,
    page: { newestFirst: boolean; /** a message id */ after?: string; /** a message id */ before?: string },
  ): Promise<HotlineMessageEntity[]> {
    const dir = page.newestFirst ? 'DESC' : 'ASC';
    const qb = this.dataSource
      .getRepository(HotlineMessageEntity)
      .createQueryBuilder('m')
      .where('m.channel_id = :channelId', { channelId })
      .orderBy('m.sent_at', dir)
      .addOrderBy('m.id', dir)
      .limit(limit);
    // The cursor's own row gives its time at full (microsecond) precision; a JavaScript Date would round it.
    if (page.after) qb.andWhere('(m.sent_at, m.id) > (SELECT c.sent_at, c.id FROM hotline_messages c WHERE c.id = :afterId)', { afterId: page.after });
    if (page.before) qb.andWhere('(m.sent_at, m.id) < (SELECT c.sent_at, c.id FROM hotline_messages c WHERE c.id = :beforeId)', { beforeId: page.before });
    return qb.getMany();
  }

  /**
   * A channel's messages that asked for an acknowledgement still owed, by this
   * guarantor (null: by any of the channel's guarantors but the sender), past
   * deadlines first, then the nearest; the id breaks ties.
   */
  async awaitingMessages(channelId: string, owedBy: GuarantorCode | null, limit: number): Promise<HotlineMessageEntity[]> {
    const rows = (await this.dataSource.query(
      `SELECT m.id
         FROM hotline_messages m
         JOIN hotline_channels c ON c.id = m.channel_id
        WHERE m.channel_id = $1 AND m.ack_by IS NOT NULL
          AND EXISTS (SELECT 1 FROM unnest(c.guarantors) g
                       WHERE g <> m.from_guarantor AND ($2::text IS NULL OR g = $2::text)
                         AND NOT EXISTS (SELECT 1 FROM hotline_acknowledgements a WHERE a.message_id = m.id AND a.guarantor = g))
        ORDER BY m.ack_by ASC, m.id ASC
        LIMIT $3`,
      [channelId, owedBy, limit],
    )) as { id: string }[];
    if (rows.length === 0) return [];
    const found = await this.dataSource.getRepository(HotlineMessageEntity).find({ where: { id: In(rows.map((r) => r.id)) } });
    const byId = new Map(found.map((m) => [m.id, m]));
    return rows.map((r) => byId.get(r.id)).filter((m): m is HotlineMessageEntity => m !== undefined);
  }

  insertMessage(manager: EntityManager, message: Omit<HotlineMessageEntity, 'id' | 'sentAt' | 'overdueAnnouncedAt'>) {
    return manager.save(HotlineMessageEntity, manager.create(HotlineMessageEntity, { ...message, overdueAnnouncedAt: null }));
  }

  acknowledgements(messageIds: string[], manager: EntityManager = this.dataSource.manager): Promise<HotlineAcknowledgementEntity[]> {
    if (messageIds.length === 0) return Promise.resolve([]);
    return manager.find(HotlineAcknowledgementEntity, { where: { messageId: In(messageIds) }, order: { at: 'ASC' } });
  }

  /** False when this guarantor had already acknowledged the message. */
  async insertAcknowledgement(manager: EntityManager, ack: Omit<HotlineAcknowledgementEntity, 'at'>): Promise<HotlineAcknowledgementEntity | null> {
    const rows = (await manager.query(
      `INSERT INTO hotline_acknowledgements (message_id, guarantor, officer_id) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING at`,
      [ack.messageId, ack.guarantor, ack.officerId],
    )) as { at: Date }[];
    return rows[0] ? Object.assign(new HotlineAcknowledgementEntity(), ack, { at: rows[0].at }) : null;
  }

  /**
   * For the statistics (read only): every acknowledgement a message of the
   * agreement's channels asked for, sent in [from, until), with when it came.
   */
  async acknowledgementClocks(agreementId: string, from: Date | null, until: Date | null): Promise<{ guarantor: GuarantorCode; sentAt: Date; ackBy: Date; acknowledgedAt: Date | null }[]> {
    const rows = (await this.dataSource.query(
      `SELECT g AS guarantor, m.sent_at, m.ack_by, a.at AS acknowledged_at
         FROM hotline_messages m
         JOIN hotline_channels c ON c.id = m.channel_id
         CROSS JOIN LATERAL unnest(c.guarantors) AS g
         LEFT JOIN hotline_acknowledgements a ON a.message_id = m.id AND a.guarantor = g
        WHERE c.agreement_id = $1 AND m.ack_by IS NOT NULL AND g <> m.from_guarantor
          AND ($2::timestamptz IS NULL OR m.sent_at >= $2) AND ($3::timestamptz IS NULL OR m.sent_at < $3)`,
      [agreementId, from, until],
    )) as { guarantor: GuarantorCode; sent_at: Date; ack_by: Date; acknowledged_at: Date | null }[];
    return rows.map((r) => ({ guarantor: r.guarantor, sentAt: r.sent_at, ackBy: r.ack_by, acknowledgedAt: r.acknowledged_at }));
  }

  /** Messages past their deadline with someone still silent, marked as announced; never returned twice. */
  async claimOverdue(manager: EntityManager, now: Date): Promise<HotlineMessageEntity[]> {
    const rows = (await manager.query(
      `UPDATE hotline_messages m SET overdue_announced_at = $1
        FROM hotline_channels c
       WHERE c.id = m.channel_id AND m.ack_by IS NOT NULL AND m.ack_by < $1 AND m.overdue_announced_at IS NULL
         AND EXISTS (SELECT 1 FROM unnest(c.guarantors) g
                      WHERE g <> m.from_guarantor
                        AND NOT EXISTS (SELECT 1 FROM hotline_acknowledgements a WHERE a.message_id = m.id AND a.guarantor = g))
       RETURNING m.id`,
      [now],
    )) as [{ id: string }[], number];
    const ids = (Array.isArray(rows[0]) ? rows[0] : (rows as unknown as { id: string }[])).map((r) => r.id);
    return ids.length ? manager.find(HotlineMessageEntity, { where: { id: In(ids) } }) : [];
  }
}
