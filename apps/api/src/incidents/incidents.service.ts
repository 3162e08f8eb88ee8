import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  type AgreementRules,
  type AuthUser,
  type Classification,
  type ClassifiableReport,
  type CrossConfirmationInput,
  type GuarantorResponseInput,
  type IncidentCorrection,
  type IncidentData,
  type IncidentView,
  MIN_SOURCES_TO_CORROBORATE,
  ROLES_SEEING_FILER,
  UnknownPartyError,
  type VerificationChange,
  acknowledgementDueAt,
  allowedNextStates,
  canTransition,
  classifyIncident,
  normaliseCasualties,
} from '@truce-monitor/domain';
import { AUDIT_HEAD_FOR_UPDATE, type AuditHead, AuditService, auditEntriesStatement, chainAuditEntries } from '../audit/audit.service.js';
import { UsersRepository } from '../auth/users.repository.js';
import { ApiException, invalidInput } from '../common/api-error.js';
import { canonicalHash } from '../common/canonical-hash.js';
import { GroupCommitQueue, type Settled } from '../common/group-commit.js';
import { isDatabaseUnavailable } from '../database/database-errors.js';
import { inTransactionTogether } from '../database/statements.js';
import { randomUUID } from 'node:crypto';
import { INCIDENT_WATCHERS, userRoom } from '../live/audience.js';
import { EventLogService, appendEventsStatement, loggedEvents } from '../live/event-log.service.js';
import { TruceService } from '../truce/truce.service.js';
import { type IncidentRecord, toIncidentView } from './incident-view.js';
import type { IncidentEntity } from './incident.entity.js';
import { IncidentsRepository } from './incidents.repository.js';

/** How long an Idempotency-Key and its answer are kept: a field device may retry for a week. */
export const IDEMPOTENCY_KEY_TTL_MS = 7 * 24 * 3600 * 1000;

export interface FiledIncident {
  status: number;
  body: IncidentView;
  replayed: boolean;
}

/**
 * The incident lifecycle. Every change runs in one transaction that locks the
 * report, applies the rules, and appends the audit entry and the live event;
 * the caller's 2xx is sent only after the commit.
 */
interface Filing {
  user: AuthUser;
  key: string;
  input: IncidentData;
  requestHash: string;
}

