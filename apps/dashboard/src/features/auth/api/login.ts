import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { LoginInput, LoginResponse } from '@truce-monitor/domain';
import { api, type ApiError } from '../../../lib/api-client';
import { sessionStore } from '../session-store';

export function login(input: LoginInput): Promise<LoginResponse> {
  // Not authenticated: a 401 here means wrong credentials, not an expired session.
  return api.post<LoginResponse>('/auth/login', input, { authenticated: false });
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation<LoginResponse, ApiError, LoginInput>({
    mutationFn: login,
    onSuccess: (response) => {
      // Nothing fetched for a previous user in this tab may show to this one.
      queryClient.clear();
      sessionStore.start(response);
    },
  });
}
