import { z } from 'zod';

/**
 * Text as PostgreSQL can store it: the NUL character is refused by text and
 * jsonb alike, so it is refused here, at the edge, with the field's name.
 */
export const text = () => z.string().refine((s) => !s.includes('\u0000'), { error: 'must not contain the NUL character' });
