import type { ApiHarness, Caller } from './api-harness';
import { asCaller, SMALL_LEDGER } from './small-ledger';
import { ago, DAY } from './two-clocks';

/**
 * A board-majority partnership of the small ledger (Camden and Peabody, Patel and Reid on the
 * board) with a clerk, its decisions and meetings: what the suites about minuted votes stand on.
 */
const { camdenAdmin, patel, reid } = SMALL_LEDGER;
export const okafor: Caller = { personId: 'j.okafor', orgId: 'camden-council', roles: ['member', 'clerk'] };
export const PAPERS_SHA = 'd'.repeat(64);

/** Camden's Democratic Services Officer, granted the clerk role in the ledger. */
export async function addClerk(api: ApiHarness): Promise<void> {
  await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/members', {
    personId: okafor.personId,
    jobTitle: 'Democratic Services Officer',
  });
  await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/roles', {
    personId: okafor.personId,
    role: 'clerk',
  });
}

/** Active, quorum 2, Patel and Reid on the board; with a casting vote, Patel chairs it. */
export async function boardPartnership(
  api: ApiHarness,
  partnershipId: string,
  terms: { chairCastingVote?: boolean } = {},
): Promise<void> {
  await asCaller(api, patel, 'POST', '/v1/partnerships', {
    partnershipId,
    title: `Board ${partnershipId}`,
    purpose: 'Decided by the board, by majority',
    parties: ['camden-council', 'peabody'],
  });
  await asCaller(api, patel, 'POST', `/v1/partnerships/${partnershipId}/terms`, {
    version: 1,
    approvalRule: 'board-majority',
    quorum: 2,
    textSha256: PAPERS_SHA,
    ...terms,
  });
  for (const person of [patel, reid]) {
    await asCaller(api, person, 'POST', `/v1/partnerships/${partnershipId}/join`, {});
    await asCaller(api, person, 'POST', `/v1/partnerships/${partnershipId}/board`, {
      personId: person.personId,
      ...(terms.chairCastingVote && person === patel ? { boardRole: 'Chair' } : {}),
    });
  }
}

/** A land-disposal motion, opened until a day from now. */
export async function openDecision(api: ApiHarness, partnershipId: string, decisionId: string): Promise<void> {
  await asCaller(api, patel, 'POST', `/v1/partnerships/${partnershipId}/decisions`, {
    decisionId,
    title: `Motion ${decisionId}`,
    motion: 'That the board approves the scheme.',
    category: 'land-disposal',
  });
  await asCaller(api, patel, 'POST', `/v1/decisions/${decisionId}/open`, {
    closesAt: new Date(Date.now() + DAY).toISOString(),
  });
}

/** A meeting on `decisionId` (item-1), called weeks ago, starting at `startsAt`, Patel's and Reid's presence as given. */
export async function heldMeeting(
  api: ApiHarness,
  meeting: { meetingId: string; partnershipId: string; decisionId: string; startsAt: string },
  presence: [string, string],
): Promise<void> {
  const { meetingId, partnershipId, decisionId, startsAt } = meeting;
  await asCaller(api, okafor, 'POST', `/v1/partnerships/${partnershipId}/meetings`, {
    meetingId,
    startsAt,
    place: 'Camden Town Hall, Committee Room 1',
    agenda: [{ itemId: 'item-1', title: 'The motion', decisionId, papers: [{ title: 'Report', sha256: PAPERS_SHA }] }],
    occurredAt: ago(21 * DAY),
  });
  await asCaller(api, okafor, 'POST', `/v1/meetings/${meetingId}/notice`, { occurredAt: ago(14 * DAY) });
  await asCaller(api, okafor, 'POST', `/v1/meetings/${meetingId}/attendance`, {
    attendance: [
      { personId: patel.personId, presence: presence[0] },
      { personId: reid.personId, presence: presence[1] },
    ],
    occurredAt: startsAt,
  });
}
