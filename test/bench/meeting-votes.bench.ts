/**
 * `npm run bench:meeting-votes [-- --items 40 --consoles 20 --rounds 2 --port N]`: recording one agenda item's
 * votes of a meeting (six present board members, POST /v1/meetings/{id}/items/{item}/votes, one
 * atomic request) against one member's vote in person (POST /v1/decisions/{id}/votes), in the same
 * run, interleaved one for one, sequentially (latency, not throughput). Then the API's CPU while the
 * clerk records --items more items' votes (6 each: 240 votes by default) with nobody watching,
 * against the same with --consoles consoles open on the partnership, each following /v1/feed and
 * refetching the timeline as the console's partnership page does on live events (300 ms later,
 * up to 2 s while events keep coming, at the newest event's position, only what changed since the
 * version it holds, merged), the two
 * alternated --rounds times (one meeting each) so that a machine whose load moves during the run
 * weighs on both alike; the figure is the sums' ratio. Starts the API as `npm start` would (child process, embedded
 * PostgreSQL, fresh data directory; on ports N and N+1 with --port); a partnership of two parties
 * with six board members and a clerk, 1 + 2 × --rounds meetings of --items decisions on their agendas and --items more
 * voted on in person. With PROFILE_API=<dir>, the API writes a CPU profile there. Targets (issue 17): the six votes ≤ 1.5× the one vote, medians; the API's CPU
 * with the consoles open ≤ 1.5× that of the votes alone.
 */
import { loadavg } from 'node:os';
import type { PartnershipTimeline, TimelineDelta } from '@accord/contracts';
import { AccordClient, Caller } from '../../apps/cli/src/client/accord-client';
import { openSse, SseConnection } from '../support/sse-client';
import { argNumber, argValue, Figure, printTable, publishFigures, ratioFigure } from './bench-kit';
import { startUnlimitedApi } from './unlimited-api';
import { admin, governor, ORGS, PARTNERSHIP, setUpVoters } from './vote-load';

const DAY = 24 * 3_600_000;
/** How long both rounds go on measuring after the last vote: the consoles' longest wait (LivePacing), and a little. */
const TAIL_MS = 2_100;
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

/**
 * A console open on the partnership's page: it follows the feed from `fromPosition` and, on events
 * of the partnership, refetches the timeline at the newest one's position when the console's
 * LivePacing (apps/console/src/api/live-pacing.ts, which this build cannot import) says, since the
 * version it holds (read whole when the page opened), as PartnershipPage does; what it asks and is
 * answered is the console's, its merge (client CPU) left out. Resolves once connected; `settled`
 * once no refetch is due or under way.
 */
async function openConsole(
  baseUrl: string,
  token: string,
  fromPosition: number,
  refetched: (outcome: unknown) => void,
): Promise<SseConnection & { settled(): Promise<void> }> {
  const authorization = `Bearer ${token}`;
  let newest = 0;
  let timer: NodeJS.Timeout | undefined;
  let underWay: Promise<unknown> = Promise.resolve();
  // LivePacing: 300 ms after a quiet spell, twice the last wait (at most 2 s) for an event within it.
  let wait = 300;
  let refetchedAt = Number.NEGATIVE_INFINITY;
  const read = async (query: string) => {
    const res = await fetch(`${baseUrl}/v1/partnerships/${PARTNERSHIP}/timeline?${query}`, {
      headers: { authorization },
    });
    if (!res.ok) throw new Error(`timeline: ${res.status} ${await res.text()}`);
    return (await res.json()) as PartnershipTimeline | TimelineDelta;
  };
  let version = (await read(`minPosition=${fromPosition}`)).version;
  const refetch = async () => {
    timer = undefined;
    refetchedAt = Date.now();
    const held = version;
    const answer = await read(`minPosition=${newest}&since=${held}`);
    if ('since' in answer && answer.since !== held) throw new Error(`a delta since ${answer.since}, not ${held}`);
    version = answer.version;
    return answer;
  };
  const connection = await openSse(
    `${baseUrl}/v1/feed`,
    { authorization, 'last-event-id': String(fromPosition) },
    (message) => {
      const event = JSON.parse(message.data) as { position: number; data?: { partnershipId?: string } };
      if (event.data?.partnershipId !== PARTNERSHIP) return;
      newest = Math.max(newest, event.position);
      if (timer !== undefined) return;
      wait = Date.now() - refetchedAt < wait ? Math.min(2 * wait, 2_000) : 300;
      timer = setTimeout(() => (underWay = refetch().then(refetched, refetched)), wait);
    },
  );
  if (connection.status !== 200) throw new Error(`/v1/feed: ${connection.status}`);
  const settled = async (): Promise<void> => {
    for (;;) {
      if (timer !== undefined) {
        await new Promise((r) => setTimeout(r, 50));
        continue;
      }
      const last = underWay;
      await last;
      if (last === underWay && timer === undefined) return;
    }
  };
  return { ...connection, settled, close: () => (clearTimeout(timer), connection.close()) };
}

