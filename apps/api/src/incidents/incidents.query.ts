import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  type AuthUser,
  INCIDENT_SORTS,
  type IncidentCounts,
  type IncidentCountsQuery,
  type IncidentListQuery,
  type IncidentPage,
  type IncidentView,
  ROLES_SEEING_FILER,
  VERIFICATION_STATES,
} from '@truce-monitor/domain';
import { UsersRepository } from '../auth/users.repository.js';
import { invalidInput } from '../common/api-error.js';
import { toIncidentView } from './incident-view.js';
import type { IncidentEntity } from './incident.entity.js';
import { type IncidentPageKeys, IncidentsRepository } from './incidents.repository.js';

/**
 * What a cursor carries: the sort it belongs to, the instant "overdue" is
 * judged at, and the sort keys of the page's last report as they were read
 * (never looked up again: a report answered since must not move the next
 * page's start, and a cursor must not reveal anything of a report the caller
 * may not see).
 */
const cursorSchema = z.strictObject({
  s: z.enum(INCIDENT_SORTS),
  t: z.iso.datetime(),
  id: z.uuid(),
  at: z.iso.datetime(),
  due: z.iso.datetime().nullable(),
  rank: z.union([z.literal(0), z.literal(1)]).nullable(),
});
type Cursor = z.infer<typeof cursorSchema>;

/**
 * The read side of reports: `GET /api/incidents` with its filters, sorts and
 * keyset pages, under the object-level rules — a monitor sees its own reports
 * only, and who filed a report is shown only to reviewers, admins and the filer.
 */
@Injectable()
export class IncidentsQueryService {
  constructor(
    private readonly incidents: IncidentsRepository,
    private readonly users: UsersRepository,
  ) {}

  async list(viewer: AuthUser, query: IncidentListQuery): Promise<IncidentPage> {
    const cursor = query.cursor ? decodeCursor(query.cursor, query.sort) : undefined;
    const asOf = cursor ? new Date(cursor.t) : new Date();
    const { rows, last } = await this.incidents.listPage({
      ...(query.agreementId ? { agreementId: query.agreementId } : {}),
      // A monitor sees its own reports only.
      ...(viewer.role === 'monitor' ? { filedBy: viewer.id } : {}),
      ...(query.responsibleGuarantor ? { responsibleGuarantor: query.responsibleGuarantor } : {}),
      ...(query.awaiting !== undefined ? { awaiting: query.awaiting } : {}),
      ...(query.unconfirmedBy ? { unconfirmedBy: query.unconfirmedBy } : {}),
      ...(query.verification ? { verification: query.verification } : {}),
      ...(query.ids ? { ids: query.ids } : {}),
      sort: query.sort,
      asOf,
      limit: query.limit,
      ...(cursor ? { after: { id: cursor.id, at: cursor.at, due: cursor.due, rank: cursor.rank } } : {}),
    });
    const records = await this.incidents.records(rows);
    const items = await this.withFilers(viewer, records.map((r) => toIncidentView(r)), rows);
    return { items, nextCursor: rows.length === query.limit && last ? encodeCursor(query.sort, last, asOf) : null };
  }

  /**
   * How many reports each verification state holds, every state named (zero
   * included), in one query: the review queue's tabs. Reviewers and admins see
   * every report, so no per-viewer narrowing applies.
   */
  async counts(query: IncidentCountsQuery): Promise<IncidentCounts> {
    const found = await this.incidents.countByVerification(query.agreementId);
    const counts = Object.fromEntries(VERIFICATION_STATES.map((s) => [s, found.get(s) ?? 0])) as IncidentCounts['counts'];
    return { by: query.by, agreementId: query.agreementId ?? null, counts };
  }

  /** Source protection: the filer is named only to reviewers and admins, and to the filer itself. */
  private async withFilers(viewer: AuthUser, views: IncidentView[], rows: IncidentEntity[]): Promise<IncidentView[]> {
    const seesAll = ROLES_SEEING_FILER.includes(viewer.role);
    const wanted = [...new Set(rows.filter((r) => seesAll || r.filedBy === viewer.id).map((r) => r.filedBy))];
    const filers = new Map((await Promise.all(wanted.map((id) => this.users.findById(id)))).filter((u) => u !== null).map((u) => [u.id, u]));
    return views.map((view, i) => {
      const filer = filers.get(rows[i]!.filedBy);
      return filer && (seesAll || filer.id === viewer.id) ? { ...view, filedBy: { id: filer.id, username: filer.username } } : view;
    });
  }
}

function encodeCursor(sort: IncidentListQuery['sort'], last: IncidentPageKeys, asOf: Date): string {
  const cursor: Cursor = { s: sort, t: asOf.toISOString(), ...last };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(raw: string, sort: IncidentListQuery['sort']): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const cursor = cursorSchema.safeParse(parsed);
  if (!cursor.success) throw invalidInput([{ field: 'cursor', problem: 'not a cursor this API issued' }]);
  if (cursor.data.s !== sort) throw invalidInput([{ field: 'cursor', problem: `belongs to sort=${cursor.data.s}; ask with the same sort as the first page` }]);
  return cursor.data;
}
