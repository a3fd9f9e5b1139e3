import type { PartnershipList } from '../api/types';
import { useLiveUpdates, useResource } from '../app-context';
import { href } from '../router';
import { Instant } from '../ui/instant';
import { Empty, ErrorState, Loading, StatusBadge } from '../ui/states';

/** The partnerships the person's organisation is party to (all of them, for an auditor). */
export function PartnershipsPage() {
  const list = useResource('partnerships', (api, signal) => api.get<PartnershipList>('/v1/partnerships', signal));
  useLiveUpdates((e) => e.streamId.startsWith('partnership-'), list.reload);
  return (
    <section aria-labelledby="partnerships-heading">
      <h1 id="partnerships-heading">Partnerships</h1>
      {list.error ? (
        <ErrorState error={list.error} retry={list.reload} />
      ) : !list.data ? (
        <Loading what="partnerships" />
      ) : list.data.items.length === 0 ? (
        <Empty>Your organisation is not party to any partnership yet.</Empty>
      ) : (
        <ul className="cards" aria-label="Partnerships">
          {list.data.items.map((p) => (
            <li key={p.partnershipId} className="card">
              <h2>
                <a href={href({ name: 'partnership', id: p.partnershipId, tab: 'timeline' })}>{p.title}</a>
              </h2>
              <p>
                <StatusBadge status={p.status} /> ·{' '}
                {p.parties.map((party) => party.name ?? party.organisationId).join(', ')}
              </p>
              <p className="muted small">
                Last change <Instant iso={p.updatedAt} />
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
