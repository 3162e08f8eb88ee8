import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { HotlineModule } from '../hotline/hotline.module.js';
import { TruceModule } from '../truce/truce.module.js';
import { ExportsController } from './exports.controller.js';
import { ExportsService } from './exports.service.js';
import { StatsController } from './stats.controller.js';
import { StatsRepository } from './stats.repository.js';
import { StatsService } from './stats.service.js';

/** Compliance statistics, the daily bulletin and streamed exports: the analytics read side. */
@Module({
  imports: [AuditModule, HotlineModule, TruceModule],
  controllers: [StatsController, ExportsController],
  providers: [StatsService, StatsRepository, ExportsService],
  exports: [StatsService],
})
export class StatsModule {}
