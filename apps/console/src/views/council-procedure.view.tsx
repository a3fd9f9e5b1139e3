import { useState } from 'react';
import type { DecisionNoticeView, ForwardPlanEntry } from '@accord/contracts';
import { useLiveUpdates, useResource } from '../app-context';
import { href } from '../router';
import { personalData } from '../ui/personal-data';
import { CallInOf } from './call-in.view';
import { useCouncilOffices } from './call-in-steps.view';
import { NoticesSection } from './decision-notice.view';
import { ForwardPlanSection } from './forward-plan.view';

/**
 * A partnership's council procedure as its parties' people see it (DESIGN §1): the forward plan
 * with who put each item on it, the decision notices with the interests declared in full, and
 * where each approved decision stands in call-in, with the way to call it in for scrutiny members
 * and the steps after it for those who hold the offices that take them.
 */
export function CouncilProcedureView({ partnershipId }: { partnershipId: string }) {
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
  return (
    <>
      <p className="muted">
        What anyone may read of it without signing in is on the{' '}
        <a href={href({ name: 'public-register', id: partnershipId })}>public register</a>. A draft is put on the
        forward plan, an exception to it recorded and a decision notice published from the decision’s own page.
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
    </>
  );
}
