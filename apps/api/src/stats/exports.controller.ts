import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { type AuthUser, type ExportQuery, exportQuerySchema } from '@truce-monitor/domain';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { AcceptsExportTicket } from '../export-tickets/export-ticket.guard.js';
import { ExportsService } from './exports.service.js';
import { STATS_ROLES } from './stats.roles.js';

/** Streamed exports of the reports a statistics filter selects; each is audited. */
@Controller('exports')
@Roles(...STATS_ROLES)
@AcceptsExportTicket()
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('incidents.csv')
  csv(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(exportQuerySchema)) query: ExportQuery, @Res() res: Response): Promise<void> {
    return this.exports.stream(user, 'csv', query, res);
  }

  @Get('incidents.ndjson')
  ndjson(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(exportQuerySchema)) query: ExportQuery, @Res() res: Response): Promise<void> {
    return this.exports.stream(user, 'ndjson', query, res);
  }

  @Get('incidents.geojson')
  geojson(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(exportQuerySchema)) query: ExportQuery, @Res() res: Response): Promise<void> {
    return this.exports.stream(user, 'geojson', query, res);
  }

  /** The row count and data hash the same filter's export holds: how a downloaded file is checked. */
  @Get('incidents.sha256')
  hash(@Query(new ZodValidationPipe(exportQuerySchema)) query: ExportQuery) {
    return this.exports.hash(query);
  }
}
