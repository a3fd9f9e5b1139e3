import { useEffect, useState } from 'react';

interface Readiness {
  code?: string;
  projections?: { name: string; position: number }[];
}

const EVERY_MS = 15_000;

/**
 * Says, on every page, when the server's read models have stopped at an event they cannot apply
 * (/health/ready answers `projection-failed`): what the views show is then out of date, and
 * people should know before they act on it.
 */
export function ReadinessBanner() {
  const [stopped, setStopped] = useState<Readiness['projections']>();
  useEffect(() => {
    let cancelled = false;
    const check = () =>
      fetch('/health/ready')
        .then((r) => r.json() as Promise<Readiness>)
        .then((body) => !cancelled && setStopped(body.code === 'projection-failed' ? body.projections : undefined))
        .catch(() => undefined);
    void check();
    const timer = setInterval(check, EVERY_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);
  if (!stopped || stopped.length === 0) return null;
  const position = Math.min(...stopped.map((p) => p.position));
  const names = stopped.map((p) => p.name).join(', ');
  return (
    <p className="banner" role="alert">
      {`What you see may be out of date: the server could not apply the event at position ${position} of the ledger (${names}). Views stay as they were before it until an operator fixes it.`}
    </p>
  );
}
