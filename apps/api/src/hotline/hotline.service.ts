import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type {
  AuthUser,
  GuarantorCode,
  HotlineChannelInput,
  HotlineChannelView,
  HotlineMessageInput,
  HotlineMessagesQuery,
  HotlineMessageView,
} from '@truce-monitor/domain';
import { AuditService } from '../audit/audit.service.js';
import { ApiException, invalidInput } from '../common/api-error.js';
import { guarantorRoom, roleRoom } from '../live/audience.js';
import { EventLogService } from '../live/event-log.service.js';
import { HotlineChannelEntity } from './hotline-channel.entity.js';
import type { HotlineAcknowledgementEntity, HotlineMessageEntity } from './hotline-message.entities.js';
import { HotlineRepository } from './hotline.repository.js';

/**
 * The hotline between guarantors. Officers of a channel's guarantors read and
 * write it; admins read it; nobody else. Every message and acknowledgement is
 * audited and pushed live to the channel's guarantors.
 */
@Injectable()
export class HotlineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: HotlineRepository,
    private readonly audit: AuditService,
    private readonly events: EventLogService,
  ) {}

  /** The seeded channel is opened inside the seeding transaction. */
  async openChannel(manager: EntityManager, channel: Pick<HotlineChannelEntity, 'agreementId' | 'name' | 'guarantors'>) {
    return this.repository.insertChannel(manager, channel);
  }

  listChannels(agreementId: string): Promise<HotlineChannelEntity[]> {
    return this.repository.channels({ agreementId });
  }

  async channelsFor(viewer: AuthUser): Promise<HotlineChannelView[]> {
    const channels = await this.repository.channels();
    return channels.filter((c) => mayRead(viewer, c)).map(toChannelView);
  }

  async createChannel(admin: AuthUser, input: HotlineChannelInput): Promise<HotlineChannelView> {
    return this.dataSource.transaction(async (manager) => {
      const exists = (await manager.query('SELECT 1 FROM agreements WHERE id = $1', [input.agreementId])) as unknown[];
      if (exists.length === 0) throw invalidInput([{ field: 'agreementId', problem: 'no such agreement' }], HttpStatus.UNPROCESSABLE_ENTITY);
      const channel = await this.repository.insertChannel(manager, input);
      const view = toChannelView(channel);
      await this.audit.append(manager, [{ actorId: admin.id, action: 'hotline.channel_opened', entityType: 'hotline_channel', entityId: channel.id, data: input }]);
      await this.events.append(manager, [{ type: 'hotline.channel_opened', audience: audienceOf(channel), data: view }]);
      return view;
    });
  }

  /**
   * A page of a channel's messages: oldest first after a message, or newest
   * first (before a message, or the latest); or, with `awaiting`, those still
   * owed an acknowledgement (by the viewer's guarantor, or by any), by deadline.
   */
  async messages(viewer: AuthUser, channelId: string, query: HotlineMessagesQuery): Promise<HotlineMessageView[]> {
    const channel = await this.readableChannel(viewer, channelId);
    if (query.awaiting) {
      // An admin owes nothing: "awaiting you" reads as awaiting anyone.
      const owedBy = query.awaiting === 'mine' && viewer.role === 'officer' ? viewer.guarantor : null;
      return this.views(channel, await this.repository.awaitingMessages(channelId, owedBy, query.limit));
    }
    const cursorOf = async (field: 'after' | 'before', id: string | undefined) => {
      if (!id) return undefined;
      const cursor = await this.repository.message(id);
      if (!cursor || cursor.channelId !== channelId) throw invalidInput([{ field, problem: 'not a message of this channel' }]);
      return cursor.id;
    };
    const after = await cursorOf('after', query.after);
    const before = await cursorOf('before', query.before);
    const messages = await this.repository.messages(channelId, query.limit, { newestFirst: query.newestFirst, ...(after ? { after } : {}), ...(before ? { before } : {}) });
    return this.views(channel, messages);
  }

  async post(officer: AuthUser, channelId: string, input: HotlineMessageInput): Promise<HotlineMessageView> {
    return this.dataSource.transaction(async (manager) => {
      const channel = await this.repository.channel(channelId, manager);
      if (!channel) throw new ApiException(HttpStatus.NOT_FOUND, `No hotline channel ${channelId}.`);
      const guarantor = officer.guarantor;
      if (!guarantor || !channel.guarantors.includes(guarantor))
        throw new ApiException(HttpStatus.FORBIDDEN, `This channel joins ${channel.guarantors.join(' and ')}; ${guarantor ?? 'you'} cannot write to it.`);
      if (input.corrects) {
        const corrected = await this.repository.message(input.corrects, manager);
        if (!corrected || corrected.channelId !== channelId)
          throw invalidInput([{ field: 'corrects', problem: 'not a message of this channel' }], HttpStatus.UNPROCESSABLE_ENTITY);
      }
      if (input.refersTo.length) {
        const found = (await manager.query('SELECT id FROM incidents WHERE id = ANY($1::uuid[]) AND agreement_id = $2', [input.refersTo, channel.agreementId])) as { id: string }[];
        const missing = input.refersTo.filter((id) => !found.some((f) => f.id === id));
        if (missing.length)
          throw invalidInput([{ field: 'refersTo', problem: `no report ${missing.join(', ')} in this agreement` }], HttpStatus.UNPROCESSABLE_ENTITY);
      }
      const message = await this.repository.insertMessage(manager, {
        channelId,
        fromGuarantor: guarantor,
        authorId: officer.id,
        body: input.body,
        refersTo: input.refersTo,
        corrects: input.corrects ?? null,
        ackBy: input.requiresAckWithinMinutes ? new Date(Date.now() + input.requiresAckWithinMinutes * 60_000) : null,
      });
      const [view] = await this.views(channel, [message], []);
      await this.audit.append(manager, [{ actorId: officer.id, action: 'hotline.message', entityType: 'hotline_message', entityId: message.id, data: { channelId, ...input } }]);
      await this.events.append(manager, [{ type: 'hotline.message', audience: audienceOf(channel), data: view! }]);
      return view!;
    });
  }

  async acknowledge(officer: AuthUser, messageId: string): Promise<HotlineMessageView> {
    return this.dataSource.transaction(async (manager) => {
      const message = await this.repository.message(messageId, manager);
      if (!message) throw new ApiException(HttpStatus.NOT_FOUND, `No hotline message ${messageId}.`);
      const channel = (await this.repository.channel(message.channelId, manager))!;
      const guarantor = officer.guarantor;
      if (!guarantor || !channel.guarantors.includes(guarantor))
        throw new ApiException(HttpStatus.FORBIDDEN, `This channel joins ${channel.guarantors.join(' and ')}; ${guarantor ?? 'you'} cannot acknowledge in it.`);
      if (guarantor === message.fromGuarantor)
        throw new ApiException(HttpStatus.CONFLICT, `${guarantor} sent this message; the other side acknowledges it.`);
      const ack = await this.repository.insertAcknowledgement(manager, { messageId, guarantor, officerId: officer.id });
      if (!ack) throw new ApiException(HttpStatus.CONFLICT, `${guarantor} has already acknowledged this message.`);
      await this.audit.append(manager, [{ actorId: officer.id, action: 'hotline.acknowledged', entityType: 'hotline_message', entityId: messageId, data: { guarantor } }]);
      await this.events.append(manager, [
        {
          type: 'hotline.acknowledged',
          audience: audienceOf(channel),
          data: { messageId, channelId: channel.id, byGuarantor: guarantor, at: ack.at.toISOString() },
        },
      ]);
      return (await this.views(channel, [message], undefined, manager))[0]!;
    });
  }

  /** Announces messages whose acknowledgement deadline passed with a guarantor still silent, once each. */
  async announceOverdue(now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const messages = await this.repository.claimOverdue(manager, now);
      if (messages.length === 0) return 0;
      const acks = await this.repository.acknowledgements(messages.map((m) => m.id), manager);
      const events = [];
      for (const message of messages) {
        const channel = (await this.repository.channel(message.channelId, manager))!;
        const view = (await this.views(channel, [message], acks))[0]!;
        events.push({
          type: 'hotline.overdue' as const,
          audience: audienceOf(channel),
          data: { messageId: message.id, channelId: channel.id, awaiting: view.awaiting, ackBy: view.ackBy! },
        });
      }
      await this.audit.append(
        manager,
        events.map((e) => ({ actorId: null, action: 'hotline.overdue', entityType: 'hotline_message', entityId: e.data.messageId, data: e.data })),
      );
      await this.events.append(manager, events);
      return messages.length;
    });
  }

  /** Read only, for the statistics: the acknowledgements the agreement's hotline messages asked for, sent in [from, until). */
  acknowledgementClocks(agreementId: string, from: Date | null, until: Date | null) {
    return this.repository.acknowledgementClocks(agreementId, from, until);
  }

  private async readableChannel(viewer: AuthUser, channelId: string): Promise<HotlineChannelEntity> {
    const channel = await this.repository.channel(channelId);
    if (!channel) throw new ApiException(HttpStatus.NOT_FOUND, `No hotline channel ${channelId}.`);
    if (!mayRead(viewer, channel)) throw new ApiException(HttpStatus.FORBIDDEN, `This channel joins ${channel.guarantors.join(' and ')} only.`);
    return channel;
  }

  /** Views of messages with their acknowledgements (read now unless given). */
  private async views(
    channel: HotlineChannelEntity,
    messages: HotlineMessageEntity[],
    acks?: HotlineAcknowledgementEntity[],
    manager?: EntityManager,
  ): Promise<HotlineMessageView[]> {
    const all = acks ?? (await this.repository.acknowledgements(messages.map((m) => m.id), manager));
    return messages.map((m) => toMessageView(channel, m, all.filter((a) => a.messageId === m.id)));
  }
}

