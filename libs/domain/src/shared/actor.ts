/**
 * Who acts. Always the verified caller (from the token), never a field of a request body.
 * Roles come from the token (DESIGN §7); authority to commit an organisation comes from the
 * ledger (delegated-authority events), never from a role.
 */
export interface Actor {
  readonly personId: string;
  readonly orgId: string;
  readonly roles: readonly string[];
}

export const ROLES = ['admin', 'org-admin', 'member', 'auditor', 'governance', 'clerk', 'scrutiny'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles beyond `member` that an organisation grants its members in the ledger (RoleGranted),
 * never self-chosen (DESIGN §7). `admin` is the platform's, not an organisation's.
 */
export const GRANTABLE_ROLES = ['org-admin', 'governance', 'clerk', 'scrutiny', 'auditor'] as const;
export type GrantableRole = (typeof GRANTABLE_ROLES)[number];

/** A person acting for an organisation, as recorded on events ("who did it, for whom"). */
export interface PersonRef {
  readonly personId: string;
  readonly orgId: string;
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}

export function personRef(actor: Actor): PersonRef {
  return { personId: actor.personId, orgId: actor.orgId };
}
