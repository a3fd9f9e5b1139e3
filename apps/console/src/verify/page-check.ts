import { isSealed, type ProvenOutcome, replayDecision } from './decision-replay';
import type { ProvenEvent } from './verify-on-screen';

/** What the decision page drew from its read model, to be re-derived from the proven events. */
export interface ShownDecision {
  decisionId: string;
  title: string;
  status: string;
  /** Each party and whether the page says it has signed off. */
  parties: { organisationId: string; signedOff: boolean }[];
  /** Votes, interests and other acts on screen, each naming the event it came from. */
  acts: { eventId: string; kind: string; personId?: string; stance?: string; nature?: string }[];
  outcome: ProvenOutcome | null;
}

export interface PageMismatch {
  field: string;
  position?: number;
  reason: string;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const same = (a: ProvenOutcome, b: ProvenOutcome) =>
  a.statement === b.statement &&
  sameList(a.reasons, b.reasons) &&
  sameList(a.alternativesRejected, b.alternativesRejected);
const quoted = (o: ProvenOutcome | null | undefined) => (o ? `"${o.statement}"` : 'none');

/**
 * Re-derives what the decision page shows from the bytes the badge proved, never from the read
 * model the page was drawn from (a host's administrator can edit that without touching the log):
 * the stream must be whole (no revision missing from the audit lines), its title is the last one
 * the log gave it, and each act is the one its event recorded (a vote's stance, an interest's
 * declarer and, where the log holds it in the clear, its nature). Status, sign-offs, the
 * interests declared and the outcome are the state after the stream's last event, so they are
 * compared only when `whole`: every event behind the page is sealed in the checkpoint (a newer,
 * not yet sealed one may have changed them; the badge says so and asks to verify again).
 */
export function checkDecisionPage(
  shown: ShownDecision,
  proven: readonly ProvenEvent[],
  whole = true,
): PageMismatch | undefined {
  const stream = proven.filter((e) => e.streamId === `decision-${shown.decisionId}`);
  for (const [i, e] of stream.entries())
    if (e.revision !== i + 1)
      return {
        field: 'audit lines',
        position: e.position,
        reason: `revision ${i + 1} of the decision's stream is in the log but not on this page.`,
      };
  const replayed = replayDecision(stream);
  if (replayed.title && replayed.title.value !== shown.title)
    return {
      field: 'title',
      position: replayed.title.event.position,
      reason: `the page shows "${shown.title}" but the log says "${replayed.title.value}".`,
    };
  const acts = checkActs(shown, proven);
  if (acts || !whole) return acts;

  if (replayed.status && replayed.status.value !== shown.status)
    return {
      field: 'status',
      position: replayed.status.event.position,
      reason: `the page shows ${shown.status} but the log says ${replayed.status.value} (${replayed.status.event.type}).`,
    };
  for (const party of shown.parties) {
    const logged = replayed.signOffs.get(party.organisationId);
    if ((logged?.signedOff ?? false) !== party.signedOff)
      return {
        field: 'sign-offs',
        position: logged?.event.position,
        reason: party.signedOff
          ? `the page says ${party.organisationId} signed off but the log holds no standing sign-off by it.`
          : `the page says ${party.organisationId} has not signed off but the log recorded its sign-off.`,
      };
  }
  const interestsShown = new Set(shown.acts.filter((a) => a.kind === 'interest').map((a) => a.eventId));
  const hidden = replayed.interests.find((e) => !interestsShown.has(e.eventId));
  if (hidden)
    return {
      field: 'interests',
      position: hidden.position,
      reason: `${String(hidden.data.personId)} declared an interest in the log that the page does not show.`,
    };
  const outcome = replayed.outcome;
  if (outcome ? !shown.outcome || !same(outcome.value, shown.outcome) : shown.outcome)
    return {
      field: 'outcome',
      position: outcome?.event.position,
      reason: `the page shows ${quoted(shown.outcome)} but the log recorded ${quoted(outcome?.value)}.`,
    };
  return undefined;
}

/** Each act on screen against the event it names. */
function checkActs(shown: ShownDecision, proven: readonly ProvenEvent[]): PageMismatch | undefined {
  const byId = new Map(proven.map((e) => [e.eventId, e]));
  for (const act of shown.acts) {
    const event = byId.get(act.eventId);
    if (!event) continue;
    if (act.stance !== undefined && typeof event.data.stance === 'string' && event.data.stance !== act.stance)
      return {
        field: 'stance',
        position: event.position,
        reason: `the page shows a vote "${act.stance}" but the log recorded "${event.data.stance}".`,
      };
    if (act.kind !== 'interest') continue;
    if (event.type !== 'InterestDeclared' || event.data.personId !== act.personId)
      return {
        field: 'interests',
        position: event.position,
        reason: `the page shows an interest declared by ${act.personId ?? 'someone'} but the log holds ${event.type} by ${String(event.data.personId)}.`,
      };
    // A sealed nature is opened (or reads erased) by the server: the browser cannot compare it.
    if (!isSealed(event.data.nature) && act.nature !== undefined && event.data.nature !== act.nature)
      return {
        field: 'interests',
        position: event.position,
        reason: `the page shows the interest "${act.nature}" but the log recorded "${String(event.data.nature)}".`,
      };
  }
  return undefined;
}

/**
 * The page's rows were read at or after `drawnAt` (the read models' position its answer names),
 * and its audit lines afterwards, so they may hold the decision's newer events (a read model a
 * moment behind another): the page is true when it is the decision as its stream stood at
 * `drawnAt` or at one of those newer events. Otherwise the mismatch against the whole stream.
 */
export function checkDecisionPageDrawnAt(
  shown: ShownDecision,
  proven: readonly ProvenEvent[],
  whole: boolean,
  drawnAt: number,
): PageMismatch | undefined {
  const newer = proven
    .filter((e) => e.streamId === `decision-${shown.decisionId}` && e.position > drawnAt)
    .map((e) => e.position);
  for (const upTo of [drawnAt, ...newer.slice(0, -1)])
    if (
      !checkDecisionPage(
        shown,
        proven.filter((e) => e.position <= upTo),
        whole,
      )
    )
      return undefined;
  return checkDecisionPage(shown, proven, whole);
}
