import type { ProvenEvent } from './verify-on-screen';

/** What the decision page drew from its read model, to be re-derived from the proven events. */
export interface ShownDecision {
  decisionId: string;
  title: string;
  /** Votes and other acts on screen, each naming the event it came from. */
  acts: { eventId: string; stance?: string }[];
}

export interface PageMismatch {
  field: string;
  position?: number;
  reason: string;
}

/**
 * Re-derives what the decision page shows from the bytes the badge proved, never from the read
 * model the page was drawn from (a host's administrator can edit that without touching the log):
 * the stream must be whole (no revision missing from the audit lines), its title is the last one
 * the log gave it, and each vote's stance is the one its event recorded.
 */
export function checkDecisionPage(shown: ShownDecision, proven: readonly ProvenEvent[]): PageMismatch | undefined {
  const stream = proven.filter((e) => e.streamId === `decision-${shown.decisionId}`);
  for (const [i, e] of stream.entries())
    if (e.revision !== i + 1)
      return {
        field: 'audit lines',
        position: e.position,
        reason: `revision ${i + 1} of the decision's stream is in the log but not on this page.`,
      };
  const titled = stream.filter((e) => typeof e.data.title === 'string').at(-1);
  if (titled && titled.data.title !== shown.title)
    return {
      field: 'title',
      position: titled.position,
      reason: `the page shows "${shown.title}" but the log says "${String(titled.data.title)}".`,
    };
  const byId = new Map(proven.map((e) => [e.eventId, e]));
  for (const act of shown.acts) {
    const event = byId.get(act.eventId);
    if (!event || act.stance === undefined || typeof event.data.stance !== 'string') continue;
    if (event.data.stance !== act.stance)
      return {
        field: 'stance',
        position: event.position,
        reason: `the page shows a vote "${act.stance}" but the log recorded "${event.data.stance}".`,
      };
  }
  return undefined;
}
