import { useEffect, useState } from 'react';

/**
 * Hash routes (`#/p/lambeth-homes/approvals?asOf=…`, `#/d/…?asOf=…&at=…`): the API serves one
 * index.html for the whole console, and a link can be shared or bookmarked with the view and the
 * instants it is shown at.
 */
export type Route =
  | { name: 'partnerships' }
  | ({ name: 'partnership'; id: string; tab: PartnershipTab } & Clocks)
  | ({ name: 'decision'; id: string } & Clocks)
  | { name: 'meeting'; id: string }
  | { name: 'accountability'; orgId?: string }
  | { name: 'public' }
  | { name: 'public-register'; id: string }
  | { name: 'not-found' };

/** The two clocks a page is shown at (DESIGN §5): as recorded on `asOf`, as it stood at `at`; absent, now. */
export interface Clocks {
  asOf?: string;
  at?: string;
}

/** The clocks a query string names, only those it names. */
const clocksOf = (params: URLSearchParams): Clocks => {
  const [asOf, at] = [params.get('asOf'), params.get('at')];
  return { ...(asOf ? { asOf } : {}), ...(at ? { at } : {}) };
};

/** `?asOf=…&at=…` for the clocks given, or nothing. */
export const clocksQuery = ({ asOf, at }: Clocks): string => {
  const query = new URLSearchParams({ ...(asOf ? { asOf } : {}), ...(at ? { at } : {}) }).toString();
  return query ? `?${query}` : '';
};

/** The views of a partnership: its timeline, its approvals matrix, its council procedure (forward plan, notices, call-in). */
export type PartnershipTab = 'timeline' | 'approvals' | 'council';

/** Pages anyone may read without signing in (the public register). */
export function isPublicRoute(route: Route): route is Extract<Route, { name: 'public' | 'public-register' }> {
  return route.name === 'public' || route.name === 'public-register';
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'partnerships' };
  if (parts[0] === 'p' && parts[1] && parts.length <= 3) {
    const tab =
      parts[2] === 'approvals' || parts[2] === 'council'
        ? parts[2]
        : parts[2] === undefined || parts[2] === 'timeline'
          ? 'timeline'
          : undefined;
    if (tab) return { name: 'partnership', id: parts[1], tab, ...clocksOf(params) };
  }
  if (parts[0] === 'd' && parts[1] && parts.length === 2)
    return { name: 'decision', id: parts[1], ...clocksOf(params) };
  if (parts[0] === 'm' && parts[1] && parts.length === 2) return { name: 'meeting', id: parts[1] };
  if (parts[0] === 'public' && parts.length === 1) return { name: 'public' };
  if (parts[0] === 'public' && parts[1] && parts.length === 2) return { name: 'public-register', id: parts[1] };
  if (parts[0] === 'accountability' && parts.length === 1)
    return { name: 'accountability', orgId: params.get('org') ?? undefined };
  return { name: 'not-found' };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'partnerships':
      return '#/';
    case 'partnership':
      return `#/p/${encodeURIComponent(route.id)}/${route.tab}${clocksQuery(route)}`;
    case 'decision':
      return `#/d/${encodeURIComponent(route.id)}${clocksQuery(route)}`;
    case 'meeting':
      return `#/m/${encodeURIComponent(route.id)}`;
    case 'accountability':
      return `#/accountability${route.orgId ? `?org=${encodeURIComponent(route.orgId)}` : ''}`;
    case 'public':
      return '#/public';
    case 'public-register':
      return `#/public/${encodeURIComponent(route.id)}`;
    default:
      return '#/';
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
