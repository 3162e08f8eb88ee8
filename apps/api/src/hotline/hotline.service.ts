import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { GuarantorCode } from '@truce-monitor/domain';
import { HotlineChannelEntity } from './hotline-channel.entity.js';

@Injectable()
export class HotlineService {
  constructor(@InjectRepository(HotlineChannelEntity) private readonly channels: Repository<HotlineChannelEntity>) {}

  listChannels(agreementId: string): Promise<HotlineChannelEntity[]> {
    return this.channels.find({ where: { agreementId }, order: { createdAt: 'ASC' } });
  }

  async openChannel(
    manager: EntityManager,
    channel: { agreementId: string; name: string; guarantors: GuarantorCode[] },
  ): Promise<HotlineChannelEntity> {
    return manager.save(HotlineChannelEntity, manager.create(HotlineChannelEntity, channel));
  }
}
