import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AgreementEntity } from './entities/agreement.entity.js';
import { ExclusionEntity } from './entities/exclusion.entity.js';
import { ExclusionPositionEntity } from './entities/exclusion-position.entity.js';
import { PartyEntity } from './entities/party.entity.js';
import { PartySignatoryStatusEntity } from './entities/party-signatory-status.entity.js';

/** The truce module's queries. Only this class touches the registry's tables. */
@Injectable()
export class TruceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  listAgreements(): Promise<AgreementEntity[]> {
    return this.dataSource.getRepository(AgreementEntity).find({ order: { effectiveFrom: 'DESC' } });
  }

  countAgreements(): Promise<number> {
    return this.dataSource.getRepository(AgreementEntity).count();
  }

  /** The agreement with guarantors, parties (with signatory history) and exclusions (with positions). */
  findRegistry(id: string, manager: EntityManager = this.dataSource.manager): Promise<AgreementEntity | null> {
    return manager.getRepository(AgreementEntity).findOne({
      where: { id },
      relations: { guarantors: true, parties: { signatoryHistory: true }, exclusions: { positions: true } },
      order: {
        guarantors: { code: 'ASC' },
        parties: { name: 'ASC', signatoryHistory: { effectiveFrom: 'ASC' } },
        exclusions: { effectiveFrom: 'ASC', positions: { at: 'ASC' } },
      },
    });
  }

  findParty(id: string, manager: EntityManager = this.dataSource.manager): Promise<PartyEntity | null> {
    return manager.findOneBy(PartyEntity, { id });
  }

  findExclusion(id: string, manager: EntityManager = this.dataSource.manager): Promise<ExclusionEntity | null> {
    return manager.findOneBy(ExclusionEntity, { id });
  }

  /** Serialises registry changes of one agreement, so classification reads a consistent registry. */
  async lockAgreement(manager: EntityManager, agreementId: string): Promise<boolean> {
    const rows = (await manager.query('SELECT id FROM agreements WHERE id = $1 FOR UPDATE', [agreementId])) as unknown[];
    return rows.length === 1;
  }

  insertParty(manager: EntityManager, party: Pick<PartyEntity, 'agreementId' | 'name' | 'bloc' | 'guarantor' | 'aliases'>) {
    return manager.save(PartyEntity, manager.create(PartyEntity, party));
  }

  insertSignatoryStatus(manager: EntityManager, status: Omit<PartySignatoryStatusEntity, 'id' | 'recordedAt' | 'party'>) {
    return manager.save(PartySignatoryStatusEntity, manager.create(PartySignatoryStatusEntity, status));
  }

  insertExclusion(manager: EntityManager, exclusion: Omit<ExclusionEntity, 'id' | 'createdAt' | 'agreement' | 'positions'>) {
    return manager.save(ExclusionEntity, manager.create(ExclusionEntity, exclusion));
  }

  insertPosition(manager: EntityManager, position: Omit<ExclusionPositionEntity, 'id' | 'exclusion'>) {
    return manager.save(ExclusionPositionEntity, manager.create(ExclusionPositionEntity, position));
  }
}
