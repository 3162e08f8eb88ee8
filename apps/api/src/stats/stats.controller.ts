import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { createHash } from 'node:crypto';
import {
  type Bulletin,
  type BulletinQuery,
  type DailyQuery,
  type DailySeries,
  type StatsFilter,
  type StatsSummary,
  bulletinQuerySchema,
  dailyQuerySchema,
  filterQueryString,
  statsFilterSchema,
} from '@truce-monitor/domain';
import { Roles } from '../auth/roles.decorator.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { csvRecord } from './csv.js';
import { STATS_ROLES } from './stats.roles.js';
import { bulletinText, StatsService } from './stats.service.js';

@Controller('stats')
@Roles(...STATS_ROLES)
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('summary')
  summary(@Query(new ZodValidationPipe(statsFilterSchema)) filter: StatsFilter): Promise<StatsSummary> {
    return this.stats.summary(filter);
  }

  @Get('daily')
  daily(@Query(new ZodValidationPipe(dailyQuerySchema)) query: DailyQuery): Promise<DailySeries> {
    return this.stats.daily(query);
  }

  /** The whole daily series as CSV, with the filter and the SHA-256 of its data records in the headers. */
  @Get('daily.csv')
  async dailyCsv(@Query(new ZodValidationPipe(statsFilterSchema)) filter: StatsFilter, @Res() res: Response): Promise<void> {
    const { filter: resolved, guarantors, days } = await this.stats.dailyAll(filter);
    const header = ['day', 'reports', 'violations', 'violations_with_disputed'];
    for (const g of guarantors) header.push(`violations_${g}`, `violations_with_disputed_${g}`);
    for (const m of ['killed', 'injured']) for (const r of ['', '_with_disputed']) header.push(`${m}_low${r}`, `${m}_best${r}`, `${m}_high${r}`);
    const lines = days.map((d) => {
      const cells: (string | number)[] = [d.day, d.reports, d.violations.withoutDisputed, d.violations.withDisputed];
      for (const g of guarantors) cells.push(d.byGuarantor[g]?.withoutDisputed ?? 0, d.byGuarantor[g]?.withDisputed ?? 0);
      for (const m of [d.killed, d.injured]) for (const r of [m.withoutDisputed, m.withDisputed]) cells.push(r.low, r.best, r.high);
      return csvRecord(cells.map(String));
    });
    const data = lines.join('');
    res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
    res.setHeader('Content-Disposition', 'attachment; filename="daily.csv"');
    res.setHeader('X-Truce-Filter', JSON.stringify(resolved));
    res.setHeader('X-Truce-Filter-Query', filterQueryString(resolved));
    res.setHeader('X-Truce-Data-Hash', createHash('sha256').update(data).digest('hex'));
    res.send(csvRecord(header) + data);
  }

  @Get('bulletin')
  async bulletin(@Query(new ZodValidationPipe(bulletinQuerySchema)) query: BulletinQuery, @Res({ passthrough: true }) res: Response): Promise<Bulletin | string> {
    const bulletin = await this.stats.bulletin(query);
    if (query.format !== 'text') return bulletin;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    return bulletinText(bulletin);
  }
}
