import { type PipeTransform } from '@nestjs/common';
import { toFieldProblems } from '@truce-monitor/domain';
import type { z } from 'zod';
import { invalidInput } from './api-error.js';

/**
 * Validates a body, query or parameter with one of the shared zod schemas
 * (libs/domain), so the API and the dashboard's forms apply the same rules.
 * The ready-made NestJS adapters do not accept NestJS 12 yet; this is all they did.
 */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly fieldPrefix = '',
  ) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value);
    if (!result.success) throw invalidInput(toFieldProblems(result.error.issues, this.fieldPrefix));
    return result.data;
  }
}
