import { Injectable } from '@nestjs/common';
import { maySee, Principal } from '@accord/access';
import { ErrorCode } from '@accord/domain';
import { ForwardPlanEntry, readForwardPlan, readPartnershipParties } from '@accord/projections';
import { NotFoundError } from '@accord/platform';
import { Storage } from '@accord/server';
import { ReadPositions } from './read-positions';

/** The forward plan of a partnership (DESIGN §1 "Council procedure"). */
@Injectable()
export class ForwardPlanViews {
  constructor(
    private readonly storage: Storage,
    private readonly positions: ReadPositions,
  ) {}

  async forwardPlanOf(
    caller: Principal,
    partnershipId: string,
    minPosition?: number,
  ): Promise<{ partnershipId: string; entries: ForwardPlanEntry[]; position: number }> {
    const position = await this.positions.await(['forward-plan', 'partnerships'], minPosition);
    const parties = await readPartnershipParties(this.storage.pool, partnershipId);
    if (!parties || !maySee(caller, parties))
      throw new NotFoundError(ErrorCode.PartnershipNotFound, `Partnership ${partnershipId} not found`, {
        partnershipId,
      });
    const entries = await readForwardPlan(this.storage.pool, caller, partnershipId);
    return { partnershipId, entries, position };
  }
}
