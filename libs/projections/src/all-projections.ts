import { Projection } from './projection';
import { decisionActsProjection } from './read-models/decision-acts/decision-acts.projection';
import { decisionsProjection } from './read-models/decisions/decisions.projection';
import { decisionNoticesProjection } from './read-models/decision-notices/decision-notices.projection';
import { forwardPlanProjection } from './read-models/forward-plan/forward-plan.projection';
import { directoryProjection } from './read-models/directory/directory.projection';
import { erasuresProjection } from './read-models/erasures/erasures.projection';
import { meetingsProjection } from './read-models/meetings/meetings.projection';
import { partnershipsProjection } from './read-models/partnerships/partnerships.projection';
import { trailProjection } from './read-models/trail/trail.projection';
import { witnessesProjection } from './read-models/witnesses/witnesses.projection';

/** Every read model the API serves, by name (the names `accord projections rebuild` takes). */
export const ALL_PROJECTIONS: readonly Projection[] = [
  directoryProjection,
  partnershipsProjection,
  decisionsProjection,
  decisionActsProjection,
  trailProjection,
  meetingsProjection,
  forwardPlanProjection,
  decisionNoticesProjection,
  witnessesProjection,
  erasuresProjection,
];

export function projectionNamed(name: string): Projection | undefined {
  return ALL_PROJECTIONS.find((p) => p.name === name);
}
