/**
 * The shape of a demo scenario: a cast and a story told as dated scenes of steps, in time order.
 * Each step says who acts and what they do, as the domain command they would send; the runner
 * (../runner.ts) plays it against the API. A new kind of step is a new member of `StoryCommand` or
 * `Check`, with its handling in the runner.
 */
import { createHash } from 'node:crypto';
import type { Role } from '@accord/access';
import { type CastVote, type DecisionStatus, londonDate } from '@accord/domain';
import type { ApiCommand } from '../../client/command-routes';

/** A day of the story (YYYY-MM-DD): when it happened, not when the demo runs. */
export type StoryDate = string;

/** Someone the demo acts as: the claims of the token it mints for them. */
export interface Person {
  readonly personId: string;
  readonly orgId: string;
  readonly roles: readonly Role[];
}

/** The member of `party` the domain says may sign off the step's decision for it; the narrowest authority wins. */
export interface SignatoryFor {
  readonly signatoryFor: string;
}

/** Each board member the domain says may vote on the step's decision, every one casting the step's vote. */
export interface EveryEligibleVoter {
  readonly everyEligibleVoter: true;
}

export const EVERY_ELIGIBLE_VOTER: EveryEligibleVoter = { everyEligibleVoter: true };
export const signatoryFor = (party: string): SignatoryFor => ({ signatoryFor: party });

/**
 * Opens a draft until `openForMs` after the demo opens it, however long ago the story dates the
 * opening (`occurredAt`): the API refuses a closing time already past, and the decisions the story
 * leaves open stay open for whoever looks at the demo.
 */
export interface OpenFor {
  readonly type: 'OpenDecision';
  readonly decisionId: string;
  readonly openForMs: number;
  readonly occurredAt?: string;
}

/** The SHA-256 of a document's text, as terms of reference are agreed by. */
export const textSha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export const OPEN_FOR = { fiveSeconds: 5_000, aWeek: 7 * 24 * 3600_000, twoWeeks: 14 * 24 * 3600_000 } as const;

/** The actor corrects the wording of the vote they cast on the decision (whose event id only the run knows). */
export interface CorrectVote {
  readonly type: 'CorrectVote';
  readonly decisionId: string;
  readonly corrections: Readonly<Record<string, string>>;
  readonly reason: string;
}

/** What people do: a domain command as they send it, or one of the two above. */
export type StoryCommand = Exclude<ApiCommand, { type: 'OpenDecision' | 'CorrectRecord' }> | OpenFor | CorrectVote;

/**
 * The decision is `status` at this point of the story. On a later run the story's later steps
 * (a rescission, say) may have moved it on; the runner accepts what they lead to.
 */
export interface ExpectStatus {
  readonly type: 'ExpectStatus';
  readonly decisionId: string;
  readonly status: DecisionStatus;
}

/** Waits for the server's scheduler to resolve the decision at its closing time, to `status`. */
export interface AwaitClosingTime {
  readonly type: 'AwaitClosingTime';
  readonly decisionId: string;
  readonly status: DecisionStatus;
}

export type Check = ExpectStatus | AwaitClosingTime;

/** A step of the story, dated by its scene unless it says otherwise (`on`, never before the scene's day). */
export type Step = CommandStep | EveryVoterStep | CheckStep;

export interface CommandStep {
  readonly on?: StoryDate;
  /** A person of the cast (personId), or the party whose authorised member acts. */
  readonly by: string | SignatoryFor;
  readonly do: StoryCommand;
  /** The API must refuse it with this problem code: a rule shown working. Played only on the run that opened its decision. */
  readonly refusedWith?: string;
}

export interface EveryVoterStep {
  readonly on?: StoryDate;
  readonly by: EveryEligibleVoter;
  readonly do: Omit<CastVote, 'actor' | 'now'>;
}

export interface CheckStep {
  readonly on?: StoryDate;
  readonly do: Check;
}

/** What happened on one day: a board meeting, or a piece of business between meetings. */
export interface Scene {
  readonly on: StoryDate;
  /** Printed as the scene is played. */
  readonly title: string;
  /**
   * Its acts happen as the demo runs, not on its day: the server's closing-time scheduler resolves
   * a decision by the run's clock, so what follows the resolution is dated then too.
   */
  readonly asTheDemoRuns?: true;
  readonly steps: readonly Step[];
}

export interface Scenario {
  /** Printed when the demo starts: "Filling … with <title>". */
  readonly title: string;
  /** The partnership the story is about, summarised at the end. */
  readonly partnershipId: string;
  /** Everyone who acts, the platform admin included. */
  readonly people: readonly Person[];
  /** A party member who reads back what the story expects, and whose token the summary suggests. */
  readonly reader: string;
  /** A decision the summary suggests looking at. */
  readonly showcaseDecisionId: string;
  /** In time order. */
  readonly scenes: readonly Scene[];
}

/** `hour`:00 in London on `date`, as a UTC instant (BST in summer). */
export function londonInstant(date: string, hour: number): string {
  const summer = londonDate(`${date}T23:30:00Z`) !== date;
  return new Date(
    Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00Z`) - (summer ? 3_600_000 : 0),
  ).toISOString();
}
