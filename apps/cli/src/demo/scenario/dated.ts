/**
 * The story's acts dated on their days (DESIGN §5 "Two clocks"): each act whose command says when
 * it happened carries `occurredAt` 10:00 in London on its step's day (its scene's, unless the step
 * says otherwise), so the ledger's history runs over the story's year while each event is recorded
 * when the demo sends it. Acts whose commands take no `occurredAt` happen as the demo runs.
 */
import { type CommandStep, type EveryVoterStep, londonInstant, type Scene, type Step } from './format';

const RECORDS_THE_PAST: ReadonlySet<string> = new Set([
  'RegisterOrganisation',
  'AddMember',
  'GrantRole',
  'DelegateAuthority',
  'ProposePartnership',
  'AgreeTermsOfReference',
  'JoinPartnership',
  'AppointBoardMember',
  'DraftDecision',
  'OpenDecision',
  'DeclareInterest',
  'GrantDispensation',
  'CastVote',
  'ChangeVote',
  'SignOff',
  'WithdrawSignOff',
  'RefuseSignOff',
  'WithdrawDecision',
  'RecordOutcome',
]);

/** The scene with every act that can say when it happened dated on its day; acts already dated keep theirs. */
export const datedOnItsDay = (scene: Scene): Scene =>
  scene.asTheDemoRuns
    ? scene
    : {
        ...scene,
        steps: scene.steps.map((step): Step => {
          if (!recordsThePast(step) || 'occurredAt' in step.do) return step;
          const occurredAt = londonInstant(step.on ?? scene.on, 10);
          return { ...step, do: { ...step.do, occurredAt } } as CommandStep | EveryVoterStep;
        }),
      };

const recordsThePast = (step: Step): step is CommandStep | EveryVoterStep =>
  'by' in step && RECORDS_THE_PAST.has(step.do.type);