@Injectable()
export class IncidentsService {
  private readonly logger = new Logger('Incidents');
  private readonly filings = new GroupCommitQueue<Filing, FiledIncident>((batch) => this.writeFilings(batch));

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly truce: TruceService,
    private readonly events: EventLogService,
    private readonly audit: AuditService,
    private readonly users: UsersRepository,
  ) {}

  /** Files a report; concurrent filings are written together (group commit), each answered after the commit. */
  file(user: AuthUser, idempotencyKey: string, input: IncidentData): Promise<FiledIncident> {
    return this.filings.submit({ user, key: idempotencyKey, input, requestHash: canonicalHash(input) });
  }

  /**
   * Writes a batch of filings in one transaction: the keys' locks, the
   * classification against the registry as it stood when each event happened,
   * the reports, their audit entries, their events and the keys' answers. An
   * item refused for its own reasons (a key in use, a key reused with another
   * body, an unknown party) is answered alone and writes nothing.
   */
  private async writeFilings(batch: Filing[]): Promise<Settled<FiledIncident>[]> {
    try {
      return await this.writeFilingsTogether(batch);
    } catch (error) {
      if (batch.length === 1 || isDatabaseUnavailable(error)) throw error;
      // Something unexpected failed the whole batch: write each alone, so one bad item cannot sink the others.
      const outcomes: Settled<FiledIncident>[] = [];
      for (const item of batch) {
        outcomes.push(
          await this.writeFilingsTogether([item]).then(
            ([outcome]) => outcome!,
            (e: unknown) => ({ ok: false as const, error: e }),
          ),
        );
      }
      return outcomes;
    }
  }

  /**
   * The batch's transaction, in three round trips (see runTogether), the
   * rules and the audit chain's hashes computed in between:
   *
   * 1. BEGIN; the keys' locks; their stored answers (read after the locks);
   *    the agreements' registry versions, share-locked; the audit chain's head, locked.
   * 2. The reports and their keys' answers, answering each report's stored
   *    state (which its audit entry seals).
   * 3. The audit entries; the events and their NOTIFY; COMMIT.
   */
  private async writeFilingsTogether(batch: Filing[]): Promise<Settled<FiledIncident>[]> {
    const outcomes: (Settled<FiledIncident> | undefined)[] = new Array(batch.length);
    const refuse = (i: number, error: unknown) => (outcomes[i] = { ok: false, error });

    // The same key twice in one batch: the later ones follow the first (a retry racing itself).
    const leaderOf = new Map<string, number>();
    const followers: [number, number][] = [];
    const leaders: number[] = [];
    batch.forEach((item, i) => {
      const id = `${item.user.id}:${item.key}`;
      const leader = leaderOf.get(id);
      if (leader === undefined) {
        leaderOf.set(id, i);
        leaders.push(i);
      } else followers.push([i, leader]);
    });
    const keys = leaders.map((i) => ({ userId: batch[i]!.user.id, key: batch[i]!.key }));
    const agreementIds = [...new Set(leaders.map((i) => batch[i]!.input.agreementId))];

    const committedEvents = await inTransactionTogether(this.dataSource, async (tx, manager) => {
      const [locks, stored, versions, head] = await tx.run([
        this.incidents.lockKeysStatement(keys),
        this.incidents.storedKeysStatement(keys),
        this.truce.registryVersionsStatement(agreementIds),
        AUDIT_HEAD_FOR_UPDATE,
      ]);
      const claims = this.incidents.keyClaims(keys, locks!.rows, stored!.rows);
      const versionOf = new Map((versions!.rows as { id: string; registry_version: number }[]).map((r) => [r.id, r.registry_version]));

      const rulesByAgreement = new Map<string, AgreementRules | null>();
      const reportedAt = new Date();
      const written: { index: number; row: Omit<IncidentEntity, 'updatedAt'>; classification: Classification }[] = [];
      for (const [n, i] of leaders.entries()) {
        const { user, input, requestHash } = batch[i]!;
        const claim = claims[n]!;
        if (!claim.locked) {
          refuse(i, keyInUse());
          continue;
        }
        if (claim.stored) {
          if (claim.stored.requestHash !== requestHash) refuse(i, keyReusedWithOtherBody());
          else outcomes[i] = { ok: true, value: { status: claim.stored.responseStatus, body: claim.stored.responseBody as IncidentView, replayed: true } };
          continue;
        }
        const version = versionOf.get(input.agreementId);
        if (!rulesByAgreement.has(input.agreementId))
          rulesByAgreement.set(input.agreementId, version === undefined ? null : await this.truce.rulesAtVersion(manager, input.agreementId, version));
        const rules = rulesByAgreement.get(input.agreementId);
        if (!rules) {
          refuse(i, invalidInput([{ field: 'agreementId', problem: 'no such agreement' }], HttpStatus.UNPROCESSABLE_ENTITY));
          continue;
        }
        let classification: Classification;
        try {
          classification = classifyOrExplain(input, rules);
        } catch (error) {
          refuse(i, error);
          continue;
        }
        written.push({ index: i, row: newIncidentRow(input, user, classification, rules, reportedAt), classification });
      }
      if (written.length === 0) {
        await tx.commit();
        return [];
      }

      const views = written.map((w) => toIncidentView({ row: { ...w.row, updatedAt: reportedAt }, reviews: [], responses: [], confirmations: [] }));
      const answers = written.map((w, n) => {
        const { user } = batch[w.index]!;
        return { ...views[n]!, filedBy: { id: user.id, username: user.username } };
      });
      const expiresAt = new Date(Date.now() + IDEMPOTENCY_KEY_TTL_MS);
      const [inserted] = await tx.run([
        this.incidents.insertManyStatement(
          written.map((w) => w.row),
          written.map((w, n) => ({
            userId: batch[w.index]!.user.id,
            key: batch[w.index]!.key,
            requestHash: batch[w.index]!.requestHash,
            responseStatus: HttpStatus.CREATED,
            responseBody: answers[n]!,
            expiresAt,
          })),
        ),
      ]);
      const stateRows = inserted!.rows as { id: string; state: string; keys_saved: number }[];
      // Under the keys' locks a live answer cannot appear after it was read; should one ever have, write nothing.
      if (stateRows[0]?.keys_saved !== written.length) throw new Error(`${written.length - (stateRows[0]?.keys_saved ?? 0)} Idempotency-Key answer(s) not saved`);
      const states = new Map(stateRows.map((r) => [r.id, r.state]));

      const at = new Date();
      const entries = chainAuditEntries(
        head!.rows[0] as AuditHead | undefined,
        written.map((w) => ({
          actorId: batch[w.index]!.user.id,
          action: 'incident.filed',
          entityType: 'incident',
          entityId: w.row.id,
          data: { input: batch[w.index]!.input, classification: w.classification, state: { before: null, after: states.get(w.row.id)! } },
        })),
        at,
      );
      const events = written.map((w, n) => ({ type: 'incident.created' as const, audience: audienceOf(w.row), data: views[n]! }));
      const [, appended] = await tx.commit([auditEntriesStatement(entries), appendEventsStatement(events, at)]);
      written.forEach((w, n) => (outcomes[w.index] = { ok: true, value: { status: HttpStatus.CREATED, body: answers[n]!, replayed: false } }));
      return loggedEvents(events, Number((appended!.rows[0] as { last_seq: string }).last_seq), at);
    });
    // Committed: this instance's live fan-out has the events from memory. (Should handing them over fail, the
    // fan-out still reads them from the log; the filings are written and must be answered as such.)
    try {
      this.events.publishCommitted(committedEvents);
    } catch (error) {
      this.logger.error(`committed events not handed to the live fan-out: ${String(error)}`);
    }

    for (const [i, leader] of followers) {
      const first = outcomes[leader]!;
      // Another body under a key whose first request is still running: 409, as for a request in another batch.
      // (Not 422: the leader may itself be refused, or be refused because the stored body is this one.)
      if (batch[i]!.requestHash !== batch[leader]!.requestHash) refuse(i, keyInUse());
      else outcomes[i] = first.ok ? { ok: true, value: { ...first.value, replayed: true } } : first;
    }
    return outcomes as Settled<FiledIncident>[];
  }

  async get(viewer: AuthUser, id: string): Promise<IncidentView> {
    const row = await this.incidents.findById(id);
    if (!row || (viewer.role === 'monitor' && row.filedBy !== viewer.id)) throw notFound(id);
    const [record] = await this.incidents.records([row]);
    return this.viewFor(viewer, record!);
  }

  /** A reviewer moves the report along the verification table. */
  changeVerification(reviewer: AuthUser, id: string, change: VerificationChange): Promise<IncidentView> {
    return this.change(reviewer, id, 'incident.verification_changed', change, async (row, manager) => {
      if (!canTransition(row.verification, change.to)) {
        const allowed = allowedNextStates(row.verification);
        throw new ApiException(
          HttpStatus.CONFLICT,
          `A ${row.verification} report cannot become ${change.to}; allowed next: ${allowed.join(', ')}.`,
          [{ field: 'to', problem: `allowed next states from ${row.verification}: ${allowed.join(', ')}` }],
        );
      }
      if (change.to === 'corroborated' && row.sources.length < MIN_SOURCES_TO_CORROBORATE) {
        throw invalidInput(
          [{ field: 'to', problem: `corroborated needs ${MIN_SOURCES_TO_CORROBORATE} or more independent sources; this report has ${row.sources.length}` }],
          HttpStatus.UNPROCESSABLE_ENTITY,
        );
      }
      if (change.duplicateOf) {
        const original = await this.incidents.findById(change.duplicateOf, manager);
        if (!original || original.id === row.id || original.agreementId !== row.agreementId)
          throw invalidInput([{ field: 'duplicateOf', problem: 'must be another report of the same agreement' }], HttpStatus.UNPROCESSABLE_ENTITY);
      }
      await this.incidents.addReview(manager, {
        incidentId: row.id,
        fromState: row.verification,
        toState: change.to,
        duplicateOf: change.duplicateOf ?? null,
        note: change.note ?? null,
        reviewerId: reviewer.id,
      });
      await this.incidents.update(manager, row.id, { verification: change.to, duplicateOf: change.duplicateOf ?? null });
      return { from: row.verification, ...change };
    });
  }

  /** A reviewer corrects facts; the report is classified and routed again from them. */
  correct(reviewer: AuthUser, id: string, correction: IncidentCorrection): Promise<IncidentView> {
    return this.change(reviewer, id, 'incident.corrected', correction, async (row, manager) => {
      const c = correction.changes;
      const facts: ClassifiableReport = {
        occurredAt: c.occurredAt ?? row.occurredAt.toISOString(),
        governorate: c.governorate ?? row.governorate,
        perpetratorPartyId: c.perpetratorPartyId !== undefined ? c.perpetratorPartyId : row.perpetratorPartyId,
        target: c.target ?? (row.targetCivilians ? { civilians: true } : { partyId: row.targetPartyId! }),
      };
      const eventType = c.eventType ?? row.eventType;
      const obstruction = c.obstruction !== undefined ? c.obstruction : row.obstruction;
      if (obstruction && eventType !== 'access_obstruction')
        throw invalidInput([{ field: 'changes.obstruction', problem: 'only allowed when eventType is access_obstruction' }]);
      const rules = await this.rulesFor(row.agreementId, manager);
      const classification = classifyOrExplain(facts, rules, 'changes.');
      await this.incidents.update(manager, row.id, {
        occurredAt: new Date(facts.occurredAt),
        ...(c.timePrecision !== undefined ? { timePrecision: c.timePrecision } : {}),
        ...(c.location ? { lat: c.location.lat, lon: c.location.lon } : {}),
        ...(c.geoPrecision !== undefined ? { geoPrecision: c.geoPrecision } : {}),
        governorate: facts.governorate,
        ...(c.placeName !== undefined ? { placeName: c.placeName } : {}),
        eventType,
        perpetratorPartyId: facts.perpetratorPartyId,
        targetPartyId: 'partyId' in facts.target ? facts.target.partyId : null,
        targetCivilians: 'civilians' in facts.target,
        ...(c.casualties ? normaliseCasualties(c.casualties) : {}),
        ...(c.sources ? { sources: c.sources } : {}),
        ...(c.description ? { description: c.description } : {}),
        obstruction: obstruction ?? null,
        ...rerouted(row, classification, rules),
      });
      return { correction, classification };
    });
  }

  /** The responsible guarantor's officer answers. */
  respond(officer: AuthUser, id: string, answer: GuarantorResponseInput): Promise<IncidentView> {
    return this.change(officer, id, 'incident.answered', answer, async (row, manager) => {
      if (row.responsibleGuarantor === null)
        throw new ApiException(HttpStatus.CONFLICT, 'This report is not routed to any guarantor; there is nothing to answer.');
      if (officer.guarantor !== row.responsibleGuarantor)
        throw new ApiException(
          HttpStatus.FORBIDDEN,
          `This report is routed to ${row.responsibleGuarantor}; only its officers answer for it. Cross-confirm instead.`,
        );
      await this.incidents.addResponse(manager, {
        incidentId: row.id,
        guarantor: officer.guarantor,
        response: answer.response,
        reasons: answer.reasons ?? null,
        officerId: officer.id,
      });
      if (row.acknowledgedAt === null) await this.incidents.update(manager, row.id, { acknowledgedAt: new Date() });
      return { guarantor: officer.guarantor, ...answer };
    });
  }

  /** Another guarantor's officer confirms, cannot confirm, or disputes a routed report. */
  confirm(officer: AuthUser, id: string, input: CrossConfirmationInput): Promise<IncidentView> {
    return this.change(officer, id, 'incident.cross_confirmed', input, async (row, manager) => {
      if (row.responsibleGuarantor === null)
        throw new ApiException(HttpStatus.CONFLICT, 'This report is not routed to any guarantor; there is nothing to confirm.');
      if (officer.guarantor === row.responsibleGuarantor)
        throw new ApiException(HttpStatus.FORBIDDEN, `${officer.guarantor} is responsible for this report: answer it instead of confirming it.`);
      const rules = await this.rulesFor(row.agreementId, manager);
      if (!officer.guarantor || !rules.guarantors.includes(officer.guarantor))
        throw new ApiException(HttpStatus.FORBIDDEN, 'Only officers of this agreement\'s guarantors cross-confirm.');
      await this.incidents.addConfirmation(manager, {
        incidentId: row.id,
        guarantor: officer.guarantor,
        confirmation: input.confirmation,
        note: input.note ?? null,
        officerId: officer.id,
      });
      return { guarantor: officer.guarantor, ...input };
    });
  }

  /** Announces every routed report that passed its deadline unanswered, once. */
  async announceOverdue(now = new Date()): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const claimed = await this.incidents.claimOverdue(manager, now);
      if (claimed.length === 0) return 0;
      const rows = claimed.map((c) => c.row);
      await this.audit.append(
        manager,
        claimed.map(({ row: r, state }) => ({
          actorId: null,
          action: 'incident.overdue',
          entityType: 'incident',
          entityId: r.id,
          data: { responsibleGuarantor: r.responsibleGuarantor, acknowledgeBy: r.acknowledgeBy?.toISOString(), state },
        })),
      );
      await this.events.append(
        manager,
        rows.map((r) => ({
          type: 'incident.overdue' as const,
          audience: audienceOf(r),
          data: { incidentId: r.id, responsibleGuarantor: r.responsibleGuarantor!, acknowledgeBy: r.acknowledgeBy!.toISOString() },
        })),
      );
      this.logger.log(`${rows.length} report(s) overdue`);
      return rows.length;
    });
  }

  deleteExpiredIdempotencyKeys(): Promise<number> {
    return this.incidents.deleteExpiredKeys();
  }

  /**
   * One change to a report: lock it, apply, then audit and announce the new
   * state, all in one transaction.
   */
  private async change(
    actor: AuthUser,
    id: string,
    action: string,
    request: unknown,
    apply: (row: IncidentEntity, manager: EntityManager) => Promise<unknown>,
  ): Promise<IncidentView> {
    const record = await this.dataSource.transaction(async (manager) => {
      const locked = await this.incidents.findWithState(manager, id, true);
      if (!locked) throw notFound(id);
      const { row, state: before } = locked;
      const detail = await apply(row, manager);
      const { row: updated, state: after } = (await this.incidents.findWithState(manager, id))!;
      const [fresh] = await this.incidents.records([updated], manager);
      await this.audit.append(manager, [
        { actorId: actor.id, action, entityType: 'incident', entityId: id, data: { request, detail, state: { before, after } } },
      ]);
      await this.events.append(manager, [{ type: 'incident.updated', audience: audienceOf(updated), data: toIncidentView(fresh!) }]);
      return fresh!;
    });
    return this.viewFor(actor, record);
  }

  private async rulesFor(agreementId: string, manager: EntityManager): Promise<AgreementRules> {
    const rules = await this.truce.getRules(agreementId, manager);
    if (!rules) throw invalidInput([{ field: 'agreementId', problem: 'no such agreement' }], HttpStatus.UNPROCESSABLE_ENTITY);
    return rules;
  }

  /** Source protection: only the filer, reviewers and admins see who filed. */
  private async viewFor(viewer: AuthUser, record: IncidentRecord): Promise<IncidentView> {
    const view = toIncidentView(record);
    if (!ROLES_SEEING_FILER.includes(viewer.role) && record.row.filedBy !== viewer.id) return view;
    const filer = await this.users.findById(record.row.filedBy);
    return filer ? { ...view, filedBy: { id: filer.id, username: filer.username } } : view;
  }
}

