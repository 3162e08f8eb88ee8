import { z } from 'zod';
import { text } from './text.js';
import type { GuarantorCode, Role } from './vocabulary.js';

export const loginSchema = z.strictObject({
  username: text().trim().min(1, { error: 'must not be empty' }).max(100),
  password: text().min(1, { error: 'must not be empty' }).max(500),
});
export type LoginInput = z.infer<typeof loginSchema>;

export interface AuthUser {
  id: string;
  username: string;
  role: Role;
  /** The guarantor an officer works for; null for every other role. */
  guarantor: GuarantorCode | null;
}

export interface LoginResponse {
  accessToken: string;
  user: AuthUser;
}
