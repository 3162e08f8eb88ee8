import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type AgreementRules,
  type AgreementView,
  type GuarantorCode,
  exclusionStandingAt,
  signatoryStatusAt,
} from '@truce-monitor/domain';
import { ApiException } from '../common/api-error.js';
import { HotlineService } from '../hotline/hotline.service.js';
import type { AgreementEntity } from './entities/agreement.entity.js';
import { TruceRepository } from './truce.repository.js';
import type { Statement } from '../database/statements.js';

@Injectable()
export class TruceService {
  private readonly rulesCache = new Map<string, { version: number; rules: AgreementRules }>();

  constructor(
    private readonly repository: TruceRepository,
    private readonly hotline: HotlineService,
  ) {}

  async listAgreements(): Promise<AgreementView[]> {
    const agreements = await this.repository.listAgreements();
    return Promise.all(agreements.map((a) => this.getAgreement(a.id)));
  }

  async getAgreement(id: string): Promise<AgreementView> {
    const agreement = await this.requireRegistry(id);
    const rules = toRules(agreement);
    const now = new Date().toISOString();
    const channels = await this.hotline.listChannels(id);
    const partyName = new Map((agreement.parties ?? []).map((p) => [p.id, p.name]));
    return {
      id: agreement.id,
      name: agreement.name,
      effectiveFrom: agreement.effectiveFrom.toISOString(),
      effectiveUntil: agreement.effectiveUntil?.toISOString() ?? null,
      scope: agreement.scope,
      acknowledgementDeadlineMinutes: agreement.acknowledgementDeadlineMinutes,
      coveredForces: agreement.coveredForces,
      guarantors: (agreement.guarantors ?? []).map((g) => ({ code: g.code, name: g.name, answersFor: g.answersFor })),
      parties: rules.parties.map((p) => {
        const entity = agreement.parties!.find((x) => x.id === p.id)!;
        return {
          id: p.id,
          name: p.name,
          bloc: p.bloc,
          guarantor: p.guarantor,
          signatoryStatus: signatoryStatusAt(p, now),
          signatoryHistory: (entity.signatoryHistory ?? []).map((s) => ({
            status: s.status,
            from: s.effectiveFrom.toISOString(),
            claimedBy: s.claimedBy,
            note: s.note,
          })),
          excluded: exclusionStandingAt(rules, p.id, now) !== null,
        };
      }),
      exclusions: (agreement.exclusions ?? []).map((e) => ({
        id: e.id,
        partyId: e.partyId,
        partyName: partyName.get(e.partyId) ?? e.partyId,
        kind: e.kind,
        designatedBy: e.designatedBy,
        basis: e.basis,
        from: e.effectiveFrom.toISOString(),
        until: e.effectiveUntil?.toISOString() ?? null,
        standing: standingOf(rules, e.id, now),
        positions: (e.positions ?? []).map((p) => ({
          guarantor: p.guarantor,
          position: p.position,
          at: p.at.toISOString(),
          note: p.note,
        })),
      })),
      hotlineChannels: channels.map((c) => ({ id: c.id, name: c.name, guarantors: c.guarantors })),
    };
  }

  /**
   * The registry as the pure rules read it. Inside a transaction, the
   * agreement's registry version is share-locked and a cached copy of that
   * version is reused: one cheap query instead of six on every filing.
   */
  async getRules(agreementId: string, manager?: EntityManager): Promise<AgreementRules | null> {
    if (!manager) {
      const agreement = await this.repository.findRegistry(agreementId);
      return agreement ? toRules(agreement) : null;
    }
    const version = await this.repository.registryVersion(manager, agreementId);
    if (version === null) return null;
    return this.cachedRules(agreementId, version, () => this.repository.findRegistry(agreementId, manager));
  }

  /** See TruceRepository.registryVersionsStatement. */
  registryVersionsStatement(agreementIds: string[]): Statement {
    return this.repository.registryVersionsStatement(agreementIds);
  }

  /**
   * The rules of the registry at `version`, which the transaction of
   * `manager` holds share-locked (TruceRepository.registryVersionsStatement):
   * the cached copy of that version, or the registry read in that transaction.
   */
  rulesAtVersion(manager: EntityManager, agreementId: string, version: number): Promise<AgreementRules | null> {
    return this.cachedRules(agreementId, version, () => this.repository.findRegistry(agreementId, manager));
  }

  private async cachedRules(agreementId: string, version: number, read: () => Promise<AgreementEntity | null>): Promise<AgreementRules | null> {
    const cached = this.rulesCache.get(agreementId);
    if (cached?.version === version) return cached.rules;
    const agreement = await read();
    if (!agreement) return null;
    const rules = toRules(agreement);
    this.rulesCache.set(agreementId, { version, rules });
    return rules;
  }

  /** The agreement that took effect last: what statistics and exports read when no agreement is named. */
  async latestAgreementId(): Promise<string | null> {
    return (await this.repository.listAgreements())[0]?.id ?? null;
  }

  countAgreements(): Promise<number> {
    return this.repository.countAgreements();
  }

  private async requireRegistry(id: string): Promise<AgreementEntity> {
    const agreement = await this.repository.findRegistry(id);
    if (!agreement) throw new ApiException(HttpStatus.NOT_FOUND, `No agreement ${id}.`);
    return agreement;
  }
}

function standingOf(rules: AgreementRules, exclusionId: string, at: string): 'agreed' | 'disputed' {
  const exclusion = rules.exclusions.find((e) => e.id === exclusionId)!;
  const alone = { ...rules, exclusions: [exclusion] };
  return exclusionStandingAt(alone, exclusion.partyId, at)?.state ?? 'disputed';
}

export function toRules(agreement: AgreementEntity): AgreementRules {
  return {
    id: agreement.id,
    effectiveFrom: agreement.effectiveFrom.toISOString(),
    effectiveUntil: agreement.effectiveUntil?.toISOString() ?? null,
    scope: agreement.scope,
    acknowledgementDeadlineMinutes: agreement.acknowledgementDeadlineMinutes,
    guarantors: (agreement.guarantors ?? []).map((g) => g.code as GuarantorCode),
    parties: (agreement.parties ?? []).map((p) => ({
      id: p.id,
      name: p.name,
      bloc: p.bloc,
      guarantor: p.guarantor,
      signatoryHistory: (p.signatoryHistory ?? []).map((s) => ({ status: s.status, from: s.effectiveFrom.toISOString() })),
    })),
    exclusions: (agreement.exclusions ?? []).map((e) => ({
      id: e.id,
      partyId: e.partyId,
      kind: e.kind,
      designatedBy: e.designatedBy,
      basis: e.basis,
      from: e.effectiveFrom.toISOString(),
      until: e.effectiveUntil?.toISOString() ?? null,
      positions: (e.positions ?? []).map((p) => ({ guarantor: p.guarantor, position: p.position, at: p.at.toISOString() })),
    })),
  };
}
