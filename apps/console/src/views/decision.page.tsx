import { useState } from 'react';
import {
  personName,
  type DecisionAct,
  type DecisionCallIn,
  type DecisionRecord,
  type ExemptItemView,
  type PersonView,
  type Trail,
} from '../api/types';
import { useLiveUpdates, useResource } from '../app-context';
import { type Clocks, href } from '../router';
import { BOTH_CLOCKS, ClockPicker, ClocksBanner } from '../ui/clock-picker';
import { formatPence, humanise } from '../ui/format';
import { Instant } from '../ui/instant';
import { personalData, withErasures } from '../ui/personal-data';
import { Empty, ErrorState, Loading, StatusBadge } from '../ui/states';
import { VerifyPanel } from '../verify/verify-panel';
import { CALL_IN_EVENTS, CallInPanel } from './call-in.view';
import { useCouncilOffices } from './call-in-steps.view';
import { CouncilProcedureSection, SupersedeForm } from './council-acts.view';
import { MeetingsList } from './meeting.page';

const person = (p?: PersonView) =>
  p
    ? `${personName(p)}${p.jobTitle ? `, ${p.jobTitle}` : ''}${p.organisationName ? `, ${p.organisationName}` : ''}`
    : 'someone';

/**
 * A decision's whole record: motion, amendments, votes with reasons, interests, sign-offs, outcome,
 * audit lines; now (live), or as it stood on the two clocks of its URL (replayed by the server;
 * live updates pause while looking at the past).
 */
