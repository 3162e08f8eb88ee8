import { z } from 'zod';

/** The most messages `GET /api/hotline/channels/:id/messages` answers with at once. */
export const MAX_HOTLINE_PAGE = 500;

const messageId = (name: string) => z.uuid({ error: `must be the id (UUID) of a message of this channel, as ${name}` });

/**
 * `GET /api/hotline/channels/:id/messages`. Oldest first by default (`after`
 * the last message seen, to follow a conversation); `order=newest` gives the
 * latest messages newest first, and `before` a message pages back from it,
 * newest first (how a reader scrolls up into older messages).
 */
export const hotlineMessagesQuerySchema = z
  .strictObject({
    limit: z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(MAX_HOTLINE_PAGE, { error: `must be at most ${MAX_HOTLINE_PAGE}` })
      .default(200),
    after: messageId('after').optional(),
    before: messageId('before').optional(),
    order: z.enum(['oldest', 'newest'], { error: 'must be oldest or newest' }).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.after && q.before) ctx.addIssue({ code: 'custom', path: ['before'], message: 'cannot be combined with after; page one way at a time' });
    if (q.after && q.order === 'newest') ctx.addIssue({ code: 'custom', path: ['order'], message: 'after pages oldest first; use before to page newest first' });
    if (q.before && q.order === 'oldest') ctx.addIssue({ code: 'custom', path: ['order'], message: 'before pages newest first; use after to page oldest first' });
  })
  .transform(({ order, ...q }) => ({ ...q, newestFirst: order === 'newest' || q.before !== undefined }));
export type HotlineMessagesQuery = z.output<typeof hotlineMessagesQuerySchema>;
