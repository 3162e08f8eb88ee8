import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  type AuthUser,
  type IncidentData,
  type IncidentView,
  ROLES_SEEING_FILER,
  UnknownPartyError,
  acknowledgementDueAt,
  classifyIncident,
  normaliseCasualties,
} from '@truce-monitor/domain';
import { AuditService } from '../audit/audit.service.js';
import { UsersRepository } from '../auth/users.repository.js';
import { ApiException, invalidInput } from '../common/api-error.js';
import { canonicalHash } from '../common/canonical-hash.js';
import { INCIDENT_WATCHERS, userRoom } from '../live/audience.js';
import { EventLogService } from '../live/event-log.service.js';
import { TruceService } from '../truce/truce.service.js';
import { toIncidentView } from './incident-view.js';
import { IncidentsRepository } from './incidents.repository.js';

/** How long an Idempotency-Key and its answer are kept: a field device may retry for a week. */
export const IDEMPOTENCY_KEY_TTL_MS = 7 * 24 * 3600 * 1000;

export interface FiledIncident {
  status: number;
  body: IncidentView;
  replayed: boolean;
}

@Injectable()
export class IncidentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsRepository,
    private readonly truce: TruceService,
    private readonly events: EventLogService,
    private readonly audit: AuditService,
    private readonly users: UsersRepository,
  ) {}

  /**
   * Files a report. One transaction holds the key's lock, classifies against the
   * registry as it stood when the event happened, stores the report, its audit
   * entry, its event and the key's answer; 201 is sent only after the commit.
   */
  async file(user: AuthUser, idempotencyKey: string, input: IncidentData): Promise<FiledIncident> {
    const requestHash = canonicalHash(input);
    return this.dataSource.transaction(async (manager) => {
      if (!(await this.incidents.tryLockKey(manager, user.id, idempotencyKey))) {
        throw new ApiException(
          HttpStatus.CONFLICT,
          'A request with this Idempotency-Key is still being processed; retry shortly.',
          [{ field: 'Idempotency-Key', problem: 'in use by a request still running' }],
          { 'Retry-After': '1' },
        );
      }
      const previous = await this.incidents.findKey(manager, user.id, idempotencyKey);
      if (previous) {
        if (previous.requestHash !== requestHash) {
          throw new ApiException(
            HttpStatus.UNPROCESSABLE_ENTITY,
            'This Idempotency-Key was already used with a different body.',
            [{ field: 'Idempotency-Key', problem: 'reused with a different request body' }],
          );
        }
        return { status: previous.responseStatus, body: previous.responseBody as IncidentView, replayed: true };
      }

      const rules = await this.truce.getRules(input.agreementId, manager);
      if (!rules) throw invalidInput([{ field: 'agreementId', problem: 'no such agreement' }], HttpStatus.UNPROCESSABLE_ENTITY);
      let classification;
      try {
        classification = classifyIncident(input, rules);
      } catch (error) {
        if (error instanceof UnknownPartyError)
          throw invalidInput([{ field: error.field, problem: 'not a party of this agreement' }], HttpStatus.UNPROCESSABLE_ENTITY);
        throw error;
      }

      const reportedAt = new Date();
      const casualties = normaliseCasualties(input.casualties);
      const row = await this.incidents.insert(manager, {
        agreementId: input.agreementId,
        occurredAt: new Date(input.occurredAt),
        timePrecision: input.timePrecision,
        lat: input.location.lat,
        lon: input.location.lon,
        geoPrecision: input.geoPrecision,
        governorate: input.governorate,
        placeName: input.placeName ?? null,
        eventType: input.eventType,
        perpetratorPartyId: input.perpetratorPartyId,
        targetPartyId: 'partyId' in input.target ? input.target.partyId : null,
        targetCivilians: 'civilians' in input.target,
        ...casualties,
        sources: input.sources,
        description: input.description,
        obstruction: input.obstruction ?? null,
        verification: 'reported',
        outcome: classification.outcome,
        reasons: classification.reasons,
        responsibleGuarantor: classification.responsibleGuarantor,
        reportedAt,
        acknowledgeBy: classification.responsibleGuarantor ? acknowledgementDueAt(reportedAt, rules) : null,
        filedBy: user.id,
      });
      const view = toIncidentView(row);

      await this.audit.append(manager, [
        { actorId: user.id, action: 'incident.filed', entityType: 'incident', entityId: view.id, data: { input, classification } },
      ]);
      await this.events.append(manager, [
        { type: 'incident.created', audience: [...INCIDENT_WATCHERS, userRoom(user.id)], data: view },
      ]);
      const answer = this.withFiler(view, user, user);
      await this.incidents.saveKey(manager, {
        userId: user.id,
        key: idempotencyKey,
        requestHash,
        responseStatus: HttpStatus.CREATED,
        responseBody: answer,
        expiresAt: new Date(Date.now() + IDEMPOTENCY_KEY_TTL_MS),
      });
      return { status: HttpStatus.CREATED, body: answer, replayed: false };
    });
  }

  async list(viewer: AuthUser, query: { agreementId?: string; limit: number; cursor?: string }) {
    const before = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await this.incidents.list({
      ...(query.agreementId ? { agreementId: query.agreementId } : {}),
      // A monitor sees its own reports only.
      ...(viewer.role === 'monitor' ? { filedBy: viewer.id } : {}),
      limit: query.limit,
      ...(before ? { before } : {}),
    });
    const items = await Promise.all(rows.map((r) => this.viewFor(viewer, r)));
    const last = rows.at(-1);
    return { items, nextCursor: rows.length === query.limit && last ? encodeCursor(last.reportedAt, last.id) : null };
  }

  async get(viewer: AuthUser, id: string): Promise<IncidentView> {
    const row = await this.incidents.findById(id);
    if (!row || (viewer.role === 'monitor' && row.filedBy !== viewer.id))
      throw new ApiException(HttpStatus.NOT_FOUND, `No report ${id}.`);
    return this.viewFor(viewer, row);
  }

  private async viewFor(viewer: AuthUser, row: Parameters<typeof toIncidentView>[0]): Promise<IncidentView> {
    const view = toIncidentView(row);
    if (!ROLES_SEEING_FILER.includes(viewer.role) && row.filedBy !== viewer.id) return view;
    const filer = await this.users.findById(row.filedBy);
    return filer ? { ...view, filedBy: { id: filer.id, username: filer.username } } : view;
  }

  /** Source protection: only the filer, reviewers and admins see who filed. */
  private withFiler(view: IncidentView, filer: AuthUser, viewer: AuthUser): IncidentView {
    return ROLES_SEEING_FILER.includes(viewer.role) || viewer.id === filer.id
      ? { ...view, filedBy: { id: filer.id, username: filer.username } }
      : view;
  }
}

function encodeCursor(reportedAt: Date, id: string): string {
  return Buffer.from(`${reportedAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { reportedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const reportedAt = new Date(at ?? '');
  if (!id || Number.isNaN(reportedAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(id))
    throw invalidInput([{ field: 'cursor', problem: 'not a cursor this API issued' }]);
  return { reportedAt, id };
}
