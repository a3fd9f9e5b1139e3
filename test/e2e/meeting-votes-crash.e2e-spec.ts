import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiHarness, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { exited } from '../support/processes';
import { addClerk, boardPartnership, heldMeeting, okafor, openDecision } from '../support/meeting-board';
import { seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';
import { TEST_KEK } from '../support/test-keys';

const CRASH = join(__dirname, '..', '..', 'dist', 'test', 'support', 'meeting-votes-crash.js');
const { patel, reid } = SMALL_LEDGER;
const partnershipId = 'camden-board';
const meetingId = 'board-killed';

/**
 * The clerk's minuted votes are two appends (the meeting's VoteRecorded, then the decision's
 * MeetingVotesCounted). A process SIGKILLed between them leaves the votes uncounted; the next
 * start counts them (MeetingVoteCounter), once, dated when they were taken, without the clerk
 * doing anything; the clerk's own retry is then refused.
 */
describe('minuted votes whose count was cut off by a SIGKILL', () => {
  let db: TestDatabase;
  let api: ApiHarness | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-meeting-crash-'));
  const env = () => ({ DATABASE_URL: db.url, ACCORD_DATA_DIR: dataDir });
  const decisionLog = async () =>
    (
      await db.pool.query<{ e: { type: string; data: Record<string, unknown> } }>(
        `SELECT convert_from(canonical, 'UTF8')::jsonb AS e FROM events WHERE stream_id = 'decision-killed' ORDER BY revision`,
      )
    ).rows.map((r) => r.e);

  beforeAll(async () => {
    db = await createTestDatabase(testEngines()[0]);
    api = await startApi(env());
    await seedSmallLedger(api);
    await addClerk(api);
    await boardPartnership(api, partnershipId);
    await openDecision(api, partnershipId, 'killed');
    await heldMeeting(api, { meetingId, partnershipId, decisionId: 'killed', startsAt: new Date().toISOString() }, [
      'present',
      'present',
    ]);
    await api.close();
    api = undefined;
  }, 60_000);
  afterAll(async () => {
    await api?.close();
    await db?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts them at the next start, once, dated when they were taken', async () => {
    const votedAt = new Date().toISOString();
    const votes = [
      { personId: patel.personId, stance: 'agree' },
      { personId: reid.personId, stance: 'agree' },
    ];
    const command = {
      target: {
        kind: 'meeting',
        id: meetingId,
        command: {
          type: 'RecordVotes',
          meetingId,
          itemId: 'item-1',
          method: 'show-of-hands',
          votes,
          occurredAt: votedAt,
        },
      },
      ctx: { actor: okafor, correlationId: 'meeting-votes-crash', now: new Date().toISOString() },
    };
    const child = spawn(process.execPath, [CRASH, db.url, dataDir, JSON.stringify(command)], {
      env: { ...process.env, ACCORD_KEK: TEST_KEK },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => d.toString().includes('meeting written') && resolve()),
    );
    child.kill('SIGKILL');
    await exited(child);
    const recorded = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE stream_id = $1 AND type = 'VoteRecorded'`,
      [`meeting-${meetingId}`],
    );
    expect(recorded.rows[0].n).toBe(2);
    expect((await decisionLog()).map((e) => e.type)).toEqual(['DecisionDrafted', 'DecisionOpened']);

    api = await startApi(env());
    const deadline = Date.now() + 30_000;
    while ((await decisionLog()).length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const log = await decisionLog();
    expect(log.map((e) => e.type)).toEqual([
      'DecisionDrafted',
      'DecisionOpened',
      'MeetingVotesCounted',
      'DecisionApproved',
    ]);
    expect(log[2].data).toMatchObject({
      meetingId,
      itemId: 'item-1',
      occurredAt: votedAt,
      countedBy: { personId: okafor.personId },
      votes: [
        { personId: patel.personId, stance: 'agree' },
        { personId: reid.personId, stance: 'agree' },
      ],
    });
    expect(log[3].data).toMatchObject({ approvedAt: votedAt, tally: { agree: 2, disagree: 0, abstain: 0 } });

    // The clerk, not knowing, records the votes again: refused (the decision is decided), nothing counted twice.
    const retried = await api.request('POST', `/v1/meetings/${meetingId}/items/item-1/votes`, {
      token: await api.token(okafor),
      body: { method: 'show-of-hands', votes, occurredAt: votedAt },
    });
    expect({ status: retried.status, code: retried.body.code }).toEqual({ status: 422, code: 'decision-not-open' });
    const head = await db.pool.query<{ p: number }>('SELECT max(position)::int AS p FROM events');
    const decision = await api.request('GET', `/v1/decisions/killed?minPosition=${head.rows[0].p}`, {
      token: await api.token(patel),
    });
    expect(decision.body).toMatchObject({ status: 'approved' });
    expect(await decisionLog()).toHaveLength(4);
  }, 90_000);
});
