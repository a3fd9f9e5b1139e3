import { personName, type Accountability, type PartnershipList } from '../api/types';
import { useApp, useLiveUpdates, useResource } from '../app-context';
import { readsAccountability, seesAll } from '../auth/session';
import { href } from '../router';
import { formatDuration } from '../ui/format';
import { Instant } from '../ui/instant';
import { personalData } from '../ui/personal-data';
import { Empty, ErrorState, Loading } from '../ui/states';
import { CouncilAccountability } from './council-accountability.view';

const MEASURES = [
  { key: 'awaiting', label: 'Awaiting sign-off', of: (a: Accountability) => a.awaitingSignOff.length },
  {
    key: 'overdue',
    label: 'Overdue',
    of: (a: Accountability) => a.pastClosingTime.length + a.overdueMitigations.length,
  },
  { key: 'interests', label: 'Interests declared', of: (a: Accountability) => a.interests.length },
  { key: 'no-outcome', label: 'Approved without outcome', of: (a: Accountability) => a.approvedWithoutOutcome.length },
] as const;

/**
 * For governance: what each party still owes — sign-offs awaited, items overdue, interests,
 * approved decisions without a recorded outcome — as a chart across parties and lists per party,
 * with its council procedure (key decisions without due notice, call-ins, implementation).
 * A governance reader sees their own organisation; auditors every party they can see.
 */
export function AccountabilityPage({ orgId }: { orgId?: string }) {
  const { session } = useApp();
  const reports = useResource(`accountability:${session.orgId}`, async (api, signal) => {
    let orgs = [session.orgId];
    if (seesAll(session)) {
      const list = await api.get<PartnershipList>('/v1/partnerships', signal);
      orgs = [...new Set(list.items.flatMap((p) => p.parties.map((party) => party.organisationId)))];
    }
    return Promise.all(
      orgs.map((org) =>
        api.get<Accountability>(`/v1/accountability?organisationId=${encodeURIComponent(org)}`, signal),
      ),
    );
  });
  useLiveUpdates((e) => e.streamId.startsWith('decision-') || e.streamId.startsWith('partnership-'), reports.reload);

  if (!readsAccountability(session)) {
    return (
      <section>
        <h1>Accountability</h1>
        <Empty>
          The accountability dashboard is for governance teams and auditors; your sign-in carries neither role.
        </Empty>
      </section>
    );
  }
  if (reports.error) return <ErrorState error={reports.error} retry={reports.reload} />;
  if (!reports.data) return <Loading what="accountability reports" />;
  const all = reports.data;
  const selected = all.find((a) => a.organisation.organisationId === orgId) ?? all[0];
  return (
    <section aria-labelledby="accountability-heading">
      <h1 id="accountability-heading">Accountability</h1>
      <Chart reports={all} />
      {all.length > 1 && (
        <nav aria-label="Party" className="tabs">
          {all.map((a) => (
            <a
              key={a.organisation.organisationId}
              href={href({ name: 'accountability', orgId: a.organisation.organisationId })}
              aria-current={a === selected ? 'page' : undefined}
            >
              {a.organisation.name ?? a.organisation.organisationId}
            </a>
          ))}
        </nav>
      )}
      {selected && <Report report={selected} />}
    </section>
  );
}

