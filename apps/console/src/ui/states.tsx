import type { ReactNode } from 'react';
import { ApiError, SERVER_UNREACHABLE } from '../api/client';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

/** A list as it loads: what went wrong (with a retry), "Loading…", the wording for none, or the items. */
export function ListOf<T>({
  what,
  items,
  error,
  retry,
  none,
  children,
}: {
  what: string;
  items: T[] | undefined;
  error: unknown;
  retry: () => void;
  none: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  if (error) return <ErrorState error={error} retry={retry} />;
  if (!items) return <Loading what={what} />;
  if (items.length === 0) return <Empty>{none}</Empty>;
  return children(items);
}

/** What went wrong, in words a reader can act on, with the server's stable code for support. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  const e = error instanceof ApiError ? error : undefined;
  let title = 'Something went wrong';
  let advice = e?.detail ?? (error instanceof Error ? error.message : String(error));
  if (e?.code === SERVER_UNREACHABLE) {
    title = 'The server does not answer';
    advice = 'The Accord API may be down or restarting. Try again in a moment.';
  } else if (e?.status === 401) {
    title = 'Your session has ended';
    advice = 'Your token expired or was refused. Sign in again.';
  } else if (e?.status === 403) {
    title = 'Not allowed';
    advice = e.detail ?? 'Your role does not allow this.';
  } else if (e?.status === 404) {
    title = 'Not found';
    advice = 'It does not exist, or your organisation is not party to it.';
  } else if (e?.status === 503) {
    title = 'Temporarily unavailable';
  }
  return (
    <div className="state error" role="alert">
      <h2>{title}</h2>
      <p>{advice}</p>
      {e && <p className="muted small">Code: {e.code}</p>}
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge status-${status}`}>{status}</span>;
}
