import { useMemo } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { StatusMessage } from '../../components/status-message';
import { AgreementHeader } from '../../features/agreement/components/agreement-header';
import { useCurrentAgreement } from '../../features/agreement/use-current-agreement';
import { sessionStore, type Session } from '../../features/auth/session-store';
import { incidentLiveHandlers, refetchIncidentLists } from '../../features/incidents/api/live-cache';
import { LiveFeed } from '../../features/incidents/components/live-feed';
import { LiveEventsEffect } from '../../features/live/components/live-events-effect';
import { LiveConnectionProvider } from '../../features/live/live-connection-context';
import type { LiveEventHandlers } from '../../lib/live-socket';
import { TopBar } from '../components/top-bar';

/** The screen after sign-in: the watched agreement and its reports, live. */
export function OperationsScreen({ session }: { session: Session }) {
  const queryClient = useQueryClient();
  const current = useCurrentAgreement();
  // The app shell wires features together: the live feature delivers events,
  // the incidents feature decides how they land in the query cache.
  const liveHandlers = useMemo<LiveEventHandlers>(() => incidentLiveHandlers(queryClient), [queryClient]);

  return (
    <LiveConnectionProvider>
      <LiveEventsEffect
        token={session.accessToken}
        handlers={liveHandlers}
        onResync={() => void refetchIncidentLists(queryClient)}
        onUnauthorized={() => sessionStore.end('expired')}
      />
      <div className="app-shell">
        <TopBar agreement={current.agreement} />
        {current.agreement && <AgreementHeader agreement={current.agreement} />}
        <main className="app-main">
          {current.agreement ? (
            <LiveFeed agreement={current.agreement} />
          ) : current.isPending ? (
            <StatusMessage>Loading the agreement…</StatusMessage>
          ) : current.isMissing ? (
            <StatusMessage>No agreement is registered yet. An administrator adds one.</StatusMessage>
          ) : (
            <StatusMessage tone="error" action={{ label: 'Try again', onClick: () => void current.refetch() }}>
              Could not load the agreement. {current.error?.message}
            </StatusMessage>
          )}
        </main>
      </div>
    </LiveConnectionProvider>
  );
}
