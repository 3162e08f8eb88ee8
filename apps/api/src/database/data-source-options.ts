import type { DataSourceOptions } from 'typeorm';
import { AuditEntryEntity } from '../audit/audit-entry.entity.js';
import { UserEntity } from '../auth/user.entity.js';
import { HotlineChannelEntity } from '../hotline/hotline-channel.entity.js';
import { IdempotencyKeyEntity } from '../incidents/idempotency-key.entity.js';
import { IncidentEntity } from '../incidents/incident.entity.js';
import { EventLogEntity } from '../live/event-log.entity.js';
import { AgreementEntity } from '../truce/entities/agreement.entity.js';
import { AgreementGuarantorEntity } from '../truce/entities/agreement-guarantor.entity.js';
import { ExclusionEntity } from '../truce/entities/exclusion.entity.js';
import { ExclusionPositionEntity } from '../truce/entities/exclusion-position.entity.js';
import { PartyEntity } from '../truce/entities/party.entity.js';
import { PartySignatoryStatusEntity } from '../truce/entities/party-signatory-status.entity.js';
import { InitialSchema1764000000000 } from './migrations/1764000000000-initial-schema.js';
import { ReviewAndAnswers1764100000000 } from './migrations/1764100000000-review-and-answers.js';
import { RegistryVersion1764200000000 } from './migrations/1764200000000-registry-version.js';
import { HotlineMessages1764300000000 } from './migrations/1764300000000-hotline-messages.js';
import { StatsAndImports1764510000000 } from './migrations/1764510000000-stats-and-imports.js';
import { StatsDailyTotals1764600000000 } from './migrations/1764600000000-stats-daily-totals.js';
import { ExportTickets1764650000000 } from './migrations/1764650000000-export-tickets.js';
import { IncidentStateSeals1764700000000 } from './migrations/1764700000000-incident-state-seals.js';
import { IncidentSourceKinds1764800000000 } from './migrations/1764800000000-incident-source-kinds.js';
import { HotlineAcknowledgementEntity, HotlineMessageEntity } from '../hotline/hotline-message.entities.js';
import {
  IncidentConfirmationEntity,
  IncidentResponseEntity,
  IncidentReviewEntity,
} from '../incidents/incident-review.entities.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export const ENTITIES = [
  UserEntity,
  AgreementEntity,
  AgreementGuarantorEntity,
  PartyEntity,
  PartySignatoryStatusEntity,
  ExclusionEntity,
  ExclusionPositionEntity,
  HotlineChannelEntity,
  HotlineMessageEntity,
  HotlineAcknowledgementEntity,
  IncidentEntity,
  IncidentReviewEntity,
  IncidentResponseEntity,
  IncidentConfirmationEntity,
  IdempotencyKeyEntity,
  EventLogEntity,
  AuditEntryEntity,
];

export const MIGRATIONS = [InitialSchema1764000000000, ReviewAndAnswers1764100000000, RegistryVersion1764200000000, HotlineMessages1764300000000, StatsAndImports1764510000000, StatsDailyTotals1764600000000, ExportTickets1764650000000, IncidentStateSeals1764700000000, IncidentSourceKinds1764800000000];

/** Never `synchronize`: the schema is what the reviewed migrations say. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    applicationName: 'truce-monitor-api',
    extra: {
      max: 20,
      connectionTimeoutMillis: 5000,
      // A statement that hangs (e.g. the database is failing over) gives up rather than holding a request forever.
      statement_timeout: 30_000,
    },
  };
}
