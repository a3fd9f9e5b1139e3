import { useState } from 'react';
import type { ApiClient } from '../api/client';
import type { Trail } from '../api/types';
import { useApp } from '../app-context';
import { Instant } from '../ui/instant';
import { ErrorState } from '../ui/states';
import { checkDecisionPage, checkDecisionPageDrawnAt, ShownDecision } from './page-check';
import { ShownEvent, verifyOnScreen, VerifyResult } from './verify-on-screen';

export type VerifyScope =
  | { kind: 'partnership'; id: string; upTo?: number }
  /** `shown`: what the page drew from its read model at `drawnAt`, re-derived from the proven events. */
  | { kind: 'decision'; id: string; shown?: ShownDecision; drawnAt?: number };

/** Every audit line of what the page shows (all pages of the trail, up to the position drawn). */
async function shownEvents(api: ApiClient, scope: VerifyScope): Promise<ShownEvent[]> {
  const base =
    scope.kind === 'partnership'
      ? `/v1/partnerships/${encodeURIComponent(scope.id)}/trail`
      : `/v1/decisions/${encodeURIComponent(scope.id)}/trail`;
  const out: ShownEvent[] = [];
  let after = 0;
  for (;;) {
    const page = await api.get<Trail>(`${base}?limit=1000&after=${after}`);
    out.push(
      ...page.lines.map((l) => ({ position: l.position, leafHash: l.leafHash, eventId: l.eventId, type: l.type })),
    );
    if (page.nextAfter === null) break;
    after = page.nextAfter;
  }
  const upTo = scope.kind === 'partnership' ? scope.upTo : undefined;
  return upTo === undefined ? out : out.filter((e) => e.position <= upTo);
}

/** "Verify": checks the events on screen against the signed checkpoint, in this browser. */
export function VerifyPanel({ scope }: { scope: VerifyScope }) {
  const { api } = useApp();
  const [state, setState] = useState<{
    running: boolean;
    progress?: [number, number];
    result?: VerifyResult;
    error?: unknown;
  }>({ running: false });
  const run = async () => {
    setState({ running: true });
    const start = performance.now();
    try {
      const shown = await shownEvents(api, scope);
      const proof = await verifyOnScreen(api, shown, (done, total) =>
        setState((s) => ({ ...s, progress: [done, total] })),
      );
      // Two user-timing measures from the click (devtools' Performance panel shows them, and
      // bench:console-verify reads them): the events proven, then the page re-derived from them.
      performance.measure('accord.verify.events', { start });
      const mismatch =
        proof.ok && scope.kind === 'decision' && scope.shown
          ? scope.drawnAt === undefined
            ? checkDecisionPage(scope.shown, proof.proven, proof.notYetSealed === 0)
            : checkDecisionPageDrawnAt(scope.shown, proof.proven, proof.notYetSealed === 0, scope.drawnAt)
          : undefined;
      const result: VerifyResult = mismatch
        ? {
            ok: false,
            reason: `${mismatch.field}: ${mismatch.reason}`,
            position: mismatch.position,
            checked: proof.checked,
          }
        : proof;
      performance.measure('accord.verify.page', { start });
      setState({ running: false, result });
    } catch (error) {
      setState({ running: false, error });
    }
  };
  const r = state.result;
  return (
    <section className="verify" aria-labelledby="verify-heading">
      <h2 id="verify-heading">Verify</h2>
      <p className="small">
        Checks in your browser, with SHA-256 and Ed25519, that every event behind this page is in the log under its
        signed checkpoint, byte for byte.
      </p>
      <button type="button" onClick={run} disabled={state.running}>
        {state.running ? 'Verifying…' : 'Verify this page'}
      </button>
      <div aria-live="polite" className="verify-status">
        {state.running && state.progress && (
          <p>
            Checked {state.progress[0]} of {state.progress[1]} events…
          </p>
        )}
        {r?.ok === true && (
          <p className="verdict ok" data-verdict="ok">
            ✓ Verified: {r.checked} events are in the signed log at tree size {r.treeSize}, checkpoint signed{' '}
            <Instant iso={r.checkpointAt} /> by {r.keyName}.
            {r.notYetSealed > 0 &&
              ` ${r.notYetSealed} newer event${r.notYetSealed === 1 ? ' is' : 's are'} not sealed in a checkpoint yet; verify again in a few seconds.`}
          </p>
        )}
        {r?.ok === true && r.cosignatures.length > 0 && (
          <ul className="cosignatures" aria-label="Witnesses">
            {r.cosignatures.map((c) => (
              <li key={c.vkey} data-cosignature={c.status}>
                {c.status === 'valid' ? (
                  <>
                    ✓ {c.organisationId}’s witness ({c.name}) cosigned this checkpoint <Instant iso={c.at} />
                  </>
                ) : c.status === 'missing' ? (
                  `✗ ${c.organisationId}’s witness (${c.name}) has not cosigned this checkpoint (yet)`
                ) : (
                  `✗ ${c.organisationId}’s witness (${c.name}): ${c.reason}`
                )}
              </li>
            ))}
          </ul>
        )}
        {r?.ok === false && (
          <p className="verdict failed" data-verdict="failed" role="alert">
            ✗ Verification failed{r.position !== undefined ? ` at position ${r.position}` : ''}: {r.reason}
          </p>
        )}
      </div>
      {state.error !== undefined && <ErrorState error={state.error} retry={run} />}
    </section>
  );
}
