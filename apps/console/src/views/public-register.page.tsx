import { useEffect, useState } from 'react';
import type {
  PublicDecision,
  PublicForwardPlanEntry,
  PublicNotice,
  PublicPage,
  PublicPartnershipList,
  PublicPerson,
} from '@accord/contracts';
import { requestJson } from '../api/client';
import { href } from '../router';
import { formatDate, formatPence, humanise } from '../ui/format';
import { Empty, ErrorState, Loading, StatusBadge } from '../ui/states';

/** One public answer, fetched without a token (the public register needs no sign-in). */
function usePublic<T>(path: string): { data?: T; error?: unknown; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: unknown }>({});
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState({});
    requestJson<T>(path, { signal: controller.signal })
      .then((data) => setState({ data }))
      .catch((error: unknown) => !controller.signal.aborted && setState({ error }));
    return () => controller.abort();
  }, [path, attempt]);
  return { ...state, reload: () => setAttempt((n) => n + 1) };
}

/** Partnerships under council procedure, each keeping a public register. */
export function PublicRegistersPage() {
  const list = usePublic<PublicPartnershipList>('/v1/public/partnerships');
  return (
    <section aria-labelledby="public-heading">
      <h1 id="public-heading">Public registers</h1>
      <p className="muted">Decisions, decision notices and forward plans published under council procedure.</p>
      {list.error ? (
        <ErrorState error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="public registers" />
      ) : list.data.items.length === 0 ? (
        <Empty>No partnership keeps a public register yet.</Empty>
      ) : (
        <ul className="cards" aria-label="Public registers">
          {list.data.items.map((p) => (
            <li key={p.partnershipId} className="card">
              <h2>
                <a href={href({ name: 'public-register', id: p.partnershipId })}>{p.title}</a>
              </h2>
              <p>{p.parties.map((party) => party.name).join(', ')}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** One partnership's public register: forward plan, decision notices, decisions and call-in state. */
export function PublicRegisterPage({ id }: { id: string }) {
  const base = `/v1/public/partnerships/${encodeURIComponent(id)}`;
  const plan = usePublic<PublicPage<PublicForwardPlanEntry>>(`${base}/forward-plan`);
  const notices = usePublic<PublicPage<PublicNotice>>(`${base}/decision-notices`);
  const decisions = usePublic<PublicPage<PublicDecision>>(`${base}/decisions`);
  const partnership = plan.data?.partnership;
  return (
    <section aria-labelledby="register-heading">
      <h1 id="register-heading">{partnership ? `${partnership.title}: public register` : 'Public register'}</h1>
      <p>
        <a href={href({ name: 'public' })}>All public registers</a> ·{' '}
        <a href={`${base}/register.atom`} type="application/atom+xml">
          Atom feed
        </a>
      </p>
      <h2 id="plan-heading">Forward plan</h2>
      {plan.error ? (
        <ErrorState error={plan.error} retry={plan.reload} />
      ) : !plan.data ? (
        <Loading what="the forward plan" />
      ) : plan.data.items.length === 0 ? (
        <Empty>Nothing on the forward plan.</Empty>
      ) : (
        <table aria-labelledby="plan-heading">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Decision maker</th>
              <th scope="col">Expected</th>
              <th scope="col">Documents</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {plan.data.items.map((e) => (
              <tr key={e.decisionId}>
                <td>
                  {e.item}
                  {e.key && <span className="badge"> key decision</span>}
                </td>
                <td>{e.decisionMaker}</td>
                <td>{formatDate(e.expectedDate)}</td>
                <td>{e.documents.join('; ')}</td>
                <td>
                  <StatusBadge status={e.status} />
                  {e.keyDecision && <span className="muted small"> on {humanise(e.keyDecision)}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Decision notices</h2>
      {notices.error ? (
        <ErrorState error={notices.error} retry={notices.reload} />
      ) : !notices.data ? (
        <Loading what="decision notices" />
      ) : notices.data.items.length === 0 ? (
        <Empty>No decision notice published yet.</Empty>
      ) : (
        <ul className="cards" aria-label="Decision notices">
          {notices.data.items.map((n) => (
            <li key={n.decisionId} className="card">
              <h3>{n.title}</h3>
              <p>
                <StatusBadge status={n.decision} /> on {formatDate(n.decidedAt)}: {n.statement}
              </p>
              <ul>
                {n.reasons.map((r) => (
                  <li key={`r:${r}`}>Reason: {r}</li>
                ))}
                {n.alternativesRejected.map((a) => (
                  <li key={`a:${a}`}>Alternative rejected: {a}</li>
                ))}
                {n.interests.map((i, k) => (
                  <li key={`i:${k}`}>
                    Interest declared by {person(i.member)}
                    {i.dispensationGrantedBy && `; dispensation granted by ${person(i.dispensationGrantedBy)}`}
                  </li>
                ))}
              </ul>
              <p className="muted small">
                {n.callInUntil && `May be called in until ${formatDate(n.callInUntil)}. `}
                {n.callInExemptReason && `Exempt from call-in: ${n.callInExemptReason}. `}
                Published by {person(n.publishedBy)}.
              </p>
            </li>
          ))}
        </ul>
      )}
      <h2 id="decisions-heading">Decisions</h2>
      {decisions.error ? (
        <ErrorState error={decisions.error} retry={decisions.reload} />
      ) : !decisions.data ? (
        <Loading what="decisions" />
      ) : decisions.data.items.length === 0 ? (
        <Empty>No decision published yet.</Empty>
      ) : (
        <table aria-labelledby="decisions-heading">
          <thead>
            <tr>
              <th scope="col">Decision</th>
              <th scope="col">Status</th>
              <th scope="col">Value</th>
              <th scope="col">Call-in</th>
              <th scope="col">Implemented</th>
            </tr>
          </thead>
          <tbody>
            {decisions.data.items.map((d) => (
              <tr key={d.decisionId}>
                <td>{d.title}</td>
                <td>
                  <StatusBadge status={d.status} />
                </td>
                <td>{d.valuePence === null ? '—' : formatPence(d.valuePence)}</td>
                <td>{callInState(d)}</td>
                <td>{d.implementedAt ? formatDate(d.implementedAt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function person(p: PublicPerson): string {
  return [p.name ?? 'a member', p.role, p.organisation].filter(Boolean).join(', ');
}

function callInState(d: PublicDecision): string {
  const c = d.callIn;
  if (c.reconsideredAt) return `Called in, ${humanise(c.scrutinyOutcome ?? '')}, confirmed by the board`;
  if (c.scrutinyOutcome) return `Called in: ${humanise(c.scrutinyOutcome)}`;
  if (c.calledInAt) return 'Called in, awaiting scrutiny';
  if (c.until) return `Open to call-in until ${formatDate(c.until)}`;
  return '—';
}
