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
import { ListOf, StatusBadge } from '../ui/states';
import { NoticesSection } from './decision-notice.view';
import { ForwardPlanSection } from './forward-plan.view';

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
      <ListOf
        what="public registers"
        items={list.data?.items}
        error={list.error}
        retry={list.reload}
        none="No partnership keeps a public register yet."
      >
        {(items) => (
          <ul className="cards" aria-label="Public registers">
            {items.map((p) => (
              <li key={p.partnershipId} className="card">
                <h2>
                  <a href={href({ name: 'public-register', id: p.partnershipId })}>{p.title}</a>
                </h2>
                <p>{p.parties.map((party) => party.name).join(', ')}</p>
              </li>
            ))}
          </ul>
        )}
      </ListOf>
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
      <ForwardPlanSection entries={plan.data?.items} error={plan.error} retry={plan.reload} />
      <NoticesSection
        notices={notices.data?.items}
        error={notices.error}
        retry={notices.reload}
        word={(n) => ({
          heading: n.title,
          interests: n.interests.map(
            (i) =>
              `Interest declared by ${person(i.member)}${i.dispensationGrantedBy ? `; dispensation granted by ${person(i.dispensationGrantedBy)}` : ''}`,
          ),
          publishedBy: person(n.publishedBy),
        })}
      />
      <h2 id="decisions-heading">Decisions</h2>
      <ListOf
        what="decisions"
        items={decisions.data?.items}
        error={decisions.error}
        retry={decisions.reload}
        none="No decision published yet."
      >
        {(items) => (
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
              {items.map((d) => (
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
      </ListOf>
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
