import type { DecisionCallIn, TrailLine } from '../api/types';
import { useApp, useLiveUpdates, useResource } from '../app-context';
import { formatDate, londonDate } from '../ui/format';
import { Instant } from '../ui/instant';
import { ErrorState, Loading } from '../ui/states';
import { callInRunning, CouncilOffices, SCRUTINY_OUTCOMES } from './call-in-steps';
import { CallInStepControls, ReasonForm } from './call-in-steps.view';

/** The events of a decision's call-in, whose audit lines say who did what, why and when. */
export const CALL_IN_EVENTS = [
  'CallInRequested',
  'DecisionCalledIn',
  'ScrutinyOutcomeRecorded',
  'DecisionReconsidered',
  'DecisionImplemented',
];

/**
 * Where an approved decision stands in call-in: the period and its last day, each scrutiny member
 * who asked and why, scrutiny's outcome, the board's reconsideration, implementation. A member
 * the ledger grants the scrutiny role gets the way to call it in while the period runs, and the
 * holders of `offices` the steps after it that are theirs; anyone else is only told (the API
 * refuses them too). `record`, the audit lines of those events, says who asked and why in full
 * where the page has them.
 */
export function CallInPanel({
  decision: d,
  title,
  offices,
  record,
  onChanged,
  past = false,
}: {
  decision: DecisionCallIn;
  title: string;
  offices: CouncilOffices | undefined;
  record?: TrailLine[];
  onChanged: (position: number) => void;
  /** Shown as it stood at another time: no control, since an act would apply to the decision as it is now. */
  past?: boolean;
}) {
  const { session } = useApp();
  const requests = Object.values(d.callInRequests);
  const running = callInRunning(d, londonDate(new Date()));
  const asked = d.callInRequests[session.personId] !== undefined;
  const scrutiny = session.roles.includes('scrutiny');
  return (
    <div className="call-in" data-call-in={d.decisionId}>
      <p>
        <strong>Call-in: </strong>
        {d.callInUntil === undefined ? (
          d.keyDecision === 'special-urgency' ? (
            `exempt, taken on special urgency (${d.specialUrgencyReason ?? 'no reason recorded'}).`
          ) : d.noticePublishedAt === undefined ? (
            'the period starts when the decision notice is published.'
          ) : (
            'not subject to call-in.'
          )
        ) : d.calledInAt !== undefined ? (
          <>
            called in <Instant iso={d.calledInAt} />
            {d.scrutinyOutcome
              ? `; scrutiny: ${SCRUTINY_OUTCOMES[d.scrutinyOutcome]}.`
              : ', awaiting the scrutiny committee.'}
            {d.scrutinyOutcome === 'referred-back' &&
              d.reconsideredAt === undefined &&
              ' Awaiting the board’s reconsideration.'}
          </>
        ) : running ? (
          `open until the end of ${formatDate(d.callInUntil)}${requests.length > 0 ? '; asked, not yet called in.' : '.'}${scrutiny ? '' : ' Members granted the scrutiny role may call it in.'}`
        ) : d.callInEndedAt !== undefined ? (
          <>
            the period ended <Instant iso={d.callInEndedAt} /> without a call-in.
          </>
        ) : (
          `the period’s last day, ${formatDate(d.callInUntil)}, has passed without a call-in; the ledger has not yet recorded its end.`
        )}
        {d.reconsideredAt && (
          <>
            {' '}
            The board reconsidered and confirmed it <Instant iso={d.reconsideredAt} />.
          </>
        )}
        {d.implementedAt && (
          <>
            {' '}
            Implemented <Instant iso={d.implementedAt} />.
          </>
        )}
      </p>
      {record
        ? record.length > 0 && (
            <ol className="audit-lines" aria-label={`Call-in record: ${title}`}>
              {record.map((l) => (
                <li key={l.position} data-record={l.type}>
                  {l.line}
                </li>
              ))}
            </ol>
          )
        : requests.length > 0 && (
            <ul aria-label={`Call-in requests: ${title}`}>
              {requests.map((r) => (
                <li key={r.personId} data-call-in-request={r.personId}>
                  {r.personId} ({r.orgId}) asked for a call-in: “{r.reason}”
                </li>
              ))}
            </ul>
          )}
      {!past && running && scrutiny && !asked && (
        <ReasonForm
          decisionId={d.decisionId}
          act="call-in"
          label="Why should scrutiny look at it again?"
          wording={{
            name: `Call in ${title}`,
            note: `As a member of scrutiny you may ask until the end of ${formatDate(d.callInUntil as string)}. Your request and its reasons are recorded permanently in your name; the decision cannot be implemented while a call-in waits.`,
            submit: 'Call in',
            sending: 'Calling in…',
            refused: 'Not called in',
          }}
          onChanged={onChanged}
        />
      )}
      {!past && <CallInStepControls decision={d} title={title} offices={offices} onChanged={onChanged} />}
    </div>
  );
}

/** The call-in panel of one decision, loaded on its own and kept current from the live feed. */
export function CallInOf({
  decisionId,
  title,
  offices,
}: {
  decisionId: string;
  title: string;
  offices: CouncilOffices | undefined;
}) {
  const path = `/v1/decisions/${encodeURIComponent(decisionId)}`;
  const decision = useResource(path, (api, signal) => api.get<DecisionCallIn>(path, signal));
  useLiveUpdates((e) => e.data?.decisionId === decisionId, decision.reload);
  if (decision.error) return <ErrorState error={decision.error} retry={decision.reload} />;
  if (!decision.data) return <Loading what="the call-in" />;
  return <CallInPanel decision={decision.data} title={title} offices={offices} onChanged={decision.reload} />;
}
