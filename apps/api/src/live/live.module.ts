import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { EventLogEntity } from './event-log.entity.js';
import { EventLogService } from './event-log.service.js';
import { EventsController } from './events.controller.js';
import { LiveFanoutService } from './live-fanout.service.js';
import { LiveGateway } from './live.gateway.js';

@Module({
  imports: [TypeOrmModule.forFeature([EventLogEntity]), AuthModule],
  controllers: [EventsController],
  providers: [EventLogService, LiveFanoutService, LiveGateway],
  exports: [EventLogService, LiveFanoutService],
})
export class LiveModule {}
