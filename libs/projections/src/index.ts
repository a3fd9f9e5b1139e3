export * from './projection';
export * from './projection-migrations';
export * from './checkpoints';
export * from './projection-runner';
export * from './projection-host';
export * from './all-projections';
export * from './rebuild';
export * from './multi-row';
export * from './read-models/directory/directory.projection';
export * from './read-models/directory/directory.reader';
export * from './read-models/partnerships/partnerships.projection';
export * from './read-models/partnerships/partnerships.reader';
export * from './read-models/decisions/decisions.projection';
export * from './read-models/decisions/decisions.reader';
export * from './read-models/decision-acts/decision-acts';
export * from './read-models/decision-acts/decision-acts.projection';
export * from './read-models/decision-acts/decision-acts.reader';
export * from './read-models/trail/trail.projection';
export * from './read-models/trail/trail-index';
export * from './read-models/trail/trail-line';
export * from './read-models/trail/trail.reader';
export * from './read-models/trail/as-of-replay';
export * from './read-models/names';
export * from './read-models/meetings/meetings.projection';
export * from './read-models/meetings/meeting-view';
export * from './read-models/meetings/meetings.reader';
<<<<<<< HEAD
export * from './read-models/forward-plan/forward-plan.projection';
export * from './read-models/forward-plan/forward-plan.reader';
export * from './read-models/decision-notices/decision-notices.projection';
export * from './read-models/decision-notices/decision-notices.reader';
=======
export * from './read-models/witnesses/witnesses.projection';
export * from './read-models/witnesses/witnesses.reader';
>>>>>>> main
