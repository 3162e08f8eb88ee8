import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

/** `GET /api/health`, public: whether the server is well, and whether it seeded demo accounts. */
export interface Health {
  status: 'ok' | 'degraded';
  db: 'up' | 'down';
  live?: 'up' | 'down';
  demoAccounts?: boolean;
}

export const healthQueryOptions = queryOptions({
  queryKey: ['health'],
  queryFn: ({ signal }) => api.get<Health>('/health', { signal, authenticated: false }),
  staleTime: 5 * 60_000,
  retry: 1,
});

export const useHealth = () => useQuery(healthQueryOptions);
