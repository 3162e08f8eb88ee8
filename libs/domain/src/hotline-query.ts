import { z } from 'zod';

/** The most messages `GET /api/hotline/channels/:id/messages` answers with at once. */
export const MAX_HOTLINE_PAGE = 500;

const messageId = (name: string) => z.uuid({ error: `must be the id (UUID) of a message of this channel, as ${name}` });

/**
 * `GET /api/hotline/channels/:id/messages`. Oldest first by default (`after`
 * the last message seen, to follow a conversation); `order=newest` gives the
 * latest messages newest first, and `before` a message pages back from it,
 * newest first (how a reader scrolls up into older messages). `awaiting`
 * lists what still awaits an acknowledgement instead.
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
    /**
     * Only messages that asked for an acknowledgement still owed: `true`, owed by
     * the viewer's guarantor (an admin, who has none: by any guarantor); `any`,
     * owed by any of the channel's guarantors. Overdue first, then the nearest
     * deadline (`ackBy`, then id); not combined with paging.
     */
    awaiting: z.enum(['true', 'any'], { error: "must be true (awaiting your guarantor's acknowledgement) or any (awaiting any guarantor's)" }).optional(),
  })
  .superRefine((q, ctx) => {
    if (q.awaiting && (q.after || q.before || q.order))
      ctx.addIssue({ code: 'custom', path: ['awaiting'], message: 'lists by deadline and cannot be combined with after, before or order' });
    if (q.after && q.before) ctx.addIssue({ code: 'custom', path: ['before'], message: 'cannot be combined with after; page one way at a time' });
    if (q.after && q.order === 'newest') ctx.addIssue({ code: 'custom', path: ['order'], message: 'after pages oldest first; use before to page newest first' });
    if (q.before && q.order === 'oldest') ctx.addIssue({ code: 'custom', path: ['order'], message: 'before pages newest first; use after to page oldest first' });
  })
  .transform(({ order, awaiting, ...q }) => ({
    ...q,
    newestFirst: order === 'newest' || q.before !== undefined,
    awaiting: awaiting === undefined ? undefined : awaiting === 'true' ? ('mine' as const) : ('any' as const),
  }));
export type HotlineMessagesQuery = z.output<typeof hotlineMessagesQuerySchema>;
