import { Injectable } from '@nestjs/common';
import { Principal } from '@accord/access';
import { isMember } from '@accord/domain';
import { ForbiddenError } from '@accord/platform';
import { wasRemovedFrom } from '@accord/projections';
import { AggregateStates, Storage } from '@accord/server';

/**
 * Reads check membership in the ledger as writes do (DESIGN §7): once the organisation's stream
 * shows a person removed, their token reads nothing more (403 `not-a-member`) even before it
 * expires. A current member passes on the state the ledger folds for commands (cached, its revision
 * checked with the database in a query shared by concurrent requests); anyone else is refused when
 * the directory records their removal. People the ledger never listed (the platform's admins, an
 * external auditor, an identity provider's users not yet added) are the token issuer's word.
 */
@Injectable()
export class CurrentMembers {
  constructor(
    private readonly states: AggregateStates,
    private readonly storage: Storage,
  ) {}

  async check(caller: Principal): Promise<void> {
    const { state, revision } = await this.states.load('organisation', caller.orgId);
    if (revision === 0 || isMember(state, caller.personId)) return;
    if (await wasRemovedFrom(this.storage.pool, caller.orgId, caller.personId))
      throw new ForbiddenError('not-a-member', `${caller.personId} is no longer a member of ${caller.orgId}`);
  }
}
