import type { Actor } from '../shared/actor';
import { isBefore, millis, requireInstant } from '../shared/time';
import { londonStartOfDayAfter } from '../shared/working-days';
import type { DecisionResolutionEvent } from './decision.events';
import {
  allPartiesSignedOff,
  approvedBySignOffs,
  boardMajorityResult,
  resolvedByVotes,
  signOffSummaries,
  tallyVotes,
} from './decision-rules';
import type { DecisionState } from './decision.state';

/**
 * Who acts at a closing time and at the end of a call-in period: Accord itself, never a caller
 * (no token carries it: tokens always hold roles); the `accord` organisation is reserved.
 */
export const SCHEDULER_ACTOR: Actor = { personId: 'accord:scheduler', orgId: 'accord', roles: [] };

/** True for the scheduler alone: the same ids and no role. */
export function isSchedulerActor(actor: Actor): boolean {
  return (
    actor.personId === SCHEDULER_ACTOR.personId && actor.orgId === SCHEDULER_ACTOR.orgId && actor.roles.length === 0
  );
}

/** When a call-in period whose last London date is `callInUntil` ends: that day's London midnight. */
export function callInPeriodEndsAt(callInUntil: string): string {
  return londonStartOfDayAfter(callInUntil);
}

/** When the scheduler must look at this decision again: its closing time while it is open. */
export function decisionClosesAt(state: DecisionState): string | undefined {
  return state.status === 'open' ? state.closesAt : undefined;
}

/**
 * How long the ledger leaves a decision entered after its closing time open for its history: the
 * time its recorder has to enter the votes, sign-offs and interests dated before that closing time.
 * A notice entered after its call-in period ran out leaves the period open as long, for the
 * call-ins dated inside it.
 */
export const RETROSPECTIVE_RECORDING_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * When the scheduler acts on a decision's closing time (DESIGN §5 "Two clocks"), in epoch
 * milliseconds, from its DecisionOpened: the closing time itself for a decision opened live. One
 * whose opening was recorded once its closing time had passed is history being entered: acts
 * dated before the closing time are still being recorded, and are accepted while it is open, so
 * lapsing it at once would refuse its own record. It is resolved (dated at its closing time as
 * ever) only once the recording window after its opening has run, if its recorded acts have not
 * resolved it by then.
 */
export function closingTimeDueAt(
  closesAt: string,
  openingRecordedAt: string,
  windowMs = RETROSPECTIVE_RECORDING_WINDOW_MS,
): number {
  return dueAfterLateEntry(closesAt, openingRecordedAt, windowMs);
}

/**
 * When the scheduler ends a call-in period, in epoch milliseconds, from its DecisionNoticePublished:
 * as for a closing time, the period's end for a notice published live, and the recording window
 * after the notice was recorded for one entered once its period had run, so the call-ins dated
 * inside it can still be entered. CallInPeriodEnded is dated at the period's end either way.
 */
export function callInPeriodDueAt(
  callInUntil: string,
  noticeRecordedAt: string,
  windowMs = RETROSPECTIVE_RECORDING_WINDOW_MS,
): number {
  return dueAfterLateEntry(callInPeriodEndsAt(callInUntil), noticeRecordedAt, windowMs);
}

function dueAfterLateEntry(endsAt: string, startRecordedAt: string, windowMs: number): number {
  const recorded = millis(startRecordedAt);
  return recorded < millis(endsAt) ? millis(endsAt) : recorded + windowMs;
}

/** True when the decision is open and its closing time has come. */
export function isDecisionDue(state: DecisionState, now: string): boolean {
  const closesAt = decisionClosesAt(state);
  return closesAt !== undefined && !isBefore(requireInstant('now', now), closesAt);
}

/**
 * What happens once an open decision's closing time has passed (for the scheduler; no actor):
 * - board-majority with the quorum met → DecisionApproved or DecisionRejected by majority;
 * - board-majority without quorum → DecisionLapsed (quorum-not-met);
 * - all-parties-sign-off with every party signed off → DecisionApproved (normally already
 *   approved by the last sign-off), otherwise DecisionLapsed (sign-offs-incomplete).
 * Returns [] when the decision is not open or not yet due, so it is safe to call repeatedly.
 * The resolution is dated at the closing time, however late the scheduler runs, so replays and
 * retries produce the same event. Votes and sign-offs are refused from the closing time on.
 */
export function resolveAtClosingTime(state: DecisionState, now: string): DecisionResolutionEvent[] {
  if (!isDecisionDue(state, now) || state.closesAt === undefined) return [];
  const closesAt = state.closesAt;
  const ref = { decisionId: state.decisionId, partnershipId: state.partnershipId };
  if (state.approvalRule === 'all-parties-sign-off') {
    if (allPartiesSignedOff(state)) return [approvedBySignOffs(state, closesAt)];
    return [
      {
        type: 'DecisionLapsed',
        data: {
          ...ref,
          rule: state.approvalRule,
          closesAt,
          lapsedAt: closesAt,
          reason: 'sign-offs-incomplete',
          signedOffParties: signOffSummaries(state).map((s) => s.party),
        },
      },
    ];
  }
  const tally = tallyVotes(state);
  const result = boardMajorityResult(tally);
  if (result !== 'no-quorum') return [resolvedByVotes(state, result, closesAt)];
  return [
    {
      type: 'DecisionLapsed',
      data: { ...ref, rule: state.approvalRule, closesAt, lapsedAt: closesAt, reason: 'quorum-not-met', tally },
    },
  ];
}
