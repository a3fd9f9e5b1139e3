import type { DecisionCallIn } from '../api/types';
import type { CouncilOffices } from './call-in-steps';

/** The acts on a decision before and after its resolution that the console offers someone. */
export interface CouncilActs {
  forwardPlan: boolean;
  generalException: boolean;
  specialUrgency: boolean;
  notice: boolean;
  supersede: boolean;
}

type Stand = Pick<
  DecisionCallIn,
  | 'status'
  | 'category'
  | 'valuePence'
  | 'draftedBy'
  | 'resolution'
  | 'forwardPlanPublishedAt'
  | 'generalExceptionPublishedAt'
  | 'specialUrgencyAgreedAt'
  | 'noticePublishedAt'
>;

/** Key under the terms (reg 8, as they put it): value at or above the threshold, or a listed category. */
export function isKey(d: Pick<DecisionCallIn, 'category' | 'valuePence'>, offices: CouncilOffices): boolean {
  const rules = offices.keyDecisions;
  if (rules === undefined) return false;
  if (rules.thresholdPence !== undefined && (d.valuePence ?? 0) >= rules.thresholdPence) return true;
  return d.category !== undefined && (rules.categories ?? []).includes(d.category);
}

/**
 * The controls to show: each to those the ledger lets take that act (libs/domain's rules table) while
 * the decision's state leaves it to take. Members of a party act; the drafter or a board member puts
 * a draft on the forward plan, records a general exception for a key one (under terms that name a
 * scrutiny chair) and supersedes an open or approved decision; the scrutiny chair agrees special
 * urgency; any party member publishes the notice of an approved or rejected decision. Whether the
 * outcome it states has been recorded, and the partnership's status, are left to the API, whose
 * refusal says so in its own words.
 */
export function councilActs(who: { personId: string; orgId: string }, offices: CouncilOffices, d: Stand): CouncilActs {
  const party = offices.parties.includes(who.orgId);
  const onBoard = offices.board[who.personId]?.party === who.orgId;
  const drafter = d.draftedBy?.personId === who.personId && d.draftedBy.orgId === who.orgId;
  const putsIt = party && (onBoard || drafter);
  const draft = d.status === 'draft';
  const keyDraft = draft && isKey(d, offices) && offices.scrutinyChairPersonId !== undefined;
  return {
    forwardPlan: putsIt && draft && d.forwardPlanPublishedAt === undefined,
    generalException: putsIt && keyDraft && d.generalExceptionPublishedAt === undefined,
    specialUrgency:
      party && offices.scrutinyChairPersonId === who.personId && keyDraft && d.specialUrgencyAgreedAt === undefined,
    notice: party && (d.resolution === 'approved' || d.resolution === 'rejected') && d.noticePublishedAt === undefined,
    supersede: putsIt && (d.status === 'open' || d.status === 'approved'),
  };
}

/** What the notice control says before it is pressed: whether the ledger will refuse it yet, and why. */
export function noticeHint(d: Pick<DecisionCallIn, 'outcome'>): string {
  return d.outcome === undefined
    ? 'No outcome is recorded yet: the ledger refuses the notice until its statement, reasons and alternatives rejected are.'
    : 'Publish the notice of this decision (regs 12, 13): the decision, its date, reasons, alternatives rejected, interests declared and dispensations granted.';
}

/**
 * The decisions that may supersede `d`, as the ledger has them: another of the same partnership,
 * approved to replace an approved decision (it stays in force until its replacement is), or
 * drafted, open or approved to replace an open one.
 */
export function successorsOf<S extends { decisionId: string; status: string }>(
  d: { decisionId: string; status: string },
  decisions: S[],
): S[] {
  const acceptable = d.status === 'approved' ? ['approved'] : ['draft', 'open', 'approved'];
  return decisions.filter((s) => s.decisionId !== d.decisionId && acceptable.includes(s.status));
}

/** A form's checked input: the command's body once every field is fit to send, and what is wrong with any. */
export interface Checked<F> {
  body?: object;
  problems: Partial<Record<keyof F, string>>;
}

/** As the API bounds them (ForwardPlanEntryDto). */
export const DOCUMENTS_MAX = 50;
export const DOCUMENT_LENGTH_MAX = 500;

export interface ForwardPlanFields {
  decisionMaker: string;
  /** `YYYY-MM-DD`. */
  expectedDate: string;
  /** One document a line; blank lines are skipped. */
  documents: string;
}

/** A forward-plan entry (reg 9) on the London date `today`: its expected date may not be already past. */
export function checkForwardPlan(f: ForwardPlanFields, today: string): Checked<ForwardPlanFields> {
  const documents = f.documents
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const problems: Checked<ForwardPlanFields>['problems'] = {};
  if (f.expectedDate !== '' && f.expectedDate < today)
    problems.expectedDate = `The expected date cannot be before today (${today}).`;
  if (documents.length > DOCUMENTS_MAX) problems.documents = `At most ${DOCUMENTS_MAX} documents, one a line.`;
  else if (documents.some((d) => d.length > DOCUMENT_LENGTH_MAX))
    problems.documents = `Each document’s name is at most ${DOCUMENT_LENGTH_MAX} characters.`;
  const complete = f.decisionMaker.trim() !== '' && f.expectedDate !== '';
  return {
    problems,
    body:
      complete && Object.keys(problems).length === 0
        ? { decisionMaker: f.decisionMaker.trim(), expectedDate: f.expectedDate, documents }
        : undefined,
  };
}

export interface GeneralExceptionFields {
  reason: string;
  /** As a `datetime-local` input gives it, in the reader's zone. */
  notifiedAt: string;
}

/** A general exception (reg 10) recorded at `now`: the scrutiny chair had notice, so not later than now. */
export function checkGeneralException(f: GeneralExceptionFields, now: Date): Checked<GeneralExceptionFields> {
  const notified = f.notifiedAt === '' ? undefined : new Date(f.notifiedAt);
  const problems: Checked<GeneralExceptionFields>['problems'] = {};
  if (notified !== undefined && Number.isNaN(notified.getTime()))
    problems.notifiedAt = 'Give the date and time the scrutiny chair was given notice.';
  else if (notified !== undefined && notified.getTime() > now.getTime())
    problems.notifiedAt = 'The scrutiny chair’s notice cannot be later than now: the exception follows it.';
  return {
    problems,
    body:
      f.reason.trim() !== '' && notified !== undefined && Object.keys(problems).length === 0
        ? { reason: f.reason.trim(), scrutinyChairNotifiedAt: notified.toISOString() }
        : undefined,
  };
}

/** What waits on the council procedure tab: key drafts not on the forward plan, resolutions without their notice. */
export interface AwaitingProcedure<D> {
  unplanned: D[];
  unnoticed: D[];
}

/**
 * From a partnership's decisions (as its timeline lists them), those whose council procedure act
 * is still to take, each to be taken from the decision's own page: the key drafts not on the
 * forward plan (`planned` ids), and the approved or rejected decisions whose notice is not among
 * `noticed`.
 */
export function awaitingProcedure<
  D extends { decisionId: string; status: string; category?: string; valuePence?: number },
>(
  decisions: D[],
  offices: CouncilOffices,
  planned: ReadonlySet<string>,
  noticed: ReadonlySet<string>,
): AwaitingProcedure<D> {
  return {
    unplanned: decisions.filter((d) => d.status === 'draft' && isKey(d, offices) && !planned.has(d.decisionId)),
    unnoticed: decisions.filter(
      (d) => (d.status === 'approved' || d.status === 'rejected') && !noticed.has(d.decisionId),
    ),
  };
}
