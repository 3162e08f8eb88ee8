import { applyDecorators, type CanActivate, type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { AuthUser, ExportFileFormat } from '@truce-monitor/domain';
import { AuthGuard } from '../auth/auth.guard.js';
import { AuthService } from '../auth/auth.service.js';
import { PUBLIC_KEY, Public } from '../auth/roles.decorator.js';
import { ApiException } from '../common/api-error.js';
import { ExportTicketsService } from './export-tickets.service.js';

/** The usual checks with "public" switched off: what the global AuthGuard does for any other endpoint. */
class BearerOnlyReflector extends Reflector {
  constructor(private readonly inner: Reflector) {
    super();
  }
  override getAllAndOverride<T>(key: unknown, targets: Parameters<Reflector['getAllAndOverride']>[1]): T {
    return (key === PUBLIC_KEY ? undefined : this.inner.getAllAndOverride(key as string, targets)) as T;
  }
}

/**
 * An export accepts either the usual `Authorization: Bearer` token (checked
 * exactly as everywhere else: account, session, role) or a `?ticket=` from
 * `POST /api/exports/tickets`, which is spent on first use. The ticket is
 * taken off the query before the export reads it.
 */
@Injectable()
export class ExportTicketGuard implements CanActivate {
  private bearer: AuthGuard | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const { ticket, ...rest } = req.query as Record<string, unknown>;
    if (ticket === undefined) {
      this.bearer ??= new AuthGuard(new BearerOnlyReflector(this.reflector), this.moduleRef.get(AuthService, { strict: false }));
      return this.bearer.canActivate(context);
    }
    const format = /\/incidents\.(csv|ndjson|geojson)$/.exec(req.path)?.[1] as ExportFileFormat | undefined;
    if (!format) throw new ApiException(403, 'Download tickets open the file exports only; this endpoint wants the bearer token.', [{ field: 'ticket', problem: 'not accepted here' }]);
    if (typeof ticket !== 'string') throw new ApiException(401, 'Send one download ticket.', [{ field: 'ticket', problem: 'given more than once' }]);
    req.user = await this.moduleRef.get(ExportTicketsService, { strict: false }).redeem(ticket, format, rest);
    // The export's own query validation sees the filter only.
    Object.defineProperty(req, 'query', { value: rest, writable: true, configurable: true, enumerable: true });
    return true;
  }
}

/** On an export controller: the bearer token or a download ticket (see ExportTicketGuard). */
export const AcceptsExportTicket = () => applyDecorators(Public(), UseGuards(ExportTicketGuard));
