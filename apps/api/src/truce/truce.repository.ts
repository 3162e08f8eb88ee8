import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AgreementEntity } from './entities/agreement.entity.js';
import { AgreementGuarantorEntity } from './entities/agreement-guarantor.entity.js';
import { ExclusionEntity } from './entities/exclusion.entity.js';
import { ExclusionPositionEntity } from './entities/exclusion-position.entity.js';
import { PartyEntity } from './entities/party.entity.js';
import { PartySignatoryStatusEntity } from './entities/party-signatory-status.entity.js';
import type { Statement } from '../database/statements.js';

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

  /**
   * The agreement with guarantors, parties (with signatory history) and
   * exclusions (with positions), in six plain queries assembled here: one join
   * would multiply parties by statuses by exclusions by positions.
   */
  async findRegistry(id: string, manager: EntityManager = this.dataSource.manager): Promise<AgreementEntity | null> {
    const agreement = await manager.findOneBy(AgreementEntity, { id });
    if (!agreement) return null;
    agreement.guarantors = await manager.find(AgreementGuarantorEntity, { where: { agreementId: id }, order: { code: 'ASC' } });
    const parties = await manager.find(PartyEntity, { where: { agreementId: id }, order: { name: 'ASC' } });
    const statuses = parties.length
      ? await manager.find(PartySignatoryStatusEntity, { where: { partyId: In(parties.map((p) => p.id)) }, order: { effectiveFrom: 'ASC', recordedAt: 'ASC' } })
      : [];
    for (const party of parties) party.signatoryHistory = statuses.filter((st) => st.partyId === party.id);
    agreement.parties = parties;
    const exclusions = await manager.find(ExclusionEntity, { where: { agreementId: id }, order: { effectiveFrom: 'ASC', createdAt: 'ASC' } });
    const positions = exclusions.length
      ? await manager.find(ExclusionPositionEntity, { where: { exclusionId: In(exclusions.map((e) => e.id)) }, order: { at: 'ASC' } })
      : [];
    for (const exclusion of exclusions) exclusion.positions = positions.filter((p) => p.exclusionId === exclusion.id);
    agreement.exclusions = exclusions;
    return agreement;
  }

  findParty(id: string, manager: EntityManager = this.dataSource.manager): Promise<PartyEntity | null> {
    return manager.findOneBy(PartyEntity, { id });
  }

  findExclusion(id: string, manager: EntityManager = this.dataSource.manager): Promise<ExclusionEntity | null> {
    return manager.findOneBy(ExclusionEntity, { id });
  }

  /**
   * Locks the agreement for a registry change and bumps its registry version;
   * false when there is no such agreement.
   */
  async lockForRegistryChange(manager: EntityManager, agreementId: string): Promise<boolean> {
    const rows = (await manager.query(
      'UPDATE agreements SET registry_version = registry_version + 1 WHERE id = $1 RETURNING id',
      [agreementId],
    )) as [unknown[], number];
    return (Array.isArray(rows[0]) ? rows[0] : rows).length === 1;
  }

  /**
   * The registry version, under a share lock held until the caller's
   * transaction ends: a registry change waits for it, so what the caller
   * classified against is what was in force when it committed.
   */
  async registryVersion(manager: EntityManager, agreementId: string): Promise<number | null> {
    const [row] = (await manager.query('SELECT registry_version FROM agreements WHERE id = $1 FOR SHARE', [agreementId])) as {
      registry_version: number;
    }[];
    return row ? row.registry_version : null;
  }

  /** The same share lock for several agreements in one statement: answers `id` and `registry_version` of those that exist. */
  registryVersionsStatement(agreementIds: string[]): Statement {
    return { text: 'SELECT id, registry_version FROM agreements WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE', values: [agreementIds] };
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
