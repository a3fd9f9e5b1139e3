import { useState } from 'react';
import type { DecisionNoticeView, ForwardPlanEntry, TimelineDecision } from '@accord/contracts';
import { useLiveUpdates, useResource } from '../app-context';
import { href } from '../router';
import { personalData } from '../ui/personal-data';
import { CallInOf } from './call-in.view';
import { useCouncilOffices } from './call-in-steps.view';
import { awaitingProcedure } from './council-acts';
import { NoticesSection } from './decision-notice.view';
import { ForwardPlanSection } from './forward-plan.view';

/**
 * A partnership's council procedure as its parties' people see it (DESIGN §1): what awaits it
 * among `decisions` (key drafts not on the forward plan, resolutions without their notice, each
 * linked to its page, where it is taken), the forward plan with who put each item on it, the
 * decision notices with the interests declared in full, and where each approved decision stands in
 * call-in, with the way to call it in for scrutiny members and the steps after it for those who
 * hold the offices that take them.
 */
export function CouncilProcedureView({
  partnershipId,
  decisions,
}: {
  partnershipId: string;
  decisions: TimelineDecision[];
}) {
  const [minPosition, setMinPosition] = useState(0);
  const query = minPosition > 0 ? `?minPosition=${minPosition}` : '';
  const base = `/v1/partnerships/${encodeURIComponent(partnershipId)}`;
  const plan = useResource(`${base}/forward-plan${query}`, (api, signal) =>
    api.get<{ entries: ForwardPlanEntry[] }>(`${base}/forward-plan${query}`, signal),
  );
  const notices = useResource(`${base}/decision-notices${query}`, (api, signal) =>
    api.get<{ notices: DecisionNoticeView[] }>(`${base}/decision-notices${query}`, signal),
  );
  const offices = useCouncilOffices(partnershipId, query);
  useLiveUpdates((e) => e.data?.partnershipId === partnershipId, setMinPosition);
  const awaiting =
    plan.data && notices.data && offices
      ? awaitingProcedure(
          decisions,
          offices,
          new Set(plan.data.entries.map((e) => e.decisionId)),
          new Set(notices.data.notices.map((n) => n.decisionId)),
        )
      : undefined;

  return (
    <>
      <p className="muted">
        What anyone may read of it without signing in is on the{' '}
        <a href={href({ name: 'public-register', id: partnershipId })}>public register</a>.
      </p>
      <ForwardPlanSection entries={plan.data?.entries} error={plan.error} retry={plan.reload} />
      <NoticesSection
        notices={notices.data?.notices}
        error={notices.error}
        retry={notices.reload}
        word={(n) => ({
          heading: <a href={href({ name: 'decision', id: n.decisionId })}>{n.title}</a>,
          interests: n.interests.map(
            (i) =>
              `${i.personId} (${i.orgId}) declared an interest: ${personalData(i.nature, undefined)}${i.dispensation ? `; dispensation granted by ${i.dispensation.grantedBy.personId}: ${personalData(i.dispensation.reason, undefined)}` : ''}`,
          ),
          publishedBy: n.publishedBy.personId,
          actions: n.decision === 'approved' && (
            <CallInOf decisionId={n.decisionId} title={n.title} offices={offices} />
          ),
        })}
      />
      {awaiting && awaiting.unplanned.length + awaiting.unnoticed.length > 0 && (
        <>
          <h2 id="awaiting-heading">Awaiting council procedure</h2>
          <p className="muted small">
            Each is taken from the decision’s own page: the forward plan, or an exception to it, by the drafter or a
            board member; the notice by any member of a party.
          </p>
          <ul aria-labelledby="awaiting-heading">
            {awaiting.unplanned.map((d) => (
              <li key={d.decisionId} data-awaiting={d.decisionId}>
                <a href={href({ name: 'decision', id: d.decisionId })}>{d.title}</a>: a key decision in draft, not on
                the forward plan.
              </li>
            ))}
            {awaiting.unnoticed.map((d) => (
              <li key={d.decisionId} data-awaiting={d.decisionId}>
                <a href={href({ name: 'decision', id: d.decisionId })}>{d.title}</a>: {d.status}, its decision notice
                not yet published.
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
