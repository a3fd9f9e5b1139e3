import { belongsToOrg, hasRole, isPlatformAdmin, Principal } from '@accord/access';
import { PartnershipState } from '@accord/domain';

/**
 * DESIGN §7: nobody reads a partnership (or its decisions) unless their organisation is party to
 * it; auditors read everything, platform admins too. Callers who may not see it are told it does
 * not exist, so ids cannot be probed.
 */
export function maySeePartnership(caller: Principal, partnership: PartnershipState): boolean {
  if (isPlatformAdmin(caller) || hasRole(caller, 'auditor')) return true;
  return partnership.parties.some((party) => belongsToOrg(caller, party));
}
