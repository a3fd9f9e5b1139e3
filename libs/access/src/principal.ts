/**
 * Who is calling (DESIGN §7): the verified subject of a bearer token.
 *
 * A principal says who someone is and which coarse roles their token carries. It grants no
 * authority to sign anything: that comes from the ledger's delegated-authority events.
 */

/** Every role Accord knows, in a fixed order. */
export const ROLES = ['admin', 'org-admin', 'member', 'auditor', 'governance', 'clerk', 'scrutiny'] as const;

/**
 * - `admin`: platform administrator (passes every role check, see {@link satisfiesRoles});
 * - `org-admin`: administers their own organisation;
 * - `member`: an ordinary member of their organisation;
 * - `auditor`: reads and exports;
 * - `governance`: reads its own organisation's reports;
 * - `clerk`: records its partnerships' meetings (what a clerk may record is checked against the
 *   role granted in the ledger, not the token);
 * - `scrutiny`: scrutinises its organisation's decisions.
 */
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** The person's id (the token's `sub`). */
  personId: string;
  /** The organisation the person acts for (the token's `org`). */
  orgId: string;
  /** Known roles only, without duplicates, in {@link ROLES} order. */
  roles: Role[];
}

const ROLE_SET: ReadonlySet<string> = new Set(ROLES);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && ROLE_SET.has(value);
}

/**
 * Keeps the known roles of `values` (strings that are not roles, and non-strings, are dropped),
 * without duplicates and in {@link ROLES} order.
 */
export function normaliseRoles(values: readonly unknown[]): Role[] {
  const present = new Set(values.filter(isRole));
  return ROLES.filter((role) => present.has(role));
}

/**
 * Builds a frozen principal. Throws a plain `TypeError` on an empty id or an unknown role:
 * callers hand it values they have already validated.
 */
export function createPrincipal(input: { personId: string; orgId: string; roles: readonly Role[] }): Principal {
  if (typeof input.personId !== 'string' || input.personId === '')
    throw new TypeError('personId must be a non-empty string');
  if (typeof input.orgId !== 'string' || input.orgId === '') throw new TypeError('orgId must be a non-empty string');
  const unknown = input.roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new TypeError(`unknown role(s): ${unknown.join(', ')}`);
  return Object.freeze({
    personId: input.personId,
    orgId: input.orgId,
    roles: Object.freeze(normaliseRoles(input.roles)) as Role[],
  });
}

/** Exactly this role (no implications: a platform `admin` does not "have" `auditor`). */
export function hasRole(principal: Pick<Principal, 'roles'>, role: Role): boolean {
  return principal.roles.includes(role);
}

export function isPlatformAdmin(principal: Pick<Principal, 'roles'>): boolean {
  return hasRole(principal, 'admin');
}

/**
 * The rule `@Roles(...)` enforces: no roles required, or the principal is a platform `admin`,
 * or the principal has at least one of `required`.
 */
export function satisfiesRoles(principal: Principal, required: readonly Role[]): boolean {
  if (required.length === 0) return true;
  if (isPlatformAdmin(principal)) return true;
  return required.some((role) => hasRole(principal, role));
}

/** The principal acts for this organisation. */
export function belongsToOrg(principal: Principal, orgId: string): boolean {
  return principal.orgId === orgId;
}

/** The principal is an `org-admin` of this organisation (a platform `admin` is not, by this test). */
export function isOrgAdminOf(principal: Principal, orgId: string): boolean {
  return belongsToOrg(principal, orgId) && hasRole(principal, 'org-admin');
}