/** Who sees a report's events: every watcher, and the monitor who filed it. */
function audienceOf(row: Pick<IncidentEntity, 'filedBy'>): string[] {
  return [...INCIDENT_WATCHERS, userRoom(row.filedBy)];
}

function classifyOrExplain(report: ClassifiableReport, rules: AgreementRules, fieldPrefix = ''): Classification {
  try {
    return classifyIncident(report, rules);
  } catch (error) {
    if (error instanceof UnknownPartyError)
      throw invalidInput([{ field: fieldPrefix + error.field, problem: 'not a party of this agreement' }], HttpStatus.UNPROCESSABLE_ENTITY);
    throw error;
  }
}

/**
 * The routing fields after re-classification. A report that stays with the
 * same guarantor keeps its deadline and acknowledgement; one that moves gets a
 * fresh deadline from now and must be acknowledged by its new guarantor.
 */
function rerouted(row: IncidentEntity, classification: Classification, rules: AgreementRules): Partial<IncidentEntity> {
  const base = { outcome: classification.outcome, reasons: classification.reasons };
  if (classification.responsibleGuarantor === row.responsibleGuarantor) return base;
  const routed = classification.responsibleGuarantor !== null;
  return {
    ...base,
    responsibleGuarantor: classification.responsibleGuarantor,
    acknowledgeBy: routed ? acknowledgementDueAt(new Date(), rules) : null,
    acknowledgedAt: null,
    overdueAnnouncedAt: null,
  };
}

