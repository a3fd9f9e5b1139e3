import { Principal } from '@accord/access';

/** Both clocks (DESIGN §5): as the ledger said at `asOf`, with `at` only what had happened by then. */
export interface DecisionThen {
  readonly asOf: Date;
  readonly at?: Date;
}

export class GetDecisionQuery {
  constructor(
    readonly decisionId: string,
    readonly reader: Principal,
    /** Absent: the decision as it stands now. */
    readonly then?: DecisionThen,
  ) {}
}
