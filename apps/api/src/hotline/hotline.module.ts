import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { LiveModule } from '../live/live.module.js';
import { HotlineChannelEntity } from './hotline-channel.entity.js';
import { HotlineAcknowledgementEntity, HotlineMessageEntity } from './hotline-message.entities.js';
import { HotlineController } from './hotline.controller.js';
import { HotlineRepository } from './hotline.repository.js';
import { HotlineScheduler } from './hotline.scheduler.js';
import { HotlineService } from './hotline.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([HotlineChannelEntity, HotlineMessageEntity, HotlineAcknowledgementEntity]), AuditModule, LiveModule],
  controllers: [HotlineController],
  providers: [HotlineService, HotlineRepository, HotlineScheduler],
  exports: [HotlineService],
})
export class HotlineModule {}
