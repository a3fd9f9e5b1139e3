import type { PartnershipTimeline, TimelineChange, TimelineDecision } from '../api/types';
import { href } from '../router';
import { formatPence, humanise } from '../ui/format';
import { Instant } from '../ui/instant';
import { Empty, StatusBadge } from '../ui/states';

type Entry = { at: string; key: string } & (
  { kind: 'decision'; decision: TimelineDecision } | { kind: 'change'; change: TimelineChange }
);

/** Decisions on a time axis, then every decision and change to objectives and risks, newest first. */
export function TimelineView({ timeline }: { timeline: PartnershipTimeline }) {
  const entries: Entry[] = [
    ...timeline.decisions.map((d) => ({
      at: d.draftedAt,
      key: `d:${d.decisionId}`,
      kind: 'decision' as const,
      decision: d,
    })),
    ...timeline.changes.map((c) => ({ at: c.at, key: `c:${c.position}`, kind: 'change' as const, change: c })),
  ].sort((a, b) => b.at.localeCompare(a.at) || b.key.localeCompare(a.key));
  if (entries.length === 0) return <Empty>Nothing has been decided or reported in this partnership yet.</Empty>;
  return (
    <>
      <TimeAxis decisions={timeline.decisions} asOf={timeline.asOf} />
      <h2 id="timeline-heading">Timeline</h2>
      <ol className="timeline" aria-labelledby="timeline-heading">
        {entries.map((entry) => (
          <li key={entry.key} className={`entry entry-${entry.kind}`}>
            <p className="when">
              <Instant iso={entry.at} />
            </p>
            {entry.kind === 'decision' ? <DecisionEntry d={entry.decision} /> : <ChangeEntry c={entry.change} />}
          </li>
        ))}
      </ol>
    </>
  );
}

function DecisionEntry({ d }: { d: TimelineDecision }) {
  return (
    <div>
      <h3>
        <a href={href({ name: 'decision', id: d.decisionId })}>{d.title}</a>
      </h3>
      <p>
        <StatusBadge status={d.status} /> {d.category && <span className="muted">{humanise(d.category)}</span>}{' '}
        {d.valuePence ? <span>{formatPence(d.valuePence)}</span> : null}
      </p>
      <p className="small">
        {d.closesAt && !d.resolvedAt && (
          <>
            Closes <Instant iso={d.closesAt} />.{' '}
          </>
        )}
        {d.resolvedAt && (
          <>
            Resolved <Instant iso={d.resolvedAt} />.{' '}
          </>
        )}
        Decided by {humanise(d.approvalRule)}.
      </p>
      {d.outcome && <p className="outcome">Outcome: {d.outcome}</p>}
    </div>
  );
}

function ChangeEntry({ c }: { c: TimelineChange }) {
  return (
    <div>
      <h3>
        {c.subject.kind === 'objective' ? 'Objective' : 'Risk'}: {c.subject.title ?? c.subject.id}
      </h3>
      <p className={`change change-${c.type}`}>{c.summary}</p>
      <p className="muted small">Log position {c.position}</p>
    </div>
  );
}

const STATUS_ORDER = ['open', 'draft', 'approved', 'rejected', 'lapsed', 'withdrawn', 'rescinded', 'superseded'];

/**
 * Where a decision's line on the axis ends: when it was resolved, or while open its closing time.
 * A decision withdrawn or superseded before resolution has no date of its end here: a dot only.
 */
const lineEnd = (d: TimelineDecision): string | undefined =>
  d.resolvedAt ?? (d.status === 'open' ? d.closesAt : undefined);

/**
 * Each decision as a mark at the time it was drafted, with a line to its resolution or, while
 * open, its closing time. Drawn in SVG for sighted readers; the ordered list below carries the
 * same facts for everyone else.
 */
function TimeAxis({ decisions, asOf }: { decisions: TimelineDecision[]; asOf: string }) {
  const dated = decisions.filter((d) => d.draftedAt);
  if (dated.length === 0) return null;
  const times = dated.flatMap((d) => {
    const end = lineEnd(d);
    return [Date.parse(d.draftedAt), ...(end ? [Date.parse(end)] : [])];
  });
  const start = Math.min(...times);
  const end = Math.max(...times, Date.parse(asOf));
  const span = Math.max(end - start, 1);
  const width = 1000;
  const gutter = 90; // status labels
  const x = (t: number) => gutter + ((t - start) / span) * (width - gutter - 20);
  const row = (d: TimelineDecision) => Math.max(0, STATUS_ORDER.indexOf(d.status));
  const counts = dated.reduce<Record<string, number>>(
    (acc, d) => ({ ...acc, [d.status]: (acc[d.status] ?? 0) + 1 }),
    {},
  );
  const summary = Object.entries(counts)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  return (
    <figure className="axis">
      <svg
        viewBox={`0 0 ${width} ${STATUS_ORDER.length * 18 + 30}`}
        role="img"
        aria-label={`Decisions over time: ${summary}`}
      >
        {STATUS_ORDER.map((status, i) => (
          <text key={status} x={4} y={i * 18 + 14} className="axis-label">
            {status}
          </text>
        ))}
        {dated.map((d) => {
          const y = row(d) * 18 + 10;
          const x0 = x(Date.parse(d.draftedAt));
          const lineTo = lineEnd(d);
          return (
            <g key={d.decisionId} className={`mark status-${d.status}`}>
              {lineTo && <line x1={x0} x2={x(Date.parse(lineTo))} y1={y} y2={y} />}
              <circle cx={x0} cy={y} r={5}>
                <title>{`${d.title} — ${d.status}`}</title>
              </circle>
            </g>
          );
        })}
        <line className="now" x1={x(Date.parse(asOf))} x2={x(Date.parse(asOf))} y1={0} y2={STATUS_ORDER.length * 18} />
        <text x={gutter} y={STATUS_ORDER.length * 18 + 24} className="axis-label">
          {new Date(start).toLocaleDateString()}
        </text>
        <text x={width - 20} y={STATUS_ORDER.length * 18 + 24} textAnchor="end" className="axis-label">
          {new Date(end).toLocaleDateString()}
        </text>
      </svg>
      <figcaption className="muted small">
        Decisions by status over time: a dot when drafted, a line to its resolution or, while open, its closing time;
        the upright line is the instant shown.
      </figcaption>
    </figure>
  );
}
