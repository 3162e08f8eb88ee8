import { HttpException, HttpStatus } from '@nestjs/common';
import type { ApiErrorBody, FieldProblem } from '@truce-monitor/domain';
import { STATUS_CODES } from 'node:http';

/** Builds the one error body every endpoint answers with. */
export function errorBody(statusCode: number, message: string, details?: FieldProblem[]): ApiErrorBody {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message,
    ...(details?.length ? { details } : {}),
  };
}

/** An HttpException whose response is already an ApiErrorBody, with optional extra headers. */
export class ApiException extends HttpException {
  constructor(
    status: HttpStatus,
    message: string,
    details?: FieldProblem[],
    readonly headers: Record<string, string> = {},
  ) {
    super(errorBody(status, message, details), status);
  }
}

/** 400 (or 422) naming each offending field. */
export function invalidInput(details: FieldProblem[], status: HttpStatus = HttpStatus.BAD_REQUEST): ApiException {
  const summary = details
    .slice(0, 5)
    .map((d) => `${d.field}: ${d.problem}`)
    .join('; ');
  return new ApiException(status, `Invalid input — ${summary}${details.length > 5 ? '; …' : ''}`, details);
}
