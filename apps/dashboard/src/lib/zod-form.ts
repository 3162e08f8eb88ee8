import { zodResolver } from '@hookform/resolvers/zod';
import type { FieldValues, Resolver } from 'react-hook-form';
import type { z } from 'zod';

/**
 * A react-hook-form resolver that validates with one of the shared zod
 * schemas (the very one the API validates the request with). Form controls
 * hold strings; `toInput` turns them into the request body first (an empty
 * optional field is left out, a number field becomes a number), and the
 * fields keep the request's names so each problem lands on its control.
 */
export function zodFormResolver<TForm extends FieldValues, TSchema extends z.ZodType>(
  schema: TSchema,
  toInput: (values: TForm) => z.input<TSchema>,
): Resolver<TForm, unknown, z.output<TSchema>> {
  const resolve = zodResolver(schema as never) as unknown as Resolver<FieldValues, unknown, z.output<TSchema>>;
  return (values, context, options) =>
    resolve(toInput(values) as FieldValues, context, options as never) as ReturnType<Resolver<TForm, unknown, z.output<TSchema>>>;
}

/** An optional text: left out when blank. */
export const optionalText = (value: string): string | undefined => (value.trim() === '' ? undefined : value);
