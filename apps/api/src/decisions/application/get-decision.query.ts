import { Principal } from '@accord/access';

export class GetDecisionQuery {
  constructor(
    readonly decisionId: string,
    readonly reader: Principal,
  ) {}
}
