import { lazy, Suspense, useEffect, useMemo } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { AgreementView, AuthUser } from '@truce-monitor/domain';
import { ScreenHeader } from '../../components/screen-header';
import { StatusMessage } from '../../components/status-message';
import { agreementLiveHandlers } from '../../features/agreement/api/live-cache';
import { AgreementHeader } from '../../features/agreement/components/agreement-header';
import { useCurrentAgreement } from '../../features/agreement/use-current-agreement';
import { sessionStore, type Session } from '../../features/auth/session-store';
import { OutboxEffect, OutboxProvider } from '../../features/filing/outbox-context';
import { hotlineLiveHandlers, refetchHotlineSummaries } from '../../features/hotline/api/live-cache';
import { incidentLiveHandlers, refetchIncidentLists, writeIncidentToCache } from '../../features/incidents/api/live-cache';
import { LiveEventsEffect } from '../../features/live/components/live-events-effect';
import { LiveConnectionProvider } from '../../features/live/live-connection-context';
import { combineHandlers, type LiveEventHandlers } from '../../lib/live-socket';
import { navigate, useLocation } from '../../lib/router';
import { NavBar } from '../components/nav-bar';
import { TopBar } from '../components/top-bar';
import { ROUTE_ROLES, canOpen, landingPath, navItemsFor, parseRoute, type Route } from '../routes';
import { OperationsScreen } from './operations-screen';
import { QueueScreen } from './queue-screen';
import { ReportScreen } from './report-screen';

// Screens one role uses, and the map (Leaflet), load when first opened.
const FileScreen = lazy(() => import('./file-screen'));
const ReviewScreen = lazy(() => import('./review-screen'));
const MapScreen = lazy(() => import('./map-screen'));
const HotlineScreen = lazy(() => import('./hotline-screen'));
const AdminScreen = lazy(() => import('./admin-screen'));
// The analysis view carries recharts, the heaviest dependency: it never weighs on the other screens.
const AnalysisScreen = lazy(() => import('./analysis-screen'));

/** Everything after sign-in: the live connection, the agreement, the navigation of the user's role, and the screen. */
export function SignedInShell({ session }: { session: Session }) {
  const queryClient = useQueryClient();
  const current = useCurrentAgreement();
  const route = parseRoute(useLocation());
  const user = session.user;
  // The app shell wires features together: the live feature delivers events,
  // each feature decides how they land in the query cache.
  const liveHandlers = useMemo<LiveEventHandlers>(
    () => combineHandlers(incidentLiveHandlers(queryClient), agreementLiveHandlers(queryClient), hotlineLiveHandlers(queryClient)),
    [queryClient],
  );

  // The start screen of the role; also after signing in on an address another role had open.
  // The hotline stays put for the roles that do not see it: the screen says why, rather than vanishing.
  const misplaced = route.name === 'landing' || (!canOpen(route, user.role) && route.name !== 'hotline');
  useEffect(() => {
    if (misplaced) navigate(landingPath(user), { replace: true });
  }, [misplaced, user]);

  const shell = (
    <LiveConnectionProvider>
      <LiveEventsEffect
        token={session.accessToken}
        handlers={liveHandlers}
        onResync={() => void Promise.all([refetchIncidentLists(queryClient), refetchHotlineSummaries(queryClient)])}
        onUnauthorized={() => sessionStore.end('expired')}
      />
      <div className="app-shell">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <TopBar agreement={current.agreement} />
        {current.agreement && <AgreementHeader agreement={current.agreement} />}
        <NavBar items={navItemsFor(user)} current={route.name} />
        <main id="main" className="app-main" tabIndex={-1}>
          {current.agreement ? (
            <Suspense fallback={<StatusMessage>Loading…</StatusMessage>}>
              <Screen route={route} agreement={current.agreement} user={user} />
            </Suspense>
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
  // Roles that file reports carry their device's outbox through every screen, so it empties whatever is open.
  if (!ROUTE_ROLES.file.includes(user.role)) return shell;
  return (
    <OutboxProvider userId={user.id} onAccepted={(incident) => writeIncidentToCache(queryClient, incident)}>
      <OutboxEffect />
      {shell}
    </OutboxProvider>
  );
}

function Screen({ route, agreement, user }: { route: Route; agreement: AgreementView; user: AuthUser }) {
  if (route.name === 'hotline' && !canOpen(route, user.role)) {
    return (
      <div className="screen">
        <ScreenHeader title="Hotline" />
        <StatusMessage action={{ label: 'Go to my start screen', onClick: () => navigate(landingPath(user)) }}>
          The hotline is between the guarantors' militaries: only the officers of a channel's guarantors see it (and administrators, who read
          it). It is not shown to {user.role}s.
        </StatusMessage>
      </div>
    );
  }
  if (!canOpen(route, user.role)) {
    return (
      <StatusMessage action={{ label: 'Go to my start screen', onClick: () => navigate(landingPath(user)) }}>
        This screen is not part of your role's work.
      </StatusMessage>
    );
  }
  switch (route.name) {
    case 'landing':
      return null;
    case 'operations':
      return <OperationsScreen agreement={agreement} user={user} />;
    case 'queue':
      return <QueueScreen agreement={agreement} user={user} />;
    case 'report':
      return <ReportScreen key={route.id} id={route.id} agreement={agreement} user={user} />;
    case 'file':
      return <FileScreen agreement={agreement} user={user} />;
    case 'review':
      return <ReviewScreen agreement={agreement} user={user} state={route.state} />;
    case 'map':
      return <MapScreen agreement={agreement} focus={route.focus} />;
    case 'hotline':
      return <HotlineScreen agreement={agreement} user={user} channel={route.channel} />;
    case 'analysis':
      return <AnalysisScreen agreement={agreement} search={route.search} />;
    case 'admin':
      return <AdminScreen agreement={agreement} user={user} section={route.section} />;
    case 'not-found':
      return (
        <StatusMessage action={{ label: 'Go to my start screen', onClick: () => navigate(landingPath(user)) }}>
          There is no screen at {route.path}.
        </StatusMessage>
      );
  }
}
