import { Injectable, SetMetadata } from '@nestjs/common';
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

  /**
   * {@link now} from the organisation's state as this process holds it, without asking the
   * database (undefined when it holds none): behind, at most, what other processes wrote since.
   */
  held(claims: Principal): Principal | null | undefined {
    const organisation = this.states.peek('organisation', claims.orgId);
    return organisation && callerAsLedgerSays(claims, standingIn(organisation.state, claims));
  }

  /** {@link now}, refusing a removed member with 403 `not-a-member`. */
  async resolve(claims: Principal): Promise<Principal> {
    const caller = await this.now(claims);
    if (caller === null)
      throw new ForbiddenError('not-a-member', `${claims.personId} is no longer a member of ${claims.orgId}`);
    return caller;
  }
}

export const CALLER_CHECKED_AT_COMMIT_KEY = 'accord:access:caller-checked-at-commit';

/**
 * Marks command routes whose aggregate refuses, as it decides, a caller without the route's roles
 * in the ledger's organisation state, and whose append is written only if that state has not moved
 * by the commit (the actor's organisation is in every such command's context): the ledger then
 * holds the rule as of the commit, and the edge may let a write through on the state it holds
 * instead of asking the database first. A refusal is still decided on the current state.
 */
export const CallerCheckedAtCommit = (): MethodDecorator & ClassDecorator =>
  SetMetadata(CALLER_CHECKED_AT_COMMIT_KEY, true);
