import { z } from 'zod';
import { text } from './text.js';
import { BLOCS, DESIGNATION_POSITIONS, EXCLUSION_KINDS, GUARANTOR_CODES, ROLES, SIGNATORY_STATUSES } from './vocabulary.js';

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone' });
const line = (max: number) => text().trim().min(1, { error: 'must not be empty' }).max(max);

/** A new party of an agreement, with its first signatory status. */
export const newPartySchema = z.strictObject({
  name: line(200),
  bloc: z.enum(BLOCS),
  guarantor: z.enum(GUARANTOR_CODES).nullable(),
  aliases: z.array(line(200)).max(50).default([]),
  signatoryStatus: z.enum(SIGNATORY_STATUSES),
  from: instant,
  claimedBy: line(300).optional(),
  note: line(2000).optional(),
});
export type NewParty = z.output<typeof newPartySchema>;

/** A change of a party's signatory status from a moment on (history is kept, nothing is overwritten). */
export const signatoryChangeSchema = z.strictObject({
  status: z.enum(SIGNATORY_STATUSES),
  from: instant,
  claimedBy: line(300).optional(),
  note: line(2000).optional(),
});
export type SignatoryChange = z.output<typeof signatoryChangeSchema>;

/**
 * A designation of a party as excluded: `core` (the agreement's own text; admins
 * only) or `linked`, made by a guarantor on a stated basis.
 */
export const newExclusionSchema = z
  .strictObject({
    partyId: z.uuid({ error: 'must be a party id (UUID)' }),
    kind: z.enum(EXCLUSION_KINDS),
    designatedBy: z.enum(GUARANTOR_CODES).nullable().optional(),
    basis: line(2000),
    from: instant,
    until: instant.nullable().optional(),
  })
  .superRefine((e, ctx) => {
    if (e.kind === 'linked' && !e.designatedBy)
      ctx.addIssue({ code: 'custom', path: ['designatedBy'], message: 'a linked designation is made by a guarantor' });
    if (e.kind === 'core' && e.designatedBy)
      ctx.addIssue({ code: 'custom', path: ['designatedBy'], message: 'a core exclusion is the agreement\'s own, designated by no guarantor' });
    if (e.until && Date.parse(e.until) <= Date.parse(e.from))
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'must be after from' });
  });
export type NewExclusion = z.output<typeof newExclusionSchema>;

/** A guarantor's position on a designation. Officers speak for their own guarantor; admins name it. */
export const designationPositionSchema = z.strictObject({
  position: z.enum(DESIGNATION_POSITIONS),
  guarantor: z.enum(GUARANTOR_CODES).optional(),
  at: instant.optional(),
  note: line(2000).optional(),
});
export type DesignationPositionInput = z.output<typeof designationPositionSchema>;

export const newUserSchema = z
  .strictObject({
    username: text().trim().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, { error: 'must be 2–64 lower-case letters, digits, dots, dashes or underscores' }),
    password: text().min(12, { error: 'must be at least 12 characters' }).max(500),
    role: z.enum(ROLES),
    guarantor: z.enum(GUARANTOR_CODES).nullable().default(null),
  })
  .superRefine((u, ctx) => {
    if ((u.role === 'officer') !== (u.guarantor !== null))
      ctx.addIssue({ code: 'custom', path: ['guarantor'], message: 'an officer has a guarantor; no other role does' });
  });
export type NewUser = z.output<typeof newUserSchema>;

export interface UserView {
  id: string;
  username: string;
  role: (typeof ROLES)[number];
  guarantor: (typeof GUARANTOR_CODES)[number] | null;
  disabled: boolean;
  createdAt: string;
}
