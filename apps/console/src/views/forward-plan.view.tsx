import type { ForwardPlanEntry, PublicForwardPlanEntry } from '@accord/contracts';
import { href } from '../router';
import { formatDate, humanise } from '../ui/format';
import { ListOf, StatusBadge } from '../ui/states';

/**
 * A partnership's forward plan (reg 9) under its heading: item, decision maker, expected date,
 * documents and what became of each. The public register shows it as anyone may read it; the
 * parties' own page (entries with `publishedBy`) also links each item to its decision and says who
 * put it on the plan, and when.
 */
export function ForwardPlanSection({
  entries,
  error,
  retry,
}: {
  entries: (PublicForwardPlanEntry | ForwardPlanEntry)[] | undefined;
  error: unknown;
  retry: () => void;
}) {
  return (
    <>
      <h2 id="plan-heading">Forward plan</h2>
      <ListOf what="the forward plan" items={entries} error={error} retry={retry} none="Nothing on the forward plan.">
        {(items) => {
          const parties = items.some((e) => 'publishedBy' in e);
          return (
            <table aria-labelledby="plan-heading">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Decision maker</th>
                  <th scope="col">Expected</th>
                  <th scope="col">Documents</th>
                  <th scope="col">Status</th>
                  {parties && <th scope="col">Published</th>}
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.decisionId} data-plan-entry={e.decisionId}>
                    <td>
                      {parties ? <a href={href({ name: 'decision', id: e.decisionId })}>{e.item}</a> : e.item}
                      {e.key && <span className="badge"> key decision</span>}
                    </td>
                    <td>{e.decisionMaker}</td>
                    <td>{formatDate(e.expectedDate)}</td>
                    <td>{e.documents.join('; ')}</td>
                    <td>
                      <StatusBadge status={e.status} />
                      {e.keyDecision && <span className="muted small"> on {humanise(e.keyDecision)}</span>}
                    </td>
                    {'publishedBy' in e && (
                      <td>
                        {formatDate(e.publishedAt)} by {e.publishedBy}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          );
        }}
      </ListOf>
    </>
  );
}
