import { z } from 'zod';
import { text } from './text.js';
import {
  CROSS_CONFIRMATIONS,
  GUARANTOR_RESPONSES,
  type GuarantorCode,
  VERIFICATION_STATES,
  type VerificationState,
} from './vocabulary.js';

/**
 * The verification ladder a reviewer moves a report along. Anything not in
 * this table is refused, naming the states that are allowed next.
 * `corroborated` needs two or more independent sources; `duplicate` names the
 * report it duplicates. Rejected and duplicate reports can be reopened.
 */
export const VERIFICATION_TRANSITIONS: Record<VerificationState, readonly VerificationState[]> = {
  reported: ['corroborated', 'verified', 'rejected', 'duplicate'],
  corroborated: ['verified', 'rejected', 'duplicate'],
  verified: ['rejected', 'duplicate'],
  rejected: ['reported'],
  duplicate: ['reported'],
};

export function allowedNextStates(from: VerificationState): readonly VerificationState[] {
  return VERIFICATION_TRANSITIONS[from];
}

export function canTransition(from: VerificationState, to: VerificationState): boolean {
  return VERIFICATION_TRANSITIONS[from].includes(to);
}

/** The order used for "at least this verified" filters; rejected and duplicate are below everything. */
export const VERIFICATION_RANK: Record<VerificationState, number> = {
  rejected: -1,
  duplicate: -1,
  reported: 0,
  corroborated: 1,
  verified: 2,
};

/** How many sources a report must cite to be called corroborated. */
export const MIN_SOURCES_TO_CORROBORATE = 2;

const note = text().trim().max(2000);

export const verificationChangeSchema = z
  .strictObject({
    to: z.enum(VERIFICATION_STATES),
    duplicateOf: z.uuid({ error: 'must be the id (UUID) of the report this one duplicates' }).optional(),
    note: note.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.to === 'duplicate' && !v.duplicateOf)
      ctx.addIssue({ code: 'custom', path: ['duplicateOf'], message: 'is required when marking a duplicate' });
    if (v.to !== 'duplicate' && v.duplicateOf)
      ctx.addIssue({ code: 'custom', path: ['duplicateOf'], message: 'only allowed when to is duplicate' });
  });
export type VerificationChange = z.infer<typeof verificationChangeSchema>;

export const guarantorResponseSchema = z
  .strictObject({
    response: z.enum(GUARANTOR_RESPONSES),
    reasons: note.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.response === 'disputed' && !v.reasons)
      ctx.addIssue({ code: 'custom', path: ['reasons'], message: 'are required when disputing' });
  });
export type GuarantorResponseInput = z.infer<typeof guarantorResponseSchema>;

export const crossConfirmationSchema = z
  .strictObject({
    confirmation: z.enum(CROSS_CONFIRMATIONS),
    note: note.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.confirmation === 'disputed' && !v.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'is required when disputing' });
  });
export type CrossConfirmationInput = z.infer<typeof crossConfirmationSchema>;

/** Facts a reviewer may correct; the report is classified again from the corrected facts. */
export interface ReviewHistoryEntry {
  at: string;
  from: VerificationState;
  to: VerificationState;
  note: string | null;
  duplicateOf: string | null;
}

export interface GuarantorAnswer {
  guarantor: GuarantorCode;
  response: (typeof GUARANTOR_RESPONSES)[number];
  reasons: string | null;
  at: string;
}

export interface CrossConfirmationEntry {
  guarantor: GuarantorCode;
  confirmation: (typeof CROSS_CONFIRMATIONS)[number];
  note: string | null;
  at: string;
}
