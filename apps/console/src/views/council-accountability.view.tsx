import type { Accountability } from '../api/types';
import { href } from '../router';
import { Instant } from '../ui/instant';
import { Empty } from '../ui/states';
import { SCRUTINY_OUTCOMES } from './call-in-steps';

/**
 * The accountability report's council procedure (issue 18): key decisions taken without 28 days on
 * the forward plan and on what basis, decisions called in with scrutiny's outcome and the board's
 * reconsideration, and decisions implemented.
 */
export function CouncilAccountability({ report }: { report: Accountability }) {
  const { keyDecisionsWithoutDueNotice: undue, calledIn, implemented } = report;
  const link = (d: { decisionId: string; title: string }) => (
    <a href={href({ name: 'decision', id: d.decisionId })}>{d.title}</a>
  );
  return (
    <section aria-labelledby={`council-${report.organisation.organisationId}`}>
      <h3 id={`council-${report.organisation.organisationId}`}>Council procedure</h3>
      {undue.length + calledIn.length + implemented.length === 0 ? (
        <Empty>No key decision taken without due notice, no call-in and nothing implemented.</Empty>
      ) : (
        <>
          <h4>Key decisions taken without due notice</h4>
          {undue.length === 0 ? (
            <Empty>None: every key decision was on the forward plan for 28 clear days.</Empty>
          ) : (
            <ul aria-label="Key decisions taken without due notice">
              {undue.map((d) => (
                <li key={d.decisionId}>
                  {link(d)} —{' '}
                  {d.basis === 'general-exception'
                    ? 'general exception'
                    : `special urgency${d.specialUrgencyReason ? `: ${d.specialUrgencyReason}` : ''}`}
                </li>
              ))}
            </ul>
          )}
          <h4>Called in</h4>
          {calledIn.length === 0 ? (
            <Empty>No decision called in.</Empty>
          ) : (
            <ul aria-label="Called in">
              {calledIn.map((d) => (
                <li key={d.decisionId}>
                  {link(d)} — called in <Instant iso={d.calledInAt} />;{' '}
                  {d.scrutinyOutcome ? `scrutiny: ${SCRUTINY_OUTCOMES[d.scrutinyOutcome]}` : 'awaiting scrutiny'}
                  {d.reconsideredAt && (
                    <>
                      ; confirmed by the board <Instant iso={d.reconsideredAt} />
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h4>Implemented</h4>
          {implemented.length === 0 ? (
            <Empty>No decision recorded as implemented.</Empty>
          ) : (
            <ul aria-label="Implemented">
              {implemented.map((d) => (
                <li key={d.decisionId}>
                  {link(d)} — implemented <Instant iso={d.implementedAt} />
                  {d.callInEndedAt && (
                    <>
                      , after its call-in period ended <Instant iso={d.callInEndedAt} />
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
