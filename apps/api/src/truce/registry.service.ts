import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import type {
  AuthUser,
  DesignationPositionInput,
  GuarantorCode,
  LiveEventPayloads,
  NewExclusion,
  NewParty,
  SignatoryChange,
} from '@truce-monitor/domain';
import { AuditService } from '../audit/audit.service.js';
import { ApiException, invalidInput } from '../common/api-error.js';
import { ALL_ROLE_ROOMS } from '../live/audience.js';
import { EventLogService } from '../live/event-log.service.js';
import { TruceRepository } from './truce.repository.js';

type RegistryChange = LiveEventPayloads['registry.updated'];

/**
 * Changes to the truce registry: parties, signatory statuses, exclusions and
 * guarantors' positions. Nothing is overwritten; each change is a new dated
 * record, audited and announced live, so reports keep being classified by the
 * registry as it stood when they happened.
 */
@Injectable()
export class RegistryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: TruceRepository,
    private readonly audit: AuditService,
    private readonly events: EventLogService,
  ) {}

  addParty(actor: AuthUser, agreementId: string, input: NewParty) {
    return this.change(actor, agreementId, 'party', async (manager) => {
      const party = await this.repository
        .insertParty(manager, { agreementId, name: input.name, bloc: input.bloc, guarantor: input.guarantor, aliases: input.aliases })
        .catch((error: unknown) => {
          if (error instanceof QueryFailedError && error.driverError?.code === '23505')
            throw new ApiException(HttpStatus.CONFLICT, `A party named "${input.name}" already exists.`, [{ field: 'name', problem: 'already used in this agreement' }]);
          throw error;
        });
      await this.repository.insertSignatoryStatus(manager, {
        partyId: party.id,
        status: input.signatoryStatus,
        effectiveFrom: new Date(input.from),
        claimedBy: input.claimedBy ?? null,
        note: input.note ?? null,
      });
      return { entityId: party.id, data: input };
    });
  }

  async changeSignatoryStatus(actor: AuthUser, partyId: string, input: SignatoryChange) {
    const party = await this.repository.findParty(partyId);
    if (!party) throw new ApiException(HttpStatus.NOT_FOUND, `No party ${partyId}.`);
    return this.change(actor, party.agreementId, 'signatory_status', async (manager) => {
      const status = await this.repository.insertSignatoryStatus(manager, {
        partyId,
        status: input.status,
        effectiveFrom: new Date(input.from),
        claimedBy: input.claimedBy ?? null,
        note: input.note ?? null,
      });
      return { entityId: status.id, data: { partyId, ...input } };
    });
  }

  addExclusion(actor: AuthUser, agreementId: string, input: NewExclusion) {
    if (actor.role === 'officer') {
      if (input.kind !== 'linked' || input.designatedBy !== actor.guarantor)
        throw new ApiException(HttpStatus.FORBIDDEN, `An officer designates linked groups for ${actor.guarantor} only.`);
    }
    return this.change(actor, agreementId, 'exclusion', async (manager) => {
      const party = await this.repository.findParty(input.partyId, manager);
      if (!party || party.agreementId !== agreementId)
        throw invalidInput([{ field: 'partyId', problem: 'not a party of this agreement' }], HttpStatus.UNPROCESSABLE_ENTITY);
      const exclusion = await this.repository.insertExclusion(manager, {
        agreementId,
        partyId: input.partyId,
        kind: input.kind,
        designatedBy: input.designatedBy ?? null,
        basis: input.basis,
        effectiveFrom: new Date(input.from),
        effectiveUntil: input.until ? new Date(input.until) : null,
      });
      return { entityId: exclusion.id, data: input };
    });
  }

  async takePosition(actor: AuthUser, exclusionId: string, input: DesignationPositionInput) {
    const guarantor: GuarantorCode | undefined = actor.role === 'officer' ? (actor.guarantor ?? undefined) : input.guarantor;
    if (actor.role === 'officer' && input.guarantor && input.guarantor !== actor.guarantor)
      throw new ApiException(HttpStatus.FORBIDDEN, `An officer speaks for ${actor.guarantor} only.`);
    if (!guarantor) throw invalidInput([{ field: 'guarantor', problem: 'name the guarantor whose position this is' }]);
    const exclusion = await this.repository.findExclusion(exclusionId);
    if (!exclusion) throw new ApiException(HttpStatus.NOT_FOUND, `No exclusion ${exclusionId}.`);
    if (exclusion.kind === 'core')
      throw new ApiException(HttpStatus.CONFLICT, 'A core exclusion is the agreement\'s own text; guarantors take no position on it.');
    return this.change(actor, exclusion.agreementId, 'position', async (manager) => {
      const position = await this.repository.insertPosition(manager, {
        exclusionId,
        guarantor,
        position: input.position,
        at: input.at ? new Date(input.at) : new Date(),
        note: input.note ?? null,
      });
      return { entityId: position.id, data: { exclusionId, guarantor, ...input } };
    });
  }

  private async change(
    actor: AuthUser,
    agreementId: string,
    change: RegistryChange['change'],
    apply: (manager: EntityManager) => Promise<{ entityId: string; data: unknown }>,
  ): Promise<RegistryChange> {
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.repository.lockForRegistryChange(manager, agreementId)))
        throw new ApiException(HttpStatus.NOT_FOUND, `No agreement ${agreementId}.`);
      const { entityId, data } = await apply(manager);
      const payload: RegistryChange = { agreementId, change, entityId };
      await this.audit.append(manager, [{ actorId: actor.id, action: `registry.${change}`, entityType: change, entityId, data: { agreementId, ...(data as object) } }]);
      await this.events.append(manager, [{ type: 'registry.updated', audience: ALL_ROLE_ROOMS, data: payload }]);
      return payload;
    });
  }
}
