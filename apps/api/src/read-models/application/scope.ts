import { hasRole, isPlatformAdmin, Principal } from '@accord/access';

/** Auditors and platform admins see every partnership (DESIGN §7, as libs/server/src/ledger/visibility.ts). */
export function seesAll(caller: Principal): boolean {
  return isPlatformAdmin(caller) || hasRole(caller, 'auditor');
}

/**
 * SQL for "partnerships this caller may see": `param` holds {@link scopeParam}, null for those
 * who see everything, else the caller's organisation, which must be party to the partnership.
 */
export function visiblePartnershipsSql(param: string): string {
  return `(${param}::text IS NULL OR partnership_id IN (SELECT partnership_id FROM rm_partnerships WHERE parties @> ARRAY[${param}]::text[]))`;
}

export function scopeParam(caller: Principal): string | null {
  return seesAll(caller) ? null : caller.orgId;
}

export function maySeeParties(caller: Principal, parties: readonly string[]): boolean {
  return seesAll(caller) || parties.includes(caller.orgId);
}
