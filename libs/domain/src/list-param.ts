import { z } from 'zod';

/**
 * A query parameter holding a list: repeated (`?x=a&x=b`) or comma-separated
 * (`?x=a,b`), each value checked, at most `max` of them; the values come back
 * de-duplicated, in the order given or sorted (`sorted`, for a filter that is
 * hashed and compared, where order must not matter).
 */
export function listParam<T extends string = string>(options: {
  name: string;
  check: (value: string) => value is T;
  what: string;
  max: number;
  sorted?: boolean;
}) {
  const { name, check, what, max, sorted = false } = options;
  return z.preprocess(
    (v) => {
      if (v === undefined || v === null || v === '') return undefined;
      const items = (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === 'string' ? x.split(',') : [x]));
      return items.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '');
    },
    z
      .array(z.string({ error: `${name} must be text` }))
      .min(1, { error: 'must not be empty' })
      .max(max, { error: `at most ${max} values` })
      .superRefine((values, ctx) => {
        const bad = values.filter((v) => !check(v));
        if (bad.length) ctx.addIssue({ code: 'custom', message: `${what}: ${bad.slice(0, 5).map((b) => JSON.stringify(b)).join(', ')}` });
      })
      .transform((values) => {
        const unique = [...new Set(values)] as T[];
        return sorted ? unique.sort() : unique;
      })
      .optional(),
  );
}
