import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ApiClient } from './api/client';
import type { LiveFeed } from './api/live-feed';
import { LivePacing } from './api/live-pacing';
import type { FeedEvent } from './api/types';
import type { Session } from './auth/session';

export interface AppContextValue {
  session: Session;
  api: ApiClient;
  feed: LiveFeed;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside a signed-in app');
  return value;
}

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Loads with the signed-in client whenever `key` changes; a reload keeps the old data on screen meanwhile. */
export function useResource<T>(key: string, load: (api: ApiClient, signal: AbortSignal) => Promise<T>): Resource<T> {
  const { api } = useApp();
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    loadRef.current(api, controller.signal).then(
      (data) => setState({ data, loading: false }),
      (error: unknown) => {
        if ((error as Error).name !== 'AbortError') setState({ error, loading: false });
      },
    );
    return () => controller.abort();
  }, [api, key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/**
 * Calls `onChange` when the live feed brings an event that `matters` (300 ms later, or up to 2 s
 * while events keep coming: LivePacing), with the newest position, so a view can reload with
 * minPosition and see its own read model caught up.
 */
export function useLiveUpdates(
  matters: (event: FeedEvent) => boolean,
  onChange: (position: number) => void,
  enabled = true,
): void {
  const { feed } = useApp();
  const latest = useRef({ matters, onChange });
  latest.current = { matters, onChange };
  useEffect(() => {
    if (!enabled) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let newest = 0;
    const pacing = new LivePacing();
    const unsubscribe = feed.subscribe((event) => {
      if (!latest.current.matters(event)) return;
      newest = Math.max(newest, event.position);
      if (timer === undefined)
        timer = setTimeout(() => {
          timer = undefined;
          pacing.refetching(Date.now());
          latest.current.onChange(newest);
        }, pacing.waitFor(Date.now()));
    });
    return () => {
      unsubscribe();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [feed, enabled]);
}
