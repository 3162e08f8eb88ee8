import { QueryClient, type DefaultOptions, type UseQueryOptions } from '@tanstack/react-query';
import { ApiError } from './api-client';

const MAX_RETRIES = 3;

const defaultOptions: DefaultOptions = {
  queries: {
    // The live socket keeps the data fresh; refetching on every focus would only add load.
    staleTime: 60_000,
    refetchOnWindowFocus: false,
    // A refused request (4xx) answers the same way the second time; only failures to get an answer are retried.
    retry: (failureCount, error) => !(error instanceof ApiError && error.isClientError) && failureCount < MAX_RETRIES,
  },
  mutations: { retry: false },
};

export function createQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions });
}

/**
 * Extra options a caller may pass to a feature's query hook, typed from that
 * feature's `queryOptions` factory (`queryKey` and `queryFn` stay the feature's).
 */
export type QueryConfig<TFactory extends (...args: never[]) => unknown> = Omit<
  ReturnType<TFactory> extends UseQueryOptions<infer TQueryFnData, infer TError, infer TData, infer TQueryKey>
    ? UseQueryOptions<TQueryFnData, TError, TData, TQueryKey>
    : never,
  'queryKey' | 'queryFn'
>;
