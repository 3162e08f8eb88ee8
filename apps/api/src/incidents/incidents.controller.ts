import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  type AuthUser,
  type CrossConfirmationInput,
  type GuarantorResponseInput,
  type IncidentCorrection,
  type IncidentData,
  type IncidentPage,
  type IncidentView,
  type VerificationChange,
  crossConfirmationSchema,
  guarantorResponseSchema,
  incidentCorrectionSchema,
  incidentInputSchema,
  verificationChangeSchema,
  type IncidentListQuery,
  incidentListQuerySchema,
  type IncidentCounts,
  type IncidentCountsQuery,
  incidentCountsQuerySchema,
} from '@truce-monitor/domain';
import { z } from 'zod';
import { CurrentUser } from '../auth/current-user.decorator.js';
import { ALL_ROLES, Roles } from '../auth/roles.decorator.js';
import { invalidInput } from '../common/api-error.js';
import { uuidParam } from '../common/params.js';
import { ZodValidationPipe } from '../common/zod-validation.pipe.js';
import { IncidentsQueryService } from './incidents.query.js';
import { IncidentsService } from './incidents.service.js';

/** IETF draft "The Idempotency-Key HTTP Header Field": an opaque string; we accept 1–255 visible ASCII characters. */
const idempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,255}$/, { error: 'must be 1–255 visible ASCII characters' });

@Controller('incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly queries: IncidentsQueryService,
  ) {}

  @Roles('monitor', 'reviewer', 'admin')
  @Post()
  async file(
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key: string | undefined,
    @Body(new ZodValidationPipe(incidentInputSchema)) body: IncidentData,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IncidentView> {
    if (key === undefined) throw invalidInput([{ field: 'Idempotency-Key', problem: 'header is required; send a fresh UUID per report and reuse it on retries' }]);
    const parsedKey = idempotencyKeySchema.safeParse(key);
    if (!parsedKey.success) throw invalidInput([{ field: 'Idempotency-Key', problem: parsedKey.error.issues[0]!.message }]);
    const result = await this.incidents.file(user, parsedKey.data, body);
    res.status(result.status);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('Location', `/api/incidents/${result.body.id}`);
    return result.body;
  }

  @Roles(...ALL_ROLES)
  @Get()
  list(
    @CurrentUser() user: AuthUser,
    @Query(new ZodValidationPipe(incidentListQuerySchema)) query: IncidentListQuery,
  ): Promise<IncidentPage> {
    return this.queries.list(user, query);
  }

  // Before `:id`, which would take "counts" for a report id.
  @Roles('reviewer', 'admin')
  @Get('counts')
  counts(@Query(new ZodValidationPipe(incidentCountsQuerySchema)) query: IncidentCountsQuery): Promise<IncidentCounts> {
    return this.queries.counts(query);
  }

  @Roles(...ALL_ROLES)
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string): Promise<IncidentView> {
    return this.incidents.get(user, id);
  }

  @Roles('reviewer', 'admin')
  @Post(':id/verification')
  @HttpCode(200)
  verify(
    @CurrentUser() user: AuthUser,
    @Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string,
    @Body(new ZodValidationPipe(verificationChangeSchema)) body: VerificationChange,
  ): Promise<IncidentView> {
    return this.incidents.changeVerification(user, id, body);
  }

  @Roles('reviewer', 'admin')
  @Post(':id/corrections')
  @HttpCode(200)
  correct(
    @CurrentUser() user: AuthUser,
    @Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string,
    @Body(new ZodValidationPipe(incidentCorrectionSchema)) body: IncidentCorrection,
  ): Promise<IncidentView> {
    return this.incidents.correct(user, id, body);
  }

  @Roles('officer')
  @Post(':id/responses')
  @HttpCode(200)
  respond(
    @CurrentUser() user: AuthUser,
    @Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string,
    @Body(new ZodValidationPipe(guarantorResponseSchema)) body: GuarantorResponseInput,
  ): Promise<IncidentView> {
    return this.incidents.respond(user, id, body);
  }

  @Roles('officer')
  @Post(':id/confirmations')
  @HttpCode(200)
  confirm(
    @CurrentUser() user: AuthUser,
    @Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string,
    @Body(new ZodValidationPipe(crossConfirmationSchema)) body: CrossConfirmationInput,
  ): Promise<IncidentView> {
    return this.incidents.confirm(user, id, body);
  }
}
