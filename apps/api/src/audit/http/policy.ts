import { Pool } from 'pg';
import { formatPolicy, parseWitnessVerifierKey } from '@accord/audit';
import { NotFoundError } from '@accord/platform';
import { readCurrentWitnesses, readPartnershipParties } from '@accord/projections';

/**
 * The policy an auditor keeps: the log's key and every party's registered witness, all required
 * (named by organisation id). A party without a witness, or whose registered vkey does not parse
 * (its key ID does not match its key), is named in a comment instead: a policy requiring it
 * could never be met.
 */
export async function printPolicy(pool: Pool, logVkey: string, partnershipId?: string): Promise<string> {
  let parties: string[] | undefined;
  if (partnershipId !== undefined) {
    parties = await readPartnershipParties(pool, partnershipId);
    if (parties === undefined)
      throw new NotFoundError('partnership-not-found', `no partnership ${partnershipId}`, { partnershipId });
  }
  const registered = await readCurrentWitnesses(pool, parties);
  const usable = registered.filter((w) => {
    try {
      parseWitnessVerifierKey(w.vkey);
      return true;
    } catch {
      return false;
    }
  });
  const comments = [
    partnershipId === undefined
      ? 'Every organisation’s witness of this log'
      : `The witnesses of partnership ${partnershipId}’s parties`,
    ...(parties ?? [])
      .filter((p) => !registered.some((w) => w.organisationId === p))
      .map((p) => `${p} has registered no witness`),
    ...registered.filter((w) => !usable.includes(w)).map((w) => `${w.organisationId}'s witness vkey is unusable`),
  ];
  return formatPolicy({
    logVkey,
    witnesses: usable.map((w) => ({ name: w.organisationId, vkey: w.vkey, url: w.url })),
    comments,
  });
}
