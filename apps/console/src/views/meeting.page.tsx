import type { MeetingView } from '../api/types';
import { useResource } from '../app-context';
import { href } from '../router';
import { humanise } from '../ui/format';
import { Instant } from '../ui/instant';
import { Empty, ErrorState, Loading, StatusBadge } from '../ui/states';

/**
 * Both clocks of one record: the clerk often minutes a meeting the next day, so when it happened
 * and when the ledger took it (and who recorded it) are shown side by side, never merged.
 */
function TwoClocks({
  occurredAt,
  recordedAt,
  recordedBy,
}: {
  occurredAt: string;
  recordedAt: string;
  recordedBy: string;
}) {
  return (
    <span className="muted small two-clocks">
      happened <Instant iso={occurredAt} /> · recorded <Instant iso={recordedAt} /> by {recordedBy}
    </span>
  );
}

/** A board meeting as minuted: agenda, attendance and quorum, each item's votes, minutes, every record. */
export function MeetingPage({ id }: { id: string }) {
  const meeting = useResource(id, (api, signal) =>
    api.get<MeetingView>(`/v1/meetings/${encodeURIComponent(id)}`, signal),
  );
  if (meeting.error) return <ErrorState error={meeting.error} retry={meeting.reload} />;
  if (!meeting.data) return <Loading what="the meeting" />;
  const m = meeting.data;
  return (
    <article aria-labelledby="meeting-heading">
      <p className="breadcrumb">
        <a href={href({ name: 'partnerships' })}>Partnerships</a> ›{' '}
        <a href={href({ name: 'partnership', id: m.partnershipId, tab: 'timeline' })}>{m.partnershipId}</a>
      </p>
      <h1 id="meeting-heading">
        Board meeting of <Instant iso={m.startsAt} dateOnly />
      </h1>
      <p>
        <StatusBadge status={m.status} />{' '}
        {m.quorate === null ? 'quorum not yet determined' : m.quorate ? 'quorate' : 'inquorate'}
      </p>
      <dl className="facts">
        <dt>Starts</dt>
        <dd>
          <Instant iso={m.startsAt} />
        </dd>
        <dt>Ended</dt>
        <dd>
          <Instant iso={m.endedAt} />
        </dd>
        <dt>Where</dt>
        <dd>{m.place ?? m.link ?? '—'}</dd>
      </dl>
      <section aria-labelledby="agenda-heading">
        <h2 id="agenda-heading">Agenda and votes</h2>
        <ol className="agenda">
          {m.agenda.map((item) => {
            const votes = m.votes.find((v) => v.itemId === item.itemId)?.votes ?? [];
            return (
              <li key={item.itemId} data-item={item.itemId}>
                <h3>
                  {item.title}
                  {item.decisionId && (
                    <>
                      {' '}
                      · <a href={href({ name: 'decision', id: item.decisionId })}>decision {item.decisionId}</a>
                    </>
                  )}
                </h3>
                <p className="muted small">
                  Papers:{' '}
                  {item.papers.map((p) => (
                    <span key={p.sha256 + p.title}>
                      {p.title} <span className="mono">(SHA-256 {p.sha256.slice(0, 12)}…)</span>{' '}
                    </span>
                  ))}
                </p>
                {votes.length === 0 ? (
                  <Empty>No votes recorded on this item.</Empty>
                ) : (
                  <ul className="acts">
                    {votes.map((v) => (
                      <li key={v.eventId} data-vote={v.personId} data-casting={v.casting || undefined}>
                        {v.casting ? `${v.personId} gave the chair’s casting vote: ` : `${v.personId} voted `}
                        <strong>{v.stance}</strong> ({humanise(v.method)})
                        {v.stance !== v.recordedStance && ` — corrected from ${v.recordedStance}`}
                        {v.disputed && ' — disputed by the member'} <TwoClocks {...v} />
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            );
          })}
        </ol>
      </section>
      <section aria-labelledby="attendance-heading">
        <h2 id="attendance-heading">Attendance</h2>
        {m.attendance.length === 0 ? (
          <Empty>No attendance recorded yet.</Empty>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Party</th>
                <th scope="col">Presence</th>
              </tr>
            </thead>
            <tbody>
              {m.attendance.map((a) => (
                <tr key={a.personId} data-attendee={a.personId}>
                  <td>{a.personId}</td>
                  <td>{a.party}</td>
                  <td>
                    {humanise(a.presence)}
                    {a.substituteFor ? ` (substitute for ${a.substituteFor})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="minutes-heading">
        <h2 id="minutes-heading">Minutes</h2>
        {!m.minutes ? (
          <Empty>No minutes drafted yet.</Empty>
        ) : (
          <p>
            Version {m.minutes.version}{' '}
            <span className="mono small">(SHA-256 {m.minutes.textSha256.slice(0, 12)}…)</span>
            {m.minutes.approvedAtMeetingId ? (
              <>
                {' '}
                — approved as a true record at{' '}
                <a href={href({ name: 'meeting', id: m.minutes.approvedAtMeetingId })}>the following meeting</a>
              </>
            ) : (
              ' — draft, not yet approved'
            )}
          </p>
        )}
      </section>
      <section aria-labelledby="records-heading">
        <h2 id="records-heading">Records</h2>
        <ol className="audit-lines">
          {m.records.map((r) => (
            <li key={r.eventId} data-record={r.type}>
              {humanise(r.type)} <TwoClocks {...r} />
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

/** A partnership's meetings (or those with an item on one decision), each linking to its page. */
export function MeetingsList({ partnershipId, decisionId }: { partnershipId: string; decisionId?: string }) {
  const list = useResource(`${partnershipId}:meetings`, (api, signal) =>
    api.get<{ meetings: MeetingView[] }>(`/v1/partnerships/${encodeURIComponent(partnershipId)}/meetings`, signal),
  );
  const meetings = (list.data?.meetings ?? []).filter(
    (m) => !decisionId || m.agenda.some((i) => i.decisionId === decisionId),
  );
  if (list.error || meetings.length === 0) return null;
  return (
    <section aria-labelledby="meetings-heading">
      <h2 id="meetings-heading">Meetings</h2>
      <ul className="acts">
        {meetings.map((m) => (
          <li key={m.meetingId}>
            <a href={href({ name: 'meeting', id: m.meetingId })}>
              Board meeting of <Instant iso={m.startsAt} dateOnly />
            </a>{' '}
            <StatusBadge status={m.status} />
          </li>
        ))}
      </ul>
    </section>
  );
}