export function DecisionPage({ id, asOf, at }: { id: string } & Clocks) {
  const [minPosition, setMinPosition] = useState(0);
  const past = asOf !== undefined || at !== undefined;
  const query = (extra: Record<string, string> = {}) => {
    const params = new URLSearchParams({
      ...(asOf ? { asOf } : {}),
      ...(at ? { at } : {}),
      ...(minPosition > 0 ? { minPosition: String(minPosition) } : {}),
      ...extra,
    }).toString();
    return params ? `?${params}` : '';
  };
  const path = `/v1/decisions/${encodeURIComponent(id)}`;
  const record = useResource(`${id}${query()}`, (api, signal) =>
    api.get<DecisionRecord>(`${path}/record${query()}`, signal),
  );
  const trail = useResource(`${id}${query()}:trail`, (api, signal) =>
    api.get<Trail>(`${path}/trail${query({ limit: '1000' })}`, signal),
  );
  // The exempt items come with the decision itself, opened or withheld for the caller by the API,
  // and so does where it stands in call-in.
  const state = useResource(`${id}${query()}:state`, (api, signal) =>
    api.get<DecisionCallIn & { exemptItems: Record<string, ExemptItemView> }>(`${path}${query()}`, signal),
  );
  const offices = useCouncilOffices(state.data?.partnershipId, query());
  useLiveUpdates((e) => e.data?.decisionId === id, setMinPosition, !past);
  const show = (clocks: Clocks) => {
    location.hash = href({ name: 'decision', id, ...clocks });
  };

  const controls = (
    <>
      <div className="toolbar">
        <ClockPicker fields={BOTH_CLOCKS} clocks={{ asOf, at }} onShow={show} />
      </div>
      <ClocksBanner what="the decision" clocks={{ asOf, at }} onBack={() => show({})} />
    </>
  );
  if (record.error)
    return (
      <>
        {controls}
        <ErrorState error={record.error} retry={record.reload} />
      </>
    );
  if (!record.data) return <Loading what="the decision" />;
  const d = record.data;
  const acts = (kinds: string[]) => d.acts.filter((a) => kinds.includes(a.kind));
  const amendments = trail.data?.lines.filter((l) => l.type === 'DecisionAmended') ?? [];
  return (
    <article aria-labelledby="decision-heading">
      <p className="breadcrumb">
        <a href={href({ name: 'partnerships' })}>Partnerships</a> ›{' '}
        <a href={href({ name: 'partnership', id: d.partnership.partnershipId, tab: 'approvals' })}>
          {d.partnership.title}
        </a>
      </p>
      <h1 id="decision-heading">{d.title}</h1>
      {controls}
      <p>
        <StatusBadge status={d.status} /> {d.category && humanise(d.category)}{' '}
        {d.valuePence ? `· ${formatPence(d.valuePence)}` : ''} · decided by {humanise(d.approvalRule)}
      </p>
      <dl className="facts">
        <dt>Opened</dt>
        <dd>
          <Instant iso={d.openedAt} />
        </dd>
        <dt>Closes</dt>
        <dd>
          <Instant iso={d.closesAt} />
        </dd>
        <dt>Resolved</dt>
        <dd>
          <Instant iso={d.resolvedAt} />
        </dd>
        <dt>Parties</dt>
        <dd>
          {d.parties
            .map(
              (p) =>
                `${p.name ?? p.organisationId}${d.approvalRule === 'all-parties-sign-off' ? (p.signedOff ? ' ✓ signed off' : ' — not signed off') : ''}`,
            )
            .join('; ')}
        </dd>
      </dl>
      <section aria-labelledby="motion-heading">
        <h2 id="motion-heading">Motion</h2>
        <blockquote>{d.motion}</blockquote>
        {amendments.length > 0 && (
          <>
            <h3>Amendments</h3>
            <ul>
              {amendments.map((a) => (
                <li key={a.position}>{a.line}</li>
              ))}
            </ul>
          </>
        )}
      </section>
      <ExemptItems items={Object.values(state.data?.exemptItems ?? {})} />
      <ActList
        title="Votes"
        acts={acts(['vote', 'vote-changed'])}
        render={(a) =>
          `${person(a.person)} ${a.kind === 'vote-changed' ? 'changed their vote to' : 'voted'} ${a.stance}${a.reason ? `: “${a.reason}”` : ''}`
        }
      />
      <ActList
        title="Interests and dispensations"
        acts={acts(['interest', 'dispensation'])}
        render={(a) =>
          a.kind === 'interest'
            ? `${person(a.person)} declared an interest: ${personalData(a.nature, a.erased)}`
            : `${person(a.person)} granted ${a.subject ? personName(a.subject) : 'a member'} a dispensation: ${personalData(a.reason, a.erased)}`
        }
      />
      <ActList
        title="Sign-offs"
        acts={acts(['sign-off', 'sign-off-withdrawn', 'sign-off-refused'])}
        render={(a) =>
          `${person(a.person)} ${a.kind === 'sign-off' ? 'signed off' : a.kind === 'sign-off-withdrawn' ? 'withdrew the sign-off' : 'refused sign-off'}${a.authority ? ` under ${a.authority.instrument}` : ''}${a.reason ? `: “${a.reason}”` : ''}`
        }
      />
      <section aria-labelledby="outcome-heading">
        <h2 id="outcome-heading">Outcome</h2>
        {d.outcome ? (
          <>
            <p>{d.outcome.statement}</p>
            {d.outcome.reasons.length > 0 && <p>Reasons: {d.outcome.reasons.join('; ')}.</p>}
            {d.outcome.alternativesRejected.length > 0 && (
              <p>Alternatives rejected: {d.outcome.alternativesRejected.join('; ')}.</p>
            )}
          </>
        ) : (
          <Empty>No outcome recorded yet.</Empty>
        )}
        {d.rescindedByDecisionId && (
          <p>
            Rescinded under{' '}
            <a href={href({ name: 'decision', id: d.rescindedByDecisionId })}>{d.rescindedByDecisionId}</a>.
          </p>
        )}
        {d.supersededBy && (
          <p>
            Superseded by <a href={href({ name: 'decision', id: d.supersededBy })}>{d.supersededBy}</a>.
          </p>
        )}
        {state.data && !past && (
          <SupersedeForm decision={state.data} title={d.title} offices={offices} onChanged={setMinPosition} />
        )}
      </section>
      {state.data && (
        <CouncilProcedureSection
          decision={state.data}
          title={d.title}
          offices={offices}
          onChanged={setMinPosition}
          past={past}
        />
      )}
      {state.data?.noticePublishedAt !== undefined && (
        <section aria-labelledby="call-in-heading">
          <h2 id="call-in-heading">Call-in</h2>
          <CallInPanel
            decision={state.data}
            title={d.title}
            offices={offices}
            record={trail.data?.lines.filter((l) => CALL_IN_EVENTS.includes(l.type))}
            onChanged={setMinPosition}
            past={past}
          />
        </section>
      )}
      <MeetingsList partnershipId={d.partnership.partnershipId} decisionId={id} />
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit lines</h2>
        {trail.error ? (
          <ErrorState error={trail.error} retry={trail.reload} />
        ) : !trail.data ? (
          <Loading what="the audit lines" />
        ) : (
          <ol className="audit-lines">
            {trail.data.lines.map((l) => (
              <li key={l.position} data-position={l.position}>
                <p>{withErasures(l.line, l.erased)}</p>
                <p className="mono small">
                  position {l.position} · leaf hash <span title={l.leafHash}>{l.leafHash.slice(0, 16)}…</span> ·
                  happened <Instant iso={l.occurredAt} /> · recorded <Instant iso={l.recordedAt} />
                </p>
              </li>
            ))}
          </ol>
        )}
      </section>
      {past ? (
        <p className="muted small">Verify checks the decision as it stands now: go back to now to verify it.</p>
      ) : (
        <VerifyPanel
          scope={{
            kind: 'decision',
            id,
            drawnAt: d.position,
            shown: {
              decisionId: id,
              title: d.title,
              status: d.status,
              parties: d.parties.map((p) => ({ organisationId: p.organisationId, signedOff: p.signedOff })),
              acts: d.acts.map((a) => ({
                eventId: a.eventId,
                kind: a.kind,
                personId: a.person?.personId,
                stance: a.stance,
                nature: a.nature,
              })),
              outcome: d.outcome ?? null,
            },
          }}
        />
      )}
    </article>
  );
}

