import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  DesignationPositionInput,
  LiveEventPayloads,
  NewExclusion,
  NewParty,
  NewUser,
  SignatoryChange,
  UserView,
} from '@truce-monitor/domain';
import { api, type ApiError } from '../../../lib/api-client';

/** Query keys of the admin feature (the registry itself is the agreement feature's). */
export const adminKeys = {
  all: ['admin'] as const,
  users: () => [...adminKeys.all, 'users'] as const,
};

type RegistryChange = LiveEventPayloads['registry.updated'];

export const usersQueryOptions = () =>
  queryOptions({ queryKey: adminKeys.users(), queryFn: ({ signal }) => api.get<UserView[]>('/users', { signal }) });

export const useUsers = () => useQuery(usersQueryOptions());

function useUserMutation<TInput>(send: (input: TInput) => Promise<UserView>) {
  const queryClient = useQueryClient();
  return useMutation<UserView, ApiError, TInput>({
    mutationFn: send,
    onSuccess: (user) =>
      queryClient.setQueryData<UserView[]>(adminKeys.users(), (users = []) =>
        users.some((u) => u.id === user.id) ? users.map((u) => (u.id === user.id ? user : u)) : [...users, user],
      ),
  });
}

/** `POST /api/users`. */
export const useCreateUser = () => useUserMutation((user: NewUser) => api.post<UserView>('/users', user));

/** `POST /api/users/:id/disable|enable`: takes effect at once (a disabled account's tokens and sockets are refused). */
export const useSetUserDisabled = () =>
  useUserMutation(({ id, disabled }: { id: string; disabled: boolean }) =>
    api.post<UserView>(`/users/${encodeURIComponent(id)}/${disabled ? 'disable' : 'enable'}`, {}),
  );

/**
 * A registry change; its answer names what changed. The agreement is fetched
 * again by whoever passes `onChanged` (and by everyone, on the live `registry.updated`).
 */
function useRegistryMutation<TInput>(send: (input: TInput) => Promise<RegistryChange>, onChanged: () => void) {
  return useMutation<RegistryChange, ApiError, TInput>({ mutationFn: send, onSuccess: onChanged });
}

export const useAddParty = (agreementId: string, onChanged: () => void) =>
  useRegistryMutation((party: NewParty) => api.post<RegistryChange>(`/agreements/${encodeURIComponent(agreementId)}/parties`, party), onChanged);

export const useChangeSignatoryStatus = (onChanged: () => void) =>
  useRegistryMutation(
    ({ partyId, change }: { partyId: string; change: SignatoryChange }) =>
      api.post<RegistryChange>(`/parties/${encodeURIComponent(partyId)}/signatory-statuses`, change),
    onChanged,
  );

export const useAddExclusion = (agreementId: string, onChanged: () => void) =>
  useRegistryMutation(
    (exclusion: NewExclusion) => api.post<RegistryChange>(`/agreements/${encodeURIComponent(agreementId)}/exclusions`, exclusion),
    onChanged,
  );

export const useRecordPosition = (onChanged: () => void) =>
  useRegistryMutation(
    ({ exclusionId, position }: { exclusionId: string; position: DesignationPositionInput }) =>
      api.post<RegistryChange>(`/exclusions/${encodeURIComponent(exclusionId)}/positions`, position),
    onChanged,
  );
