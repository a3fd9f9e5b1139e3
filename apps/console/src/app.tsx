import { useEffect, useMemo, useState } from 'react';
import { ApiClient, requestJson } from './api/client';
import { LiveFeed, LiveStatus } from './api/live-feed';
import { AppContext, useApp } from './app-context';
import { completeOidcSignIn, OidcSettings } from './auth/oidc';
import { isExpired, loadSession, readsAccountability, saveSession, Session, sessionFromToken } from './auth/session';
import { SignInPage } from './auth/sign-in.page';
import { href, isPublicRoute, Route, useRoute } from './router';
import { ReadinessBanner } from './ui/readiness-banner';
import { WebhookNotice } from './ui/webhook-notice';
import { Empty } from './ui/states';
import { AccountabilityPage } from './views/accountability.page';
import { DecisionPage } from './views/decision.page';
import { MeetingPage } from './views/meeting.page';
import { PartnershipPage } from './views/partnership.page';
import { PartnershipsPage } from './views/partnerships.page';
import { PublicRegisterPage, PublicRegistersPage } from './views/public-register.page';

const EXPIRED = 'Your session has ended (the token expired or was refused). Sign in again.';

export function App() {
  const [session, setSession] = useState<Session | undefined>(() => loadSession());
  const [notice, setNotice] = useState<string>();
  const [completing, setCompleting] = useState(
    () => new URLSearchParams(location.search).has('code') || new URLSearchParams(location.search).has('error'),
  );

  const route = useRoute();

  const signIn = (next: Session | undefined, message?: string) => {
    saveSession(next);
    setSession(next);
    setNotice(message);
  };

  useEffect(() => {
    if (!completing) return;
    requestJson<{ oidc: OidcSettings | null }>('/v1/console/config')
      .then((config) => (config.oidc ? completeOidcSignIn(config.oidc) : undefined))
      .then((token) => token && signIn(sessionFromToken(token, 'oidc')))
      .catch((err: Error) => setNotice(err.message))
      .finally(() => setCompleting(false));
  }, [completing]);

  if (completing) return <p className="state">Completing sign-in…</p>;
  if (isPublicRoute(route))
    return (
      <Shell>
        {route.name === 'public' ? <PublicRegistersPage /> : <PublicRegisterPage key={route.id} id={route.id} />}
      </Shell>
    );
  if (!session || isExpired(session)) {
    return (
      <Shell>
        <SignInPage onSignedIn={(s) => signIn(s)} notice={notice ?? (session ? EXPIRED : undefined)} />
      </Shell>
    );
  }
  return <SignedIn key={session.token} session={session} onSignOut={(message) => signIn(undefined, message)} />;
}

function SignedIn({ session, onSignOut }: { session: Session; onSignOut: (message?: string) => void }) {
  const value = useMemo(() => {
    const api = new ApiClient({ token: session.token, onSignedOut: () => onSignOut(EXPIRED) });
    const feed = new LiveFeed(session.token, () => onSignOut(EXPIRED));
    return { session, api, feed };
    // A new token makes a new client and feed (the component is keyed by the token).
  }, [session]);
  useEffect(() => {
    let stopped = false;
    // Follow the log from its current end: views load what is there, the feed brings what comes.
    fetch('/health/feeds')
      .then((r) => r.json() as Promise<{ head?: number }>)
      .catch(() => ({ head: undefined }))
      .then(({ head }) => !stopped && value.feed.start(head ?? 0));
    // Sign out when the token expires, not at the next click.
    const timer = session.expiresAt
      ? setTimeout(() => onSignOut(EXPIRED), Math.max(0, session.expiresAt * 1000 - Date.now()))
      : undefined;
    return () => {
      stopped = true;
      value.feed.stop();
      if (timer) clearTimeout(timer);
    };
  }, [value, session, onSignOut]);
  return (
    <AppContext.Provider value={value}>
      <Shell
        header={
          <>
            <Header onSignOut={() => onSignOut()} />
            <WebhookNotice />
          </>
        }
      >
        <Page route={useRoute()} />
      </Shell>
    </AppContext.Provider>
  );
}

function Page({ route }: { route: Route }) {
  useEffect(() => {
    // Move focus to the new page's heading so screen readers announce the navigation.
    const heading = document.querySelector<HTMLElement>('main h1');
    heading?.setAttribute('tabindex', '-1');
    heading?.focus();
  }, [route]);
  switch (route.name) {
    case 'partnerships':
      return <PartnershipsPage />;
    case 'partnership':
      return (
        <PartnershipPage
          key={`${route.id}:${route.asOf ?? ''}:${route.at ?? ''}`}
          id={route.id}
          tab={route.tab}
          asOf={route.asOf}
          at={route.at}
        />
      );
    case 'decision':
      return <DecisionPage key={route.id} id={route.id} asOf={route.asOf} at={route.at} />;
    case 'meeting':
      return <MeetingPage key={route.id} id={route.id} />;
    case 'accountability':
      return <AccountabilityPage orgId={route.orgId} />;
    default:
      return (
        <section>
          <h1 tabIndex={-1}>Not found</h1>
          <Empty>
            There is no such page. <a href={href({ name: 'partnerships' })}>Back to partnerships</a>
          </Empty>
        </section>
      );
  }
}

function Header({ onSignOut }: { onSignOut: () => void }) {
  const { session, feed } = useApp();
  const [status, setStatus] = useState<LiveStatus>(feed.status);
  useEffect(() => {
    // The feed may have connected between the first render and this subscription.
    setStatus(feed.status);
    return feed.onStatus(setStatus);
  }, [feed]);
  return (
    <header className="top">
      <a className="brand" href={href({ name: 'partnerships' })}>
        Accord
      </a>
      <nav aria-label="Main">
        <a href={href({ name: 'partnerships' })}>Partnerships</a>
        {readsAccountability(session) && <a href={href({ name: 'accountability' })}>Accountability</a>}
      </nav>
      <span className={`live live-${status}`} role="status" aria-live="polite" data-live={status}>
        {status === 'live' ? '● Live' : status === 'reconnecting' ? '○ Reconnecting…' : '○ Connecting…'}
      </span>
      <span className="who">
        {session.personId} · {session.orgId}
        {session.roles.length > 0 ? ` · ${session.roles.join(', ')}` : ''}
      </span>
      <button type="button" className="secondary" onClick={onSignOut}>
        Sign out
      </button>
    </header>
  );
}

function Shell({ header, children }: { header?: React.ReactNode; children: React.ReactNode }) {
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      {header}
      <ReadinessBanner />
      <main id="main">{children}</main>
    </>
  );
}