function newIncidentRow(
  input: IncidentData,
  user: AuthUser,
  classification: Classification,
  rules: AgreementRules,
  reportedAt: Date,
): Omit<IncidentEntity, 'updatedAt'> {
  return {
    id: randomUUID(),
    agreementId: input.agreementId,
    occurredAt: new Date(input.occurredAt),
    timePrecision: input.timePrecision,
    reportedAt,
    lat: input.location.lat,
    lon: input.location.lon,
    geoPrecision: input.geoPrecision,
    governorate: input.governorate,
    placeName: input.placeName ?? null,
    eventType: input.eventType,
    perpetratorPartyId: input.perpetratorPartyId,
    targetPartyId: 'partyId' in input.target ? input.target.partyId : null,
    targetCivilians: 'civilians' in input.target,
    ...normaliseCasualties(input.casualties),
    sources: input.sources,
    description: input.description,
    obstruction: input.obstruction ?? null,
    verification: 'reported',
    duplicateOf: null,
    outcome: classification.outcome,
    reasons: classification.reasons,
    responsibleGuarantor: classification.responsibleGuarantor,
    acknowledgeBy: classification.responsibleGuarantor ? acknowledgementDueAt(reportedAt, rules) : null,
    acknowledgedAt: null,
    overdueAnnouncedAt: null,
    filedBy: user.id,
  };
}

function keyInUse(): ApiException {
  return new ApiException(
    HttpStatus.CONFLICT,
    'A request with this Idempotency-Key is still being processed; retry shortly.',
    [{ field: 'Idempotency-Key', problem: 'in use by a request still running' }],
    { 'Retry-After': '1' },
  );
}

function keyReusedWithOtherBody(): ApiException {
  return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, 'This Idempotency-Key was already used with a different body.', [
    { field: 'Idempotency-Key', problem: 'reused with a different request body' },
  ]);
}

function notFound(id: string): ApiException {
  return new ApiException(HttpStatus.NOT_FOUND, `No report ${id}.`);
}
