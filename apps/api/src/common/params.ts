import { z } from 'zod';

/** A path parameter that names a stored object by its UUID. */
export const uuidParam = z.uuid({ error: 'must be a UUID' });
