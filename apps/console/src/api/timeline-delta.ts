import type { PartnershipTimeline, TimelineDelta } from '@accord/contracts';

/**
 * The timeline after an answer to GET …/timeline?since=<held.version>: a delta's decisions and
 * changes replace or join the held ones (by decisionId and position), in the order the API gives
 * a whole timeline (decisions newest first, changes in log order); a whole timeline, or a delta
 * from another version than the one held (a page switched partnership meanwhile), replaces it.
 */
export function mergeTimeline(
  held: PartnershipTimeline | undefined,
  answer: PartnershipTimeline | TimelineDelta,
): PartnershipTimeline {
  if (!('since' in answer)) return answer;
  if (held === undefined || held.version !== answer.since || held.partnershipId !== answer.partnershipId)
    throw new Error(`a timeline delta since ${answer.since} does not apply to version ${held?.version ?? 'none'}`);
  const { since: _since, ...timeline } = answer;
  const decisions = new Map(held.decisions.map((d) => [d.decisionId, d]));
  for (const d of answer.decisions) decisions.set(d.decisionId, d);
  const changes = new Map(held.changes.map((c) => [c.position, c]));
  for (const c of answer.changes) changes.set(c.position, c);
  return {
    ...timeline,
    decisions: [...decisions.values()].sort(
      (a, b) => b.draftedAt.localeCompare(a.draftedAt) || b.decisionId.localeCompare(a.decisionId),
    ),
    changes: [...changes.values()].sort((a, b) => a.position - b.position),
  };
}
