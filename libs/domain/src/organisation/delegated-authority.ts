import { ErrorCode } from '../shared/errors';
import { entries } from '../shared/records';
import { millis } from '../shared/time';
import type { DecisionCategory } from '../shared/vocabulary';
import { type AuthorityRecord, isMember, type OrganisationState } from './organisation.state';

/**
 * Valid at `at`: from `validFrom` (inclusive) to `validTo` (exclusive), and not yet revoked.
 * Revocation counts from its own instant only, so earlier sign-offs stay valid (DESIGN §1).
 */
export function authorityValidAt(authority: AuthorityRecord, at: string): boolean {
  const t = millis(at);
  if (t < millis(authority.validFrom)) return false;
  if (authority.validTo !== undefined && t >= millis(authority.validTo)) return false;
  if (authority.revokedAt !== undefined && t >= millis(authority.revokedAt)) return false;
  return true;
}

export type AuthorityLookup =
  | { readonly ok: true; readonly authority: AuthorityRecord }
  | {
      readonly ok: false;
      readonly code:
        | typeof ErrorCode.NoValidAuthority
        | typeof ErrorCode.AuthorityCategoryNotCovered
        | typeof ErrorCode.AuthorityValueExceeded;
      readonly message: string;
    };

/**
 * The delegated authority a member relies on to commit their organisation to a decision of
 * `category` and `valuePence` (0 when the decision has no value) at instant `at`. A person who is
 * no longer a member holds no authority. When several authorities cover it, the narrowest (the
 * lowest sufficient value limit, then the lowest id) is chosen, so the choice is deterministic.
 */
export function findAuthority(
  organisation: OrganisationState | undefined,
  personId: string,
  category: DecisionCategory,
  valuePence: number,
  at: string,
): AuthorityLookup {
  if (!organisation || !isMember(organisation, personId)) {
    return {
      ok: false,
      code: ErrorCode.NoValidAuthority,
      message: `${personId} is not a member and holds no delegated authority`,
    };
  }
  const valid = entries(organisation.authorities).filter((a) => a.personId === personId && authorityValidAt(a, at));
  if (valid.length === 0) {
    return {
      ok: false,
      code: ErrorCode.NoValidAuthority,
      message: `${personId} holds no delegated authority valid at ${at}`,
    };
  }
  const forCategory = valid.filter((a) => a.categories.includes(category));
  if (forCategory.length === 0) {
    return {
      ok: false,
      code: ErrorCode.AuthorityCategoryNotCovered,
      message: `${personId}'s delegated authority does not cover ${category} decisions`,
    };
  }
  const sufficient = forCategory
    .filter((a) => a.valueLimitPence >= valuePence)
    .sort(
      (a, b) =>
        a.valueLimitPence - b.valueLimitPence ||
        (a.authorityId < b.authorityId ? -1 : a.authorityId > b.authorityId ? 1 : 0),
    );
  if (sufficient.length === 0) {
    const highest = Math.max(...forCategory.map((a) => a.valueLimitPence));
    return {
      ok: false,
      code: ErrorCode.AuthorityValueExceeded,
      message: `the decision's value (${valuePence}p) exceeds ${personId}'s delegated limit (${highest}p)`,
    };
  }
  return { ok: true, authority: sufficient[0] };
}
