import { useRef, useState } from 'react';
import { mergeTimeline } from '../api/timeline-delta';
import type { PartnershipTimeline, TimelineDelta } from '../api/types';
import { useLiveUpdates, useResource } from '../app-context';
import { type Clocks, href, type PartnershipTab } from '../router';
import { BOTH_CLOCKS, ClockPicker, ClocksBanner } from '../ui/clock-picker';
import { ErrorState, Loading, StatusBadge } from '../ui/states';
import { VerifyPanel } from '../verify/verify-panel';
import { ApprovalsMatrix } from './approvals-matrix.view';
import { CouncilProcedureView } from './council-procedure.view';
import { MeetingsList } from './meeting.page';
import { TimelineView } from './timeline.view';

/**
 * One partnership: its timeline or its approvals matrix, now (live) or on the two clocks of its
 * URL (replayed from the log by the server; live updates pause while looking at the past), or its
 * council procedure as it stands now.
 */
export function PartnershipPage({ id, tab, ...asked }: { id: string; tab: PartnershipTab } & Clocks) {
  // The forward plan and notices are read as they stand: no instant applies to them.
  const { asOf, at } = tab === 'council' ? {} : asked;
  const past = asOf !== undefined || at !== undefined;
  const [minPosition, setMinPosition] = useState(0);
  const query = new URLSearchParams({
    ...(asOf ? { asOf } : {}),
    ...(at ? { at } : {}),
    ...(minPosition > 0 ? { minPosition: String(minPosition) } : {}),
  }).toString();
  // The current timeline last shown: a live refetch asks only for what changed since its version.
  const current = useRef<PartnershipTimeline | undefined>(undefined);
  const timeline = useResource(`${id}?${query}`, async (api, signal) => {
    const held = !past && current.current?.partnershipId === id ? current.current : undefined;
    const params = new URLSearchParams(query);
    if (held?.version) params.set('since', held.version);
    const search = params.toString();
    const answer = await api.get<PartnershipTimeline | TimelineDelta>(
      `/v1/partnerships/${encodeURIComponent(id)}/timeline${search ? `?${search}` : ''}`,
      signal,
    );
    const shown = mergeTimeline(held, answer);
    if (!past) current.current = shown;
    return shown;
  });
  // An erasure reaches this partnership's parties on the feed without naming it: refetch, so a
  // value it erased is not left on screen (the API answers the whole timeline while one is shown).
  useLiveUpdates((e) => e.data?.partnershipId === id || e.type === 'PersonalDataErased', setMinPosition, !past);

  const show = (clocks: Clocks) => {
    location.hash = href({ name: 'partnership', id, tab, ...clocks });
  };

  return (
    <section aria-labelledby="partnership-heading">
      <p className="breadcrumb">
        <a href={href({ name: 'partnerships' })}>Partnerships</a>
      </p>
      <h1 id="partnership-heading">{timeline.data?.title ?? id}</h1>
      {timeline.data && (
        <p>
          <StatusBadge status={timeline.data.status} /> ·{' '}
          {timeline.data.parties.map((p) => p.name ?? p.organisationId).join(' · ')}
        </p>
      )}
      <div className="toolbar">
        <nav aria-label="Partnership views" className="tabs">
          <a
            href={href({ name: 'partnership', id, tab: 'timeline', asOf, at })}
            aria-current={tab === 'timeline' ? 'page' : undefined}
          >
            Timeline
          </a>
          <a
            href={href({ name: 'partnership', id, tab: 'approvals', asOf, at })}
            aria-current={tab === 'approvals' ? 'page' : undefined}
          >
            Approvals matrix
          </a>
          <a
            href={href({ name: 'partnership', id, tab: 'council' })}
            aria-current={tab === 'council' ? 'page' : undefined}
          >
            Council procedure
          </a>
        </nav>
        {tab !== 'council' && <ClockPicker fields={BOTH_CLOCKS} clocks={{ asOf, at }} onShow={show} />}
      </div>
      <ClocksBanner what="the partnership" clocks={{ asOf, at }} onBack={() => show({})} />
      {timeline.error ? (
        <ErrorState error={timeline.error} retry={timeline.reload} />
      ) : !timeline.data ? (
        <Loading what="the partnership" />
      ) : tab === 'council' ? (
        <CouncilProcedureView partnershipId={id} decisions={timeline.data.decisions} />
      ) : (
        <>
          {tab === 'timeline' ? (
            <TimelineView timeline={timeline.data} />
          ) : (
            <ApprovalsMatrix timeline={timeline.data} live={!past} onChanged={setMinPosition} />
          )}
          <MeetingsList partnershipId={id} />
          <VerifyPanel scope={{ kind: 'partnership', id, upTo: timeline.data.position }} />
        </>
      )}
    </section>
  );
}