function mayRead(viewer: AuthUser, channel: HotlineChannelEntity): boolean {
  return viewer.role === 'admin' || (viewer.role === 'officer' && viewer.guarantor !== null && channel.guarantors.includes(viewer.guarantor));
}

function audienceOf(channel: HotlineChannelEntity): string[] {
  return [...channel.guarantors.map((g) => guarantorRoom(g)), roleRoom('admin')];
}

function toChannelView(c: HotlineChannelEntity): HotlineChannelView {
  return { id: c.id, agreementId: c.agreementId, name: c.name, guarantors: c.guarantors };
}

function toMessageView(channel: HotlineChannelEntity, m: HotlineMessageEntity, acks: HotlineAcknowledgementEntity[], now = new Date()): HotlineMessageView {
  const acknowledged = new Set(acks.map((a) => a.guarantor));
  const awaiting: GuarantorCode[] = m.ackBy ? channel.guarantors.filter((g) => g !== m.fromGuarantor && !acknowledged.has(g)) : [];
  return {
    id: m.id,
    channelId: m.channelId,
    fromGuarantor: m.fromGuarantor,
    body: m.body,
    refersTo: m.refersTo,
    corrects: m.corrects,
    sentAt: m.sentAt.toISOString(),
    ackBy: m.ackBy?.toISOString() ?? null,
    acknowledgements: acks.map((a) => ({ guarantor: a.guarantor, at: a.at.toISOString() })),
    awaiting,
    overdue: awaiting.length > 0 && m.ackBy !== null && m.ackBy.getTime() < now.getTime(),
  };
}