async function main(): Promise<void> {
  const items = Math.min(argNumber('items', 40), 50);
  const consoles = argNumber('consoles', 20);
  const rounds = argNumber('rounds', 2);
  const port = argValue('port');
  const { api, client, conditions } = await startUnlimitedApi(
    port === undefined ? {} : { PORT: port, EMBEDDED_PG_PORT: String(Number(port) + 1) },
    { nodeArgs: process.env.PROFILE_API ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROFILE_API}`] : [] },
  );
  try {
    const voters = await setUpVoters(client, 6, 1);
    await client.command(admin, `/v1/organisations/${clerk.orgId}/members`, {
      personId: clerk.personId,
      jobTitle: 'Democratic Services Officer',
    });
    await client.command(admin, `/v1/organisations/${clerk.orgId}/roles`, { personId: clerk.personId, role: 'clerk' });
    const inPerson = await openDecisions(client, 'in-person', items);
    // One meeting per measurement: an agenda has at most 100 items.
    const plan = Array.from({ length: rounds }, (_, r) => ({
      alone: `bench-alone-${r}`,
      watched: `bench-watched-${r}`,
    }));
    const meetings = ['bench-board', ...plan.flatMap((r) => [r.alone, r.watched])];
    const startsAt = new Date().toISOString();
    for (const meetingId of meetings) {
      const agenda = await openDecisions(client, meetingId, items);
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
    }
    const clerkToken = await client.token(clerk);
    const tokens = voters.map((v) => v.token);
    const post = async (token: string, path: string, body: unknown, key: string): Promise<number> => {
      const res = await fetch(`${api.baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
        body: JSON.stringify(body),
      });
      if (res.status !== 201 && res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { position: number }).position;
    };
    const recordItem = (meetingId: string, i: number) =>
      post(
        clerkToken,
        `/v1/meetings/${meetingId}/items/item-${i}/votes`,
        {
          method: 'recorded-vote',
          votes: voters.map((v, n) => ({ personId: v.caller.personId, stance: n % 3 === 0 ? 'disagree' : 'agree' })),
          occurredAt: new Date().toISOString(),
        },
        `${meetingId}-${i}`,
      );
    const loadAtStart = loadavg()[0];
    const six: number[] = [];
    const one: number[] = [];
    for (let i = 0; i < items; i++) {
      six.push(await timed(() => recordItem(meetings[0], i)));
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

    /**
     * API and PostgreSQL CPU seconds while the clerk records every item's votes of a meeting, then
     * until `after` settles. Both rounds measure at least TAIL_MS past the last vote: what the API
     * still does then (projections, the sealer) is in both, and the consoles' last refetches, due
     * up to 2 s after the last events, in the watched one.
     */
    const recordingCpu = async (meetingId: string, after: () => Promise<unknown>) => {
      const before = api.cpuSeconds();
      let position = 0;
      for (let i = 0; i < items; i++) position = await recordItem(meetingId, i);
      await after();
      const end = api.cpuSeconds();
      return { api: end.api - before.api, postgres: end.postgres - before.postgres, position };
    };
    const tail = () => new Promise((r) => setTimeout(r, TAIL_MS));
    const loadAtAlone = loadavg()[0];
    const alone = { api: 0, postgres: 0 };
    const watched = { api: 0, postgres: 0 };
    let refetches = 0;
    const failures: Error[] = [];
    for (const round of plan) {
      const quiet = await recordingCpu(round.alone, tail);
      alone.api += quiet.api;
      alone.postgres += quiet.postgres;
      const open = await Promise.all(
        Array.from({ length: consoles }, (_, c) =>
          openConsole(api.baseUrl, tokens[c % tokens.length], quiet.position, (outcome) =>
            outcome instanceof Error ? failures.push(outcome) : refetches++,
          ),
        ),
      );
      const busy = await recordingCpu(round.watched, () => Promise.all([tail(), ...open.map((c) => c.settled())]));
      watched.api += busy.api;
      watched.postgres += busy.postgres;
      for (const c of open) c.close();
      // The feed's hub follows the log for 30 s after its last subscriber left (FeedHub's
      // idleStopMs): a cost of the consoles, so the next quiet round starts once it has stopped.
      if (round !== plan[plan.length - 1]) await new Promise((r) => setTimeout(r, 31_000));
    }
    if (failures.length > 0) throw new Error(`${failures.length} console refetches failed: ${failures[0].message}`);

    const votes = 6 * items;
    const figures: Figure[] = [
      { name: 'machine load average (1 min) when the votes started', value: loadAtStart, unit: 'runnable processes' },
      ratioFigure(
        `one agenda item's votes of 6 present members in one request ÷ one vote in person (medians of ${items})`,
        { name: '6 minuted votes', value: median(six), unit: 'ms' },
        { name: '1 vote', value: median(one), unit: 'ms' },
        '≤',
        1.5,
      ),
      {
        name: 'machine load average (1 min) when the CPU comparison started',
        value: loadAtAlone,
        unit: 'runnable processes',
      },
      ratioFigure(
        `API CPU while the clerk records ${votes} votes with ${consoles} consoles open on the partnership ÷ with none (sums of ${rounds} rounds, alternated)`,
        { name: `${consoles} consoles`, value: watched.api * 1000, unit: 'ms CPU' },
        { name: 'no console', value: alone.api * 1000, unit: 'ms CPU' },
        '≤',
        1.5,
      ),
      { name: `timeline refetches by the ${consoles} consoles`, value: refetches, unit: 'requests' },
      {
        name: `PostgreSQL CPU while recording ${votes} votes, ${consoles} consoles ÷ none`,
        value: watched.postgres / alone.postgres,
        unit: '×',
      },
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
