/**
 * The vote-change load of `bench:commands`, `soak` and the witness bench: a partnership whose board
 * members change their votes agree ⇄ disagree on open decisions, each member with a token of their
 * own, and autocannon sending those changes.
 */
import { AccordClient, Caller } from '../../apps/cli/src/client/accord-client';
import { ApiProcess, AutocannonClient, AutocannonResult, loadAutocannon } from './api-process';

export const PARTNERSHIP = 'bench-partnership';
export const ORGS = [
  { id: 'bench-council', name: 'Bench Borough Council', kind: 'local-authority' },
  { id: 'bench-association', name: 'Bench Housing Association', kind: 'housing-association' },
] as const;

export const admin: Caller = { personId: 'bench.admin', orgId: 'platform', roles: ['admin'] };
export const governor = (orgId: string): Caller => ({ personId: `gov.${orgId}`, orgId, roles: ['member'] });

export interface Voter {
  /** Vote changes sent so far: each one flips the stance and has a reason of its own. */
  sent: number;
  caller: Caller;
  token: string;
  decisionId: string;
}

export async function setUpVoters(client: AccordClient, connections: number, decisions: number): Promise<Voter[]> {
  for (const o of ORGS) {
    await client.command(admin, '/v1/organisations', { organisationId: o.id, name: o.name, kind: o.kind });
    await client.command(admin, `/v1/organisations/${o.id}/members`, {
      personId: governor(o.id).personId,
      jobTitle: 'Director of Governance',
    });
    await client.command(admin, `/v1/organisations/${o.id}/authorities`, {
      personId: governor(o.id).personId,
      categories: ['governance', 'other'],
      valueLimitPence: 0,
      instrument: 'Benchmark scheme of delegation §1',
      validFrom: '2025-01-01T00:00:00Z',
    });
  }
  await client.command(governor(ORGS[0].id), '/v1/partnerships', {
    partnershipId: PARTNERSHIP,
    title: 'Benchmark Partnership',
    purpose: 'Load testing',
    parties: ORGS.map((o) => o.id),
  });
  for (const o of ORGS) await client.command(governor(o.id), `/v1/partnerships/${PARTNERSHIP}/join`, {});

  const members: Caller[] = [];
  for (let i = 0; i < connections; i++) {
    const org = ORGS[i % ORGS.length].id;
    const member: Caller = { personId: `board.${String(i).padStart(3, '0')}`, orgId: org, roles: ['member'] };
    await client.command(admin, `/v1/organisations/${org}/members`, {
      personId: member.personId,
      jobTitle: 'Board member',
    });
    await client.command(governor(org), `/v1/partnerships/${PARTNERSHIP}/board`, { personId: member.personId });
    members.push(member);
  }

  const closesAt = new Date(Date.now() + 24 * 3600_000).toISOString();
  const decisionIds: string[] = [];
  for (let d = 0; d < decisions; d++) {
    const decisionId = `bench-decision-${String(d).padStart(3, '0')}`;
    await client.command(governor(ORGS[0].id), `/v1/partnerships/${PARTNERSHIP}/decisions`, {
      decisionId,
      title: `Benchmark decision ${d}`,
      motion: 'That the benchmark runs.',
      category: 'other',
    });
    await client.command(governor(ORGS[0].id), `/v1/decisions/${decisionId}/open`, { closesAt });
    decisionIds.push(decisionId);
  }

  const voters: Voter[] = [];
  for (const [i, member] of members.entries()) {
    const decisionId = decisionIds[i % decisionIds.length];
    await client.command(member, `/v1/decisions/${decisionId}/votes`, { stance: 'agree', reason: 'First view' });
    voters.push({ caller: member, token: await client.token(member), decisionId, sent: 0 });
  }
  return voters;
}

/** Gives each autocannon connection the next voter, whose every request changes their vote. */
export function voteChanges(voters: Voter[]): (c: AutocannonClient) => void {
  let next = 0;
  return (c: AutocannonClient) => {
    const voter = voters[next++ % voters.length];
    c.setRequests([
      {
        method: 'POST',
        path: `/v1/decisions/${voter.decisionId}/votes/change`,
        headers: { authorization: `Bearer ${voter.token}`, 'content-type': 'application/json' },
        // agree ⇄ disagree, and a reason of its own each time: every request is a real change
        // even right after one that failed (an unchanged vote would be refused with 422).
        setupRequest: (request) => {
          voter.sent++;
          return {
            ...request,
            body: JSON.stringify({
              stance: voter.sent % 2 === 1 ? 'disagree' : 'agree',
              reason: `Benchmark: considered view no. ${voter.sent}`,
            }),
          };
        },
      },
    ]);
  };
}

/** Vote changes for `seconds`, optionally at a fixed overall rate; `onResponse` sees each answer. */
export function voteLoad(
  api: ApiProcess,
  voters: Voter[],
  connections: number,
  seconds: number,
  onResponse: (status: number, ms: number) => void,
  overallRate?: number,
): Promise<AutocannonResult> {
  const instance = loadAutocannon()({
    url: api.baseUrl,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
    ...(overallRate ? { overallRate } : {}),
    setupClient: voteChanges(voters),
  });
  instance.on('response', (_client, status, _bytes, ms) => onResponse(status, ms));
  return Promise.resolve(instance);
}
