import { useEffect } from 'react';
import { useSession } from '../features/auth/session-store';
import { AppProvider, queryClient } from './provider';
import { SignedInShell } from './screens/signed-in-shell';
import { SignInScreen } from './screens/sign-in-screen';

export function App() {
  return (
    <AppProvider>
      <Screens />
    </AppProvider>
  );
}

/** The session decides between the sign-in form and the signed-in shell, whose router picks the screen. */
function Screens() {
  const session = useSession();

  useEffect(() => {
    // After the signed-in screen has unmounted, so nothing refetches what is dropped:
    // no data fetched for one user may show to the next one in this tab.
    if (!session) queryClient.clear();
  }, [session]);

  // Keyed by user: a different user starts from a fresh screen and a fresh socket.
  return session ? <SignedInShell key={session.user.id} session={session} /> : <SignInScreen />;
}
