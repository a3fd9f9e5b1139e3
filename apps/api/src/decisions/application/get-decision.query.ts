import { Principal } from '@accord/access';
import { Then } from '../../read-models/application/then';

export class GetDecisionQuery {
  constructor(
    readonly decisionId: string,
    readonly reader: Principal,
    /** Absent: the decision as it stands now. */
    readonly then?: Then,
  ) {}
}
