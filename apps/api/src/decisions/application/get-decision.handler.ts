import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { maySee } from '@accord/access';
import { DecisionState, ErrorCode } from '@accord/domain';
import { NotFoundError } from '@accord/platform';
import { AggregateStates } from '@accord/server';
import { GetDecisionQuery } from './get-decision.query';

export type DecisionView = Omit<DecisionState, 'recorded'> & { revision: number };

/** The decision folded from its stream, visible to whoever may see its partnership. */
@QueryHandler(GetDecisionQuery)
export class GetDecisionHandler implements IQueryHandler<GetDecisionQuery, DecisionView> {
  constructor(private readonly states: AggregateStates) {}

  async execute({ decisionId, reader }: GetDecisionQuery): Promise<DecisionView> {
    const { state, revision } = await this.states.load('decision', decisionId);
    const notFound = () => new NotFoundError(ErrorCode.DecisionNotFound, `Decision ${decisionId} not found`);
    if (revision === 0) throw notFound();
    const partnership = await this.states.load('partnership', state.partnershipId);
    if (!maySee(reader, partnership.state.parties)) throw notFound();
    const { recorded: _bookkeeping, ...view } = state;
    return { ...view, revision };
  }
}
