import { QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { sessionStore } from '../features/auth/session-store';
import { configureApiClient } from '../lib/api-client';
import { createQueryClient } from '../lib/react-query';

export const queryClient = createQueryClient();

// Configured before anything renders, so that no query can start without the token.
configureApiClient({
  getToken: sessionStore.token,
  // A 401 on an authenticated call: the token expired or was revoked.
  onUnauthorized: () => sessionStore.end('expired'),
});

export function AppProvider({ children }: { children: ReactNode }) {
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
