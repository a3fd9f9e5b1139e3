import { Injectable } from '@nestjs/common';
import { callerAsLedgerSays, Principal, Standing } from '@accord/access';
import { ForbiddenError } from '@accord/platform';
import { AggregateStates, standingIn } from '@accord/server';

/**
 * Requests check the caller against the ledger as it is now (DESIGN §7), from the organisation
 * state the ledger folds for commands (cached, its revision checked with the database in a query
 * shared by concurrent requests), so a removal or a revoked role counts from the next request
 * whatever the token says: the rule is the access policy's {@link callerAsLedgerSays}.
 */
@Injectable()
export class CurrentMembers {
  constructor(private readonly states: AggregateStates) {}

  async standingOf(caller: Pick<Principal, 'personId' | 'orgId'>): Promise<Standing> {
    return standingIn((await this.states.load('organisation', caller.orgId)).state, caller);
  }

  /** The caller with the roles the ledger grants them now; null once it shows them removed. */
  async now(claims: Principal): Promise<Principal | null> {
    return callerAsLedgerSays(claims, await this.standingOf(claims));
  }

  /** {@link now}, refusing a removed member with 403 `not-a-member`. */
  async resolve(claims: Principal): Promise<Principal> {
    const caller = await this.now(claims);
    if (caller === null)
      throw new ForbiddenError('not-a-member', `${claims.personId} is no longer a member of ${claims.orgId}`);
    return caller;
  }
}
