import { Body, Controller, Post } from '@nestjs/common';
import { type AuthUser, type ExportTicketRequest, type ExportTicketView, exportTicketRequestSchema } from '@truce-monitor/domain';
import { CurrentTokenVersion, CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { STATS_ROLES } from '../stats/stats.roles.js';
import { ExportTicketsService } from './export-tickets.service.js';

@Controller('exports/tickets')
export class ExportTicketsController {
  constructor(private readonly tickets: ExportTicketsService) {}

  /** A single-use download ticket for one export: the same roles as the exports; audited. */
  @Roles(...STATS_ROLES)
  @Post()
  issue(
    @CurrentUser() user: AuthUser,
    @CurrentTokenVersion() tokenVersion: number,
    @Body(new ZodValidationPipe(exportTicketRequestSchema)) body: ExportTicketRequest,
  ): Promise<ExportTicketView> {
    return this.tickets.issue(user, tokenVersion, body);
  }
}
