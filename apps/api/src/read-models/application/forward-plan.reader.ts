import { Injectable } from '@nestjs/common';
import { maySee, Principal } from '@accord/access';
import type { DecisionNoticeView } from '@accord/contracts';
import { ErrorCode } from '@accord/domain';
import { ForwardPlanEntry, readDecisionNotices, readForwardPlan, readPartnershipParties } from '@accord/projections';
import { NotFoundError } from '@accord/platform';
import { Storage } from '@accord/server';
import { ReadPositions } from './read-positions';

/** The forward plan and decision notices of a partnership (DESIGN §1 "Council procedure"). */
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
    await this.requireVisible(caller, partnershipId);
    const entries = await readForwardPlan(this.storage.readPool, caller, partnershipId);
    return { partnershipId, entries, position };
  }

  async noticesOf(
    caller: Principal,
    partnershipId: string,
    minPosition?: number,
  ): Promise<{ partnershipId: string; notices: DecisionNoticeView[]; position: number }> {
    const position = await this.positions.await(['decision-notices', 'partnerships'], minPosition);
    await this.requireVisible(caller, partnershipId);
    const notices = await readDecisionNotices(this.storage.readPool, caller, partnershipId);
    return { partnershipId, notices, position };
  }

  private async requireVisible(caller: Principal, partnershipId: string): Promise<void> {
    const parties = await readPartnershipParties(this.storage.readPool, partnershipId);
    if (!parties || !maySee(caller, parties))
      throw new NotFoundError(ErrorCode.PartnershipNotFound, `Partnership ${partnershipId} not found`, {
        partnershipId,
      });
  }
}
