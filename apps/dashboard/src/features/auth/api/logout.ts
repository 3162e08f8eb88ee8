import { api } from '../../../lib/api-client';

/** Tells the server to revoke this session's token. */
export function logout(): Promise<void> {
  return api.post<void>('/auth/logout', undefined);
}
