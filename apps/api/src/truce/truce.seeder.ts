import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { HotlineService } from '../hotline/hotline.service.js';
import { AgreementEntity } from './entities/agreement.entity.js';
import { AgreementGuarantorEntity } from './entities/agreement-guarantor.entity.js';
import { ExclusionEntity } from './entities/exclusion.entity.js';
import { ExclusionPositionEntity } from './entities/exclusion-position.entity.js';
import { PartyEntity } from './entities/party.entity.js';
import { PartySignatoryStatusEntity } from './entities/party-signatory-status.entity.js';
import { TRUCE_2016 } from './seed/truce-2016.js';

/** Seeds the 2016 Syrian truce into an empty database, in one audited transaction. */
@Injectable()
export class TruceSeeder {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly hotline: HotlineService,
  ) {}

  async seedIfEmpty(): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      // Two instances starting together must not both seed.
      await manager.query("SELECT pg_advisory_xact_lock(hashtext('truce-monitor:seed'))");
      if ((await manager.count(AgreementEntity)) > 0) return false;
      const id = await this.seed(manager);
      this.logger.log(`seeded "${TRUCE_2016.name}" (${id})`);
      return true;
    });
  }

  private async seed(manager: EntityManager): Promise<string> {
    const t = TRUCE_2016;
    const agreement = await manager.save(
      manager.create(AgreementEntity, {
        name: t.name,
        effectiveFrom: new Date(t.effectiveFrom),
        effectiveUntil: null,
        scope: t.scope,
        acknowledgementDeadlineMinutes: t.acknowledgementDeadlineMinutes,
        coveredForces: t.coveredForces,
        sourceText: t.sourceText,
      }),
    );
    await manager.insert(
      AgreementGuarantorEntity,
      t.guarantors.map((g) => ({ agreementId: agreement.id, ...g })),
    );
    const partyIds = new Map<string, string>();
    for (const p of t.parties) {
      const party = await manager.save(
        manager.create(PartyEntity, {
          agreementId: agreement.id,
          name: p.name,
          bloc: p.bloc,
          guarantor: p.guarantor,
          aliases: p.aliases ?? [],
        }),
      );
      partyIds.set(p.name, party.id);
      if (p.status.length)
        await manager.insert(
          PartySignatoryStatusEntity,
          p.status.map((s) => ({ partyId: party.id, status: s.status, effectiveFrom: new Date(s.from), claimedBy: s.claimedBy, note: s.note })),
        );
    }
    const exclusionIds: string[] = [];
    for (const e of t.exclusions) {
      const exclusion = await manager.save(
        manager.create(ExclusionEntity, {
          agreementId: agreement.id,
          partyId: partyIds.get(e.party)!,
          kind: e.kind,
          designatedBy: e.designatedBy,
          basis: e.basis,
          effectiveFrom: new Date(t.effectiveFrom),
          effectiveUntil: null,
        }),
      );
      exclusionIds.push(exclusion.id);
      if (e.positions.length)
        await manager.insert(
          ExclusionPositionEntity,
          e.positions.map((p) => ({ exclusionId: exclusion.id, guarantor: p.guarantor, position: p.position, at: new Date(t.effectiveFrom), note: p.note })),
        );
    }
    const channel = await this.hotline.openChannel(manager, { agreementId: agreement.id, ...t.hotline });
    await this.audit.append(manager, [
      { actorId: null, action: 'agreement.seeded', entityType: 'agreement', entityId: agreement.id, data: { name: t.name, effectiveFrom: t.effectiveFrom } },
      ...t.parties.map((p) => ({
        actorId: null,
        action: 'party.created',
        entityType: 'party',
        entityId: partyIds.get(p.name)!,
        data: { name: p.name, bloc: p.bloc, guarantor: p.guarantor, signatoryHistory: p.status },
      })),
      ...t.exclusions.map((e, i) => ({
        actorId: null,
        action: 'exclusion.created',
        entityType: 'exclusion',
        entityId: exclusionIds[i]!,
        data: e,
      })),
      { actorId: null, action: 'hotline.channel_opened', entityType: 'hotline_channel', entityId: channel.id, data: t.hotline },
    ]);
    return agreement.id;
  }
}
