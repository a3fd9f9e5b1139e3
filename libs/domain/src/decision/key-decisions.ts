/**
 * Council procedure (DESIGN §1; the Local Authorities (Executive Arrangements) (Meetings and
 * Access to Information) (England) Regulations 2012): what makes a decision key, and on what
 * notice a key decision may be opened. Clear days are calendar days in London, neither the day
 * of publication nor the day of the decision counted.
 */
import type { TermsOfReference } from '../partnership/partnership.state';
import { clearDaysBetween, firstDateAfterClearDays, lastOfWorkingDaysAfter, londonDate } from '../shared/working-days';
import type { KeyDecisionBasis } from './decision.events';
import type { DecisionState } from './decision.state';

/** reg 9: a key decision is on the published forward plan at least 28 clear days before it is taken. */
export const FORWARD_PLAN_CLEAR_DAYS = 28;
/** reg 10: a general exception's notice is published at least 5 clear days before. */
export const GENERAL_EXCEPTION_CLEAR_DAYS = 5;

/** Key under the terms: value at or above the threshold, or a listed category (reg 8, as the terms put it). */
export function isKeyDecision(d: Pick<DecisionState, 'valuePence' | 'category'>, terms?: TermsOfReference): boolean {
  const rules = terms?.keyDecisions;
  if (!rules) return false;
  if (rules.thresholdPence !== undefined && (d.valuePence ?? 0) >= rules.thresholdPence) return true;
  return d.category !== undefined && (rules.categories ?? []).includes(d.category);
}

/** The notice a key decision may be opened on at `now`, the regular one first; undefined when none suffices. */
export function keyDecisionBasis(d: DecisionState, now: string): KeyDecisionBasis | undefined {
  const today = londonDate(now);
  const clearSince = (at: string | undefined, days: number) =>
    at !== undefined && clearDaysBetween(londonDate(at), today) >= days;
  if (clearSince(d.forwardPlanPublishedAt, FORWARD_PLAN_CLEAR_DAYS)) return 'forward-plan';
  if (clearSince(d.generalExceptionPublishedAt, GENERAL_EXCEPTION_CLEAR_DAYS)) return 'general-exception';
  if (d.specialUrgencyAgreedAt !== undefined) return 'special-urgency';
  return undefined;
}

/** The first London date a key decision may be opened on its published notices, if any. */
export function earliestKeyDecisionDate(d: DecisionState): string | undefined {
  const dates = [
    d.forwardPlanPublishedAt === undefined
      ? undefined
      : firstDateAfterClearDays(londonDate(d.forwardPlanPublishedAt), FORWARD_PLAN_CLEAR_DAYS),
    d.generalExceptionPublishedAt === undefined
      ? undefined
      : firstDateAfterClearDays(londonDate(d.generalExceptionPublishedAt), GENERAL_EXCEPTION_CLEAR_DAYS),
  ].filter((x): x is string => x !== undefined);
  return dates.sort()[0];
}

/** The call-in period, in clear working days after the notice, when the terms do not say. */
export const DEFAULT_CALL_IN_CLEAR_WORKING_DAYS = 5;

/**
 * What an approved decision's notice says of call-in under council procedure: the period's last
 * London date, or (special urgency) why it is exempt. Nothing outside council procedure.
 */
export function callInTerms(
  d: DecisionState,
  terms: TermsOfReference | undefined,
  noticeAt: string,
): { callInUntil: string } | { callInExemptReason: string } | Record<string, never> {
  const rules = terms?.keyDecisions;
  if (!rules || d.resolution !== 'approved') return {};
  if (d.keyDecision === 'special-urgency')
    return { callInExemptReason: `special urgency: ${d.specialUrgencyReason ?? ''}` };
  const days = rules.callInClearWorkingDays ?? DEFAULT_CALL_IN_CLEAR_WORKING_DAYS;
  return { callInUntil: lastOfWorkingDaysAfter(londonDate(noticeAt), days) };
}