/** Withheld parts say so honestly: which paragraph, why, and the commitment anyone can check a revealed value against. */
function ExemptItems({ items }: { items: ExemptItemView[] }) {
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="exempt-heading">
      <h2 id="exempt-heading">Exempt information</h2>
      <ul className="acts">
        {items.map((item) => (
          <li key={item.itemId} data-exempt-item={item.itemId}>
            {humanise(item.part)}:{' '}
            {item.value === '[withheld]' ? (
              <strong>withheld: Schedule 12A para {item.paragraph}</strong>
            ) : (
              <>
                {item.value} <span className="muted small">(exempt under Schedule 12A para {item.paragraph})</span>
              </>
            )}
            {item.declassifiedAt && (
              <>
                {' '}
                — declassified <Instant iso={item.declassifiedAt} />
              </>
            )}
            <br />
            <span className="muted small">
              {item.publicInterestReason} · commitment{' '}
              <span className="mono" title={item.commitment}>
                {item.commitment.slice(0, 16)}…
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ActList({
  title,
  acts,
  render,
}: {
  title: string;
  acts: DecisionAct[];
  render: (act: DecisionAct) => string;
}) {
  const headingId = `${title.toLowerCase().replace(/\W+/g, '-')}-heading`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {acts.length === 0 ? (
        <Empty>None recorded.</Empty>
      ) : (
        <ul className="acts">
          {acts.map((a) => (
            <li key={a.position}>
              {render(a)}{' '}
              <span className="muted small">
                — <Instant iso={a.occurredAt} />
                {a.recordedAt !== a.occurredAt && (
                  <>
                    , recorded <Instant iso={a.recordedAt} />
                  </>
                )}
                , position {a.position}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
