import { useState } from 'react';
import { refusalOf } from '../api/client';
import type { DecisionCallIn, TrailLine } from '../api/types';
import { useApp, useLiveUpdates, useResource } from '../app-context';
import { formatDate, londonDate } from '../ui/format';
import { Instant } from '../ui/instant';
import { ErrorState, Loading } from '../ui/states';

const OUTCOMES: Record<NonNullable<DecisionCallIn['scrutinyOutcome']>, string> = {
  'no-further-action': 'no further action',
  'referred-back': 'referred back to the board',
  'referred-to-council': 'referred to full council',
};

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
 * the ledger grants the scrutiny role gets the way to call it in while the period runs; anyone
 * else is only told (the API refuses them too). `record`, the audit lines of those events, says
 * who asked and why in full where the page has them.
 */
export function CallInPanel({
  decision: d,
  title,
  record,
  onChanged,
}: {
  decision: DecisionCallIn;
  title: string;
  record?: TrailLine[];
  onChanged: (position: number) => void;
}) {
  const { session } = useApp();
  const requests = Object.values(d.callInRequests);
  const running = d.callInUntil !== undefined && d.calledInAt === undefined && londonDate(new Date()) <= d.callInUntil;
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
            {d.scrutinyOutcome ? `; scrutiny: ${OUTCOMES[d.scrutinyOutcome]}.` : ', awaiting the scrutiny committee.'}
          </>
        ) : running ? (
          `open until the end of ${formatDate(d.callInUntil)}${requests.length > 0 ? '; asked, not yet called in.' : '.'}${scrutiny ? '' : ' Members granted the scrutiny role may call it in.'}`
        ) : (
          `the period ended on ${formatDate(d.callInUntil)} without a call-in.`
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
      {running && scrutiny && !asked && (
        <CallInForm decisionId={d.decisionId} title={title} until={d.callInUntil as string} onChanged={onChanged} />
      )}
    </div>
  );
}

/** A scrutiny member's request: with reasons, sent once however often it is clicked (one key per wording). */
function CallInForm({
  decisionId,
  title,
  until,
  onChanged,
}: {
  decisionId: string;
  title: string;
  until: string;
  onChanged: (position: number) => void;
}) {
  const { api, session } = useApp();
  const [reason, setReason] = useState('');
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [sending, setSending] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const fieldId = `call-in-reason-${decisionId}`;
  const send = async (e: React.FormEvent) => {
    e.preventDefault();
    setSending({ busy: true });
    try {
      const result = await api.post<{ position: number }>(
        `/v1/decisions/${encodeURIComponent(decisionId)}/call-in`,
        { reason: reason.trim() },
        `console:${session.personId}:${decisionId}:call-in:${key}`,
      );
      onChanged(result.position);
    } catch (err) {
      setSending({ busy: false, error: refusalOf(err) });
    }
  };
  return (
    <form className="panel" onSubmit={send} aria-label={`Call in ${title}`}>
      <label htmlFor={fieldId}>Why should scrutiny look at it again?</label>
      <textarea
        id={fieldId}
        value={reason}
        required
        rows={3}
        onChange={(e) => {
          setReason(e.target.value);
          setKey(crypto.randomUUID());
        }}
      />
      <p className="small muted">
        As a member of scrutiny you may ask until the end of {formatDate(until)}. Your request and its reasons are
        recorded permanently in your name; the decision cannot be implemented while a call-in waits.
      </p>
      <button type="submit" disabled={sending.busy || reason.trim() === ''}>
        {sending.busy ? 'Calling in…' : 'Call in'}
      </button>
      {sending.error && (
        <p className="error small" role="alert">
          Not called in: {sending.error}
        </p>
      )}
    </form>
  );
}

/** The call-in panel of one decision, loaded on its own and kept current from the live feed. */
export function CallInOf({ decisionId, title }: { decisionId: string; title: string }) {
  const path = `/v1/decisions/${encodeURIComponent(decisionId)}`;
  const decision = useResource(path, (api, signal) => api.get<DecisionCallIn>(path, signal));
  useLiveUpdates((e) => e.data?.decisionId === decisionId, decision.reload);
  if (decision.error) return <ErrorState error={decision.error} retry={decision.reload} />;
  if (!decision.data) return <Loading what="the call-in" />;
  return <CallInPanel decision={decision.data} title={title} onChanged={decision.reload} />;
}
