import { decisionStreamId } from '../shared/stream-ids';
import { decideDecision } from './decide-decision';
import { decisionContextNeeds } from './decision.context';
import { decisionClosesAt, resolveAtClosingTime } from './decision-schedule';
import { evolveDecision, initialDecisionState } from './decision.state';

/** Everything a generic command handler and the closing-time scheduler need for decisions. */
export const decisionAggregate = {
  kind: 'decision',
  streamId: decisionStreamId,
  initialState: initialDecisionState,
  evolve: evolveDecision,
  decide: decideDecision,
  contextNeeds: decisionContextNeeds,
  closesAt: decisionClosesAt,
  resolveAtClosingTime,
} as const;
