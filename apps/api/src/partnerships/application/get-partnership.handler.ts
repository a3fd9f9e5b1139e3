import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { maySee } from '@accord/access';
import { ErrorCode, PartnershipState } from '@accord/domain';
import { NotFoundError } from '@accord/platform';
import { AggregateStates } from '@accord/server';
import { GetPartnershipQuery } from './get-partnership.query';

export type PartnershipView = PartnershipState & { revision: number };

/** The partnership folded from its stream; the register and overview read models come with the projections. */
@QueryHandler(GetPartnershipQuery)
export class GetPartnershipHandler implements IQueryHandler<GetPartnershipQuery, PartnershipView> {
  constructor(private readonly states: AggregateStates) {}

  async execute({ partnershipId, reader }: GetPartnershipQuery): Promise<PartnershipView> {
    const { state, revision } = await this.states.load('partnership', partnershipId);
    if (revision === 0 || !maySee(reader, state.parties))
      throw new NotFoundError(ErrorCode.PartnershipNotFound, `Partnership ${partnershipId} not found`);
    return { ...state, revision };
  }
}
