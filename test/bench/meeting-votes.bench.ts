/**
 * `npm run bench:meeting-votes [-- --items 40]`: recording one agenda item's votes of a meeting
 * (six present board members, POST /v1/meetings/{id}/items/{item}/votes, one atomic request) against
 * one member's vote in person (POST /v1/decisions/{id}/votes), in the same run, interleaved one for
 * one, sequentially (latency, not throughput). Starts the API as `npm start` would (child process,
 * embedded PostgreSQL, fresh data directory); a partnership of two parties with six board members
 * and a clerk, --items decisions on the meeting's agenda and --items more voted on in person.
 * Target (issue 17): the six votes ≤ 1.5× the one vote, medians.
 */
import { loadavg } from 'node:os';
import { AccordClient, Caller } from '../../apps/cli/src/client/accord-client';
import { argNumber, Figure, printTable, publishFigures, ratioFigure } from './bench-kit';
import { startUnlimitedApi } from './unlimited-api';
import { admin, governor, ORGS, PARTNERSHIP, setUpVoters } from './vote-load';

const DAY = 24 * 3_600_000;
const clerk: Caller = { personId: 'bench.clerk', orgId: ORGS[0].id, roles: ['member', 'clerk'] };
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

async function openDecisions(client: AccordClient, prefix: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  const closesAt = new Date(Date.now() + DAY).toISOString();
  for (let d = 0; d < count; d++) {
    const decisionId = `${prefix}-${String(d).padStart(3, '0')}`;
    await client.command(governor(ORGS[0].id), `/v1/partnerships/${PARTNERSHIP}/decisions`, {
      decisionId,
      title: `Benchmark item ${d}`,
      motion: 'That the board agrees.',
      category: 'other',
    });
    await client.command(governor(ORGS[0].id), `/v1/decisions/${decisionId}/open`, { closesAt });
    ids.push(decisionId);
  }
  return ids;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const items = Math.min(argNumber('items', 40), 50);
  const { api, client, conditions } = await startUnlimitedApi();
  try {
    const voters = await setUpVoters(client, 6, 1);
    await client.command(admin, `/v1/organisations/${clerk.orgId}/members`, {
      personId: clerk.personId,
      jobTitle: 'Democratic Services Officer',
    });
    await client.command(admin, `/v1/organisations/${clerk.orgId}/roles`, { personId: clerk.personId, role: 'clerk' });
    const agenda = await openDecisions(client, 'meeting-item', items);
    const inPerson = await openDecisions(client, 'in-person', items);
    const meetingId = 'bench-board';
    const startsAt = new Date().toISOString();
    await client.command(clerk, `/v1/partnerships/${PARTNERSHIP}/meetings`, {
      meetingId,
      startsAt,
      place: 'Committee Room 1',
      agenda: agenda.map((decisionId, i) => ({
        itemId: `item-${i}`,
        title: `Item ${i}`,
        decisionId,
        papers: [{ title: 'Report', sha256: 'd'.repeat(64) }],
      })),
      occurredAt: ago(21 * DAY),
    });
    await client.command(clerk, `/v1/meetings/${meetingId}/notice`, { occurredAt: ago(14 * DAY) });
    await client.command(clerk, `/v1/meetings/${meetingId}/attendance`, {
      attendance: voters.map((v) => ({ personId: v.caller.personId, presence: 'present' })),
      occurredAt: startsAt,
    });
    const clerkToken = await client.token(clerk);
    const tokens = voters.map((v) => v.token);
    const post = async (token: string, path: string, body: unknown, key: string) => {
      const res = await fetch(`${api.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
      if (res.status !== 201 && res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    };
    const loadAtStart = loadavg()[0];
    const six: number[] = [];
    const one: number[] = [];
    for (let i = 0; i < items; i++) {
      six.push(
        await timed(() =>
          post(
            clerkToken,
            `/v1/meetings/${meetingId}/items/item-${i}/votes`,
            {
              method: 'recorded-vote',
              votes: voters.map((v, n) => ({
                personId: v.caller.personId,
                stance: n % 3 === 0 ? 'disagree' : 'agree',
              })),
              occurredAt: new Date().toISOString(),
            },
            `six-${i}`,
          ),
        ),
      );
      one.push(
        await timed(() =>
          post(
            tokens[i % tokens.length],
            `/v1/decisions/${inPerson[i]}/votes`,
            { stance: 'agree', reason: 'Supports the scheme' },
            `one-${i}`,
          ),
        ),
      );
    }
    const figures: Figure[] = [
      { name: 'machine load average (1 min) when the votes started', value: loadAtStart, unit: 'runnable processes' },
      ratioFigure(
        `one agenda item's votes of 6 present members in one request ÷ one vote in person (medians of ${items})`,
        { name: '6 minuted votes', value: median(six), unit: 'ms' },
        { name: '1 vote', value: median(one), unit: 'ms' },
        '≤',
        1.5,
      ),
    ];
    const table = printTable(`meeting votes, ${items} items interleaved with ${items} votes in person`, figures);
    publishFigures('meeting-votes', conditions, figures, table);
  } finally {
    await api.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
