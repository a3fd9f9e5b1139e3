import { useState } from 'react';
import { refusalOf } from '../api/client';
import { personName, type PartnershipTimeline, type TimelineDecision } from '../api/types';
import { useApp } from '../app-context';
import { href } from '../router';
import { formatDuration, humanise } from '../ui/format';
import { Instant } from '../ui/instant';
import { Empty, StatusBadge } from '../ui/states';

type PartyCell = TimelineDecision['parties'][number];

/**
 * Decisions × parties: in each cell who signed off, when and under which authority, or what is
 * still awaited and how long it is overdue. Open decisions come first: they are the ones to act on.
 */
export function ApprovalsMatrix({
  timeline,
  live,
  onChanged,
}: {
  timeline: PartnershipTimeline;
  live: boolean;
  onChanged: (position: number) => void;
}) {
  const decisions = [...timeline.decisions].sort(
    (a, b) => Number(b.status === 'open') - Number(a.status === 'open') || b.draftedAt.localeCompare(a.draftedAt),
  );
  if (decisions.length === 0) return <Empty>No decisions yet.</Empty>;
  const now = live ? Date.now() : Date.parse(timeline.asOf);
  return (
    <div className="matrix-wrap" role="region" aria-labelledby="matrix-caption" tabIndex={0}>
      <table className="matrix">
        <caption id="matrix-caption">Approvals matrix: each decision’s sign-offs and votes by party</caption>
        <thead>
          <tr>
            <th scope="col">Decision</th>
            {timeline.parties.map((p) => (
              <th scope="col" key={p.organisationId}>
                {p.name ?? p.organisationId}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {decisions.map((d) => (
            <tr key={d.decisionId} data-decision={d.decisionId}>
              <th scope="row">
                <a href={href({ name: 'decision', id: d.decisionId })}>{d.title}</a>
                <div className="small">
                  <StatusBadge status={d.status} /> {humanise(d.approvalRule)}
                </div>
              </th>
              {d.parties.map((cell) => (
                <td key={cell.organisationId} data-party={cell.organisationId}>
                  <Cell decision={d} cell={cell} now={now} live={live} onChanged={onChanged} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Cell({
  decision,
  cell,
  now,
  live,
  onChanged,
}: {
  decision: TimelineDecision;
  cell: PartyCell;
  now: number;
  live: boolean;
  onChanged: (position: number) => void;
}) {
  const { session } = useApp();
  const bySignOff = decision.approvalRule === 'all-parties-sign-off';
  if (cell.signOff) {
    return (
      <div className="cell signed">
        <strong>Signed off</strong> by {personName(cell.signOff.by)}
        {cell.signOff.by.jobTitle ? ` (${cell.signOff.by.jobTitle})` : ''}, <Instant iso={cell.signOff.at} />
        <div className="small muted">Under {cell.signOff.authority.instrument}</div>
      </div>
    );
  }
  const votes = cell.votes.length > 0 && (
    <div className="small">Votes: {cell.votes.map((v) => `${personName(v.by)} ${v.stance}`).join(', ')}</div>
  );
  if (decision.status !== 'open') {
    return (
      <div className="cell">
        {bySignOff ? <span className="muted">No sign-off</span> : votes || <span className="muted">No votes</span>}
      </div>
    );
  }
  const closes = decision.closesAt ? Date.parse(decision.closesAt) : undefined;
  const overdue = closes !== undefined && closes <= now;
  const awaited = bySignOff
    ? 'Sign-off awaited'
    : cell.notVoted.length > 0
      ? `Votes awaited from ${cell.notVoted.map(personName).join(', ')}`
      : 'All board members voted';
  return (
    <div className={`cell ${overdue ? 'overdue' : 'awaited'}`}>
      <strong>{awaited}</strong>
      {closes !== undefined && (
        <div className="small">
          {overdue ? `Overdue by ${formatDuration(now - closes)}` : `Closes in ${formatDuration(closes - now)}`}
        </div>
      )}
      {votes}
      {live && bySignOff && cell.organisationId === session.orgId && (
        <SignOffButton decision={decision} onChanged={onChanged} />
      )}
    </div>
  );
}

/** Signing off is not undone by a click: ask once, then send with one Idempotency-Key for any retry. */
function SignOffButton({ decision, onChanged }: { decision: TimelineDecision; onChanged: (position: number) => void }) {
  const { api, session } = useApp();
  const [stage, setStage] = useState<'idle' | 'confirm' | 'sending'>('idle');
  const [error, setError] = useState<string>();
  const [key] = useState(() => `console:${session.personId}:${decision.decisionId}:sign-off:${crypto.randomUUID()}`);
  const send = async () => {
    setStage('sending');
    setError(undefined);
    try {
      const result = await api.post<{ position: number }>(
        `/v1/decisions/${encodeURIComponent(decision.decisionId)}/sign-offs`,
        {},
        key,
      );
      onChanged(result.position);
    } catch (err) {
      setError(refusalOf(err));
      setStage('idle');
    }
  };
  if (stage === 'confirm' || stage === 'sending') {
    return (
      <div className="confirm" role="group" aria-label="Confirm sign-off">
        <p className="small">
          Sign off for your organisation? This is recorded permanently, under your delegated authority.
        </p>
        <button type="button" onClick={send} disabled={stage === 'sending'}>
          {stage === 'sending' ? 'Signing off…' : 'Confirm sign-off'}
        </button>{' '}
        <button type="button" className="secondary" onClick={() => setStage('idle')} disabled={stage === 'sending'}>
          Cancel
        </button>
      </div>
    );
  }
  return (
    <>
      <button type="button" onClick={() => setStage('confirm')} aria-label={`Sign off: ${decision.title}`}>
        Sign off
      </button>
      {error && (
        <p className="error small" role="alert">
          Not signed off: {error}
        </p>
      )}
    </>
  );
}
