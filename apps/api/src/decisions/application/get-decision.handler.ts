import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { maySee } from '@accord/access';
import { DecisionState, ErrorCode } from '@accord/domain';
import { NotFoundError } from '@accord/platform';
import { AggregateStates, Storage } from '@accord/server';
import { decisionThen, thenView } from '../../read-models/application/then';
import { GetDecisionQuery } from './get-decision.query';

export type DecisionView = Omit<DecisionState, 'recorded'> & { revision: number };
/** The decision as it stood then: no revision (its stream has moved on), the instants it stands at instead. */
export type DecisionViewThen = Omit<DecisionState, 'recorded'> & { asOf: string; at?: string };

/**
 * The decision folded from its stream, visible to whoever may see its partnership; asked for
 * another time, replayed with its partnership from the log as it then stood (404 when it had not
 * been drafted by then).
 */
@QueryHandler(GetDecisionQuery)
export class GetDecisionHandler implements IQueryHandler<GetDecisionQuery, DecisionView | DecisionViewThen> {
  constructor(
    private readonly states: AggregateStates,
    private readonly storage: Storage,
  ) {}

  async execute({ decisionId, reader, then }: GetDecisionQuery): Promise<DecisionView | DecisionViewThen> {
    const { state, revision } = await this.states.load('decision', decisionId);
    const notFound = () => new NotFoundError(ErrorCode.DecisionNotFound, `Decision ${decisionId} not found`);
    if (revision === 0) throw notFound();
    const partnership = await this.states.load('partnership', state.partnershipId);
    if (!maySee(reader, partnership.state.parties)) throw notFound();
    if (then === undefined) {
      const { recorded: _bookkeeping, ...view } = state;
      return { ...view, revision };
    }
    const earlier = await decisionThen(this.storage.readPool, state.partnershipId, decisionId, then);
    if (earlier === undefined) throw notFound();
    const { recorded: _bookkeeping, ...view } = earlier;
    return { ...view, ...thenView(then) };
  }
}
