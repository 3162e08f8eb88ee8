import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module.js';
import { HotlineModule } from '../hotline/hotline.module.js';
import { AgreementEntity } from './entities/agreement.entity.js';
import { AgreementGuarantorEntity } from './entities/agreement-guarantor.entity.js';
import { ExclusionEntity } from './entities/exclusion.entity.js';
import { ExclusionPositionEntity } from './entities/exclusion-position.entity.js';
import { PartyEntity } from './entities/party.entity.js';
import { PartySignatoryStatusEntity } from './entities/party-signatory-status.entity.js';
import { TruceController } from './truce.controller.js';
import { RegistryController } from './registry.controller.js';
import { RegistryService } from './registry.service.js';
import { LiveModule } from '../live/live.module.js';
import { TruceRepository } from './truce.repository.js';
import { TruceSeeder } from './truce.seeder.js';
import { TruceService } from './truce.service.js';

export const TRUCE_ENTITIES = [
  AgreementEntity,
  AgreementGuarantorEntity,
  PartyEntity,
  PartySignatoryStatusEntity,
  ExclusionEntity,
  ExclusionPositionEntity,
];

@Module({
  imports: [TypeOrmModule.forFeature(TRUCE_ENTITIES), AuditModule, HotlineModule, LiveModule],
  controllers: [TruceController, RegistryController],
  providers: [TruceService, TruceRepository, TruceSeeder, RegistryService],
  exports: [TruceService, TruceSeeder],
})
export class TruceModule {}
