import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  type AuthUser,
  EXPORT_TICKET_TTL_SECONDS,
  type ExportFileFormat,
  type ExportTicketRequest,
  type ExportTicketView,
  exportQuerySchema,
  exportQueryString,
} from '@truce-monitor/domain';
import { AuditService } from '../audit/audit.service.js';
import { toAuthUser } from '../auth/auth.service.js';
import { UsersRepository } from '../auth/users.repository.js';
import { ApiException } from '../common/api-error.js';
import { STATS_ROLES } from '../stats/stats.roles.js';

/** A ticket is 32 random bytes, base64url: 43 characters. */
export const TICKET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Download tickets: a signed-in user asks for one export (format and filter)
 * and gets its address with an opaque, random, single-use ticket valid for
 * EXPORT_TICKET_TTL_SECONDS, so a browser can download the file natively
 * (streamed to disk) without the bearer token ever being put in a URL.
 * The ticket is bound to the account and its session (a logout or disable
 * voids it), to the format and to the exact filter. Only its SHA-256 is stored.
 */
@Injectable()
export class ExportTicketsService {
  private readonly logger = new Logger('ExportTickets');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  /** `tokenVersion`: that of the token the request came with; the ticket is bound to that session. */
  async issue(user: AuthUser, tokenVersion: number, request: ExportTicketRequest): Promise<ExportTicketView> {
    const session = await this.users.findSession(user.id);
    if (!session || session.disabledAt) throw new ApiException(HttpStatus.UNAUTHORIZED, 'This account can no longer sign in.');
    // A logout committed since the request was authenticated ends this session: no ticket for it.
    if (session.tokenVersion !== tokenVersion) throw new ApiException(HttpStatus.UNAUTHORIZED, 'This session has ended; sign in again.');
    const ticket = randomBytes(32).toString('base64url');
    const query = exportQueryString(request.filter);
    const expiresAt = new Date(Date.now() + EXPORT_TICKET_TTL_SECONDS * 1000);
    await this.dataSource.transaction(async (manager) => {
      // Spent and expired tickets are of no use to anyone: cleared as new ones are issued.
      await manager.query(`DELETE FROM export_tickets WHERE expires_at < now() - interval '1 hour'`);
      await manager.query(
        `INSERT INTO export_tickets (ticket_sha256, user_id, token_version, format, filter, filter_sha256, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [sha256(ticket), user.id, tokenVersion, request.format, JSON.stringify({ query }), sha256(query), expiresAt],
      );
      await this.audit.append(manager, [
        {
          actorId: user.id,
          action: 'export.ticket_issued',
          entityType: 'export',
          entityId: `incidents.${request.format}`,
          data: { format: request.format, filter: query, expiresAt: expiresAt.toISOString() },
        },
      ]);
    });
    return { url: `/api/exports/incidents.${request.format}?${query}&ticket=${ticket}`, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Uses up a ticket for the export asked for (its format and query, without
   * `ticket`) and answers the account it was issued to. Any presentation spends
   * it: a ticket shown with another filter is refused and cannot be tried again.
   */
  async redeem(ticket: string, format: ExportFileFormat, query: Record<string, unknown>): Promise<AuthUser> {
    if (!TICKET_PATTERN.test(ticket)) throw refused(HttpStatus.UNAUTHORIZED, 'This is not a download ticket this API issued; ask for a new one.');
    const hash = sha256(ticket);
    type Row = { user_id: string; token_version: number; format: string; filter_sha256: string; expires_at: Date; expired: boolean };
    const result = (await this.dataSource.query(
      `UPDATE export_tickets SET used_at = now() WHERE ticket_sha256 = $1 AND used_at IS NULL
       RETURNING user_id, token_version, format, filter_sha256, expires_at, expires_at <= now() AS expired`,
      [hash],
    )) as [Row[], number] | Row[];
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const ticketRow = (Array.isArray(result[0]) ? result[0][0] : result[0]) as Row | undefined;
    if (!ticketRow) {
      const [spent] = (await this.dataSource.query('SELECT used_at FROM export_tickets WHERE ticket_sha256 = $1', [hash])) as { used_at: Date }[];
      this.logger.warn({ event: spent ? 'export_ticket_reused' : 'export_ticket_unknown', format }, 'refused');
      throw spent
        ? refused(HttpStatus.UNAUTHORIZED, `This download ticket was already used (${spent.used_at.toISOString()}); a ticket opens one download. Ask for a new one.`)
        : refused(HttpStatus.UNAUTHORIZED, 'Unknown download ticket (tickets are kept only briefly); ask for a new one.');
    }
    if (ticketRow.expired) {
      this.logger.warn({ event: 'export_ticket_expired', userId: ticketRow.user_id, format }, 'refused');
      throw refused(HttpStatus.UNAUTHORIZED, `This download ticket expired at ${ticketRow.expires_at.toISOString()}; ask for a new one.`);
    }
    if (ticketRow.format !== format) {
      this.logger.warn({ event: 'export_ticket_other_export', userId: ticketRow.user_id, format }, 'refused');
      throw refused(HttpStatus.FORBIDDEN, `This download ticket was issued for incidents.${ticketRow.format}, not incidents.${format}.`);
    }
    const parsed = exportQuerySchema.safeParse(query);
    if (!parsed.success || sha256(exportQueryString(parsed.data)) !== ticketRow.filter_sha256) {
      this.logger.warn({ event: 'export_ticket_other_filter', userId: ticketRow.user_id, format }, 'refused');
      throw refused(HttpStatus.FORBIDDEN, 'This download ticket was issued for another filter; ask for a ticket for this one.');
    }
    const session = await this.users.findSession(ticketRow.user_id);
    if (!session || session.disabledAt || session.tokenVersion !== ticketRow.token_version) {
      this.logger.warn({ event: 'export_ticket_session_ended', userId: ticketRow.user_id, format }, 'refused');
      throw refused(HttpStatus.UNAUTHORIZED, 'The session this download ticket was issued in has ended (signed out or disabled).');
    }
    if (!STATS_ROLES.includes(session.role)) throw refused(HttpStatus.FORBIDDEN, `This action is not open to the ${session.role} role.`);
    return toAuthUser(session);
  }
}

function refused(status: HttpStatus, message: string): ApiException {
  return new ApiException(status, message, [{ field: 'ticket', problem: message }]);
}
