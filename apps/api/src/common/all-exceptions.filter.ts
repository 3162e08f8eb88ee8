import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { ApiException, errorBody } from './api-error.js';
import { isDatabaseUnavailable } from '../database/database-errors.js';

/**
 * Every error leaves as `{statusCode, error, message, details?}`. A database
 * that is down is a 503 with Retry-After, not a 500; anything unexpected is a
 * 500 whose cause goes to the log, never to the client.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (exception instanceof ApiException) {
      for (const [name, value] of Object.entries(exception.headers)) res.setHeader(name, value);
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message =
        typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? exception.message);
      res.status(status).json(
        typeof body === 'object' && body !== null && 'statusCode' in body && 'error' in body
          ? body
          : errorBody(status, Array.isArray(message) ? message.join('; ') : message),
      );
      return;
    }
    if (isDatabaseUnavailable(exception)) {
      res.setHeader('Retry-After', '5');
      res.status(503).json(errorBody(503, 'The database is unavailable; nothing was stored. Retry shortly.'));
      return;
    }
    const detail = exception instanceof QueryFailedError ? `${exception.message} [${exception.driverError?.code}]` : exception;
    this.logger.error(detail instanceof Error ? (detail.stack ?? detail.message) : String(detail));
    res.status(500).json(errorBody(500, 'Internal error; it has been logged.'));
  }
}
