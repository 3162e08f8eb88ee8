import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AgreementEntity } from './entities/agreement.entity.js';

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
}