function Chart({ reports }: { reports: Accountability[] }) {
  const max = Math.max(1, ...reports.flatMap((r) => MEASURES.map((m) => m.of(r))));
  const barHeight = 14;
  const group = MEASURES.length * (barHeight + 4) + 18;
  const width = 640;
  const label = 190;
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${reports.length * group}`} role="img" aria-labelledby="chart-title">
        <title id="chart-title">
          {reports
            .map(
              (r) =>
                `${r.organisation.name ?? r.organisation.organisationId}: ${MEASURES.map((m) => `${m.of(r)} ${m.label.toLowerCase()}`).join(', ')}`,
            )
            .join('. ')}
        </title>
        {reports.map((r, i) => (
          <g key={r.organisation.organisationId} transform={`translate(0, ${i * group})`}>
            <text x={0} y={12} className="chart-party">
              {r.organisation.name ?? r.organisation.organisationId}
            </text>
            {MEASURES.map((m, j) => {
              const y = 18 + j * (barHeight + 4);
              const value = m.of(r);
              return (
                <g key={m.key} className={`bar bar-${m.key}`}>
                  <text x={label - 6} y={y + barHeight - 3} textAnchor="end" className="chart-label">
                    {m.label}
                  </text>
                  <rect x={label} y={y} height={barHeight} width={((width - label - 40) * value) / max} />
                  <text
                    x={label + ((width - label - 40) * value) / max + 4}
                    y={y + barHeight - 3}
                    className="chart-value"
                  >
                    {value}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
    </figure>
  );
}

function Report({ report }: { report: Accountability }) {
  const now = Date.parse(report.generatedAt);
  const name = report.organisation.name ?? report.organisation.organisationId;
  return (
    <div className="report">
      <h2>{name}</h2>
      <p className="muted small">
        As at <Instant iso={report.generatedAt} />
      </p>
      <h3>Awaiting its sign-off</h3>
      {report.awaitingSignOff.length === 0 ? (
        <Empty>Nothing awaits {name}’s sign-off.</Empty>
      ) : (
        <ul>
          {report.awaitingSignOff.map((d) => (
            <li key={d.decisionId}>
              <a href={href({ name: 'decision', id: d.decisionId })}>{d.title}</a> — closes in{' '}
              {d.closesAt ? formatDuration(Date.parse(d.closesAt) - now) : '—'}
            </li>
          ))}
        </ul>
      )}
      <h3>Overdue</h3>
      {report.pastClosingTime.length + report.overdueMitigations.length === 0 ? (
        <Empty>Nothing overdue.</Empty>
      ) : (
        <ul>
          {report.pastClosingTime.map((d) => (
            <li key={d.decisionId}>
              <a href={href({ name: 'decision', id: d.decisionId })}>{d.title}</a> — past its closing time by{' '}
              {d.closesAt ? formatDuration(now - Date.parse(d.closesAt)) : '—'}
            </li>
          ))}
          {report.overdueMitigations.map((m) => (
            <li key={`${m.riskId}:${m.action}`}>
              Mitigation for “{m.riskTitle}”: {m.action} — due {m.dueDate}
            </li>
          ))}
        </ul>
      )}
      <h3>Interests declared</h3>
      {report.interests.length === 0 ? (
        <Empty>No interests declared.</Empty>
      ) : (
        <ul>
          {report.interests.map((i) => (
            <li key={`${i.decisionId}:${i.member.personId}`}>
              {personName(i.member)} in{' '}
              <a href={href({ name: 'decision', id: i.decisionId })}>{i.decisionTitle ?? i.decisionId}</a>:{' '}
              {personalData(i.nature, i.erased)}{' '}
              {i.dispensation ? `(dispensation by ${personName(i.dispensation.grantedBy)})` : '(no dispensation)'}
            </li>
          ))}
        </ul>
      )}
      <h3>Approved without a recorded outcome</h3>
      {report.approvedWithoutOutcome.length === 0 ? (
        <Empty>Every approved decision has its outcome recorded.</Empty>
      ) : (
        <ul>
          {report.approvedWithoutOutcome.map((d) => (
            <li key={d.decisionId}>
              <a href={href({ name: 'decision', id: d.decisionId })}>{d.title}</a> — approved{' '}
              <Instant iso={d.resolvedAt} />
            </li>
          ))}
        </ul>
      )}
      <CouncilAccountability report={report} />
      <h3>Sign-offs given</h3>
      <p>
        {report.signOffs.filter((s) => s.kind === 'sign-off').length} sign-offs recorded for {name}.
      </p>
    </div>
  );
}
