import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { LiveModule } from '../live/live.module.js';
import { TruceModule } from '../truce/truce.module.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';
import { IncidentEntity } from './incident.entity.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsRepository } from './incidents.repository.js';
import { IncidentsQueryService } from './incidents.query.js';
import { IncidentsService } from './incidents.service.js';
import { IncidentsScheduler } from './incidents.scheduler.js';
import {
  IncidentConfirmationEntity,
  IncidentResponseEntity,
  IncidentReviewEntity,
} from './incident-review.entities.js';

@Module({
  imports: [TypeOrmModule.forFeature([IncidentEntity, IncidentReviewEntity, IncidentResponseEntity, IncidentConfirmationEntity, IdempotencyKeyEntity]), AuditModule, AuthModule, LiveModule, TruceModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentsQueryService, IncidentsRepository, IncidentsScheduler],
  exports: [IncidentsService],
})
export class IncidentsModule {}
