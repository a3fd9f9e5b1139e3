import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { addClerk, boardPartnership, heldMeeting, okafor, openDecision } from '../support/meeting-board';
import { seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';
import { ago, DAY } from '../support/two-clocks';

const { patel, reid } = SMALL_LEDGER;
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/**
 * Votes minuted by the clerk decide a board-majority decision as the members' own votes would:
 * at a quorate meeting they carry it; at an inquorate one they are refused and it stays open.
 */
for (const engine of testEngines()) {
  describe(`votes recorded at a meeting count in the decision, on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;
    const partnershipId = 'camden-board';
    const send = async (caller: Caller, path: string, body: unknown = {}) =>
      api.request('POST', path, { token: await api.token(caller), body });
    const decisionOf = async (decisionId: string, minPosition = 0) =>
      (
        await api.request('GET', `/v1/decisions/${decisionId}?minPosition=${minPosition}`, {
          token: await api.token(patel),
        })
      ).body;
    const decisionLog = async (decisionId: string) =>
      (
        await db.pool.query<{ type: string }>(
          `SELECT convert_from(canonical, 'UTF8')::jsonb->>'type' AS type FROM events WHERE stream_id = $1 ORDER BY revision`,
          [`decision-${decisionId}`],
        )
      ).rows.map((r) => r.type);

    const meeting = (meetingId: string, decisionId: string, startsAt: string, presence: [string, string]) =>
      heldMeeting(api, { meetingId, partnershipId, decisionId, startsAt }, presence);
    const votes = async (meetingId: string, occurredAt: string, idempotencyKey?: string) =>
      api.request('POST', `/v1/meetings/${meetingId}/items/item-1/votes`, {
        token: await api.token(okafor),
        headers: idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey },
        body: {
          method: 'show-of-hands',
          votes: [
            { personId: patel.personId, stance: 'agree' },
            { personId: reid.personId, stance: 'agree' },
          ],
          occurredAt,
        },
      });

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url });
      await seedSmallLedger(api);
      await addClerk(api);
      await boardPartnership(api, partnershipId);
      for (const decisionId of ['carried', 'not-carried']) await openDecision(api, partnershipId, decisionId);
      await tick();
    }, 60_000);
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    it('a quorate meeting’s minuted votes approve the decision, dated when they were taken', async () => {
      const startsAt = new Date().toISOString();
      await meeting('board-quorate', 'carried', startsAt, ['present', 'present']);
      await tick();
      const votedAt = new Date().toISOString();
      await tick();
      const recorded = await votes('board-quorate', votedAt, 'minuted-votes-1');
      expect(recorded.status).toBe(201);
      const decision = await decisionOf('carried', recorded.body.position);
      expect(decision).toMatchObject({ status: 'approved' });
      expect(await decisionLog('carried')).toEqual([
        'DecisionDrafted',
        'DecisionOpened',
        'MeetingVotesCounted',
        'DecisionApproved',
      ]);
      const approved = await db.pool.query<{ e: { data: { approvedAt: string; tally: unknown } } }>(
        `SELECT convert_from(canonical, 'UTF8')::jsonb AS e FROM events WHERE stream_id = 'decision-carried' AND revision = 4`,
      );
      expect(approved.rows[0].e.data).toMatchObject({
        approvedAt: votedAt,
        tally: { agree: 2, disagree: 0, abstain: 0, quorum: 2 },
      });
      // The clerk's retry (same Idempotency-Key) is answered from the log: counted once.
      const retried = await votes('board-quorate', votedAt, 'minuted-votes-1');
      expect({ status: retried.status, replayed: retried.body.replayed }).toEqual({ status: 201, replayed: true });
      expect(await decisionLog('carried')).toHaveLength(4);

      // The timeline and overview answer on the clock of when things happened (`at`).
      const view = async (path: string) => (await api.request('GET', path, { token: await api.token(patel) })).body;
      const statusAt = async (at: string) =>
        (await view(`/v1/partnerships/${partnershipId}/timeline?at=${at}`)).decisions.find(
          (d: { decisionId: string }) => d.decisionId === 'carried',
        )?.status;
      expect(await statusAt(startsAt)).toBe('open');
      expect(await statusAt(votedAt)).toBe('approved');
      const overviewAt = async (at: string) =>
        (await view(`/v1/partnerships/${partnershipId}/overview?at=${at}`)).decisions;
      expect(await overviewAt(startsAt)).toEqual({ open: 2 });
      expect(await overviewAt(votedAt)).toEqual({ open: 1, approved: 1 });

      // So does the register, newest first, filtered as the live one.
      const registered = async (query: string) =>
        (await view(`/v1/decisions?partnershipId=${partnershipId}&${query}`)).items.map(
          (d: { decisionId: string; status: string }) => `${d.decisionId} ${d.status}`,
        );
      expect(await registered(`at=${startsAt}`)).toEqual(['not-carried open', 'carried open']);
      expect(await registered(`at=${votedAt}`)).toEqual(['not-carried open', 'carried approved']);
      expect(await registered(`asOf=${votedAt}`)).toEqual(['not-carried open', 'carried open']);
      expect(await registered(`at=${votedAt}&status=approved`)).toEqual(['carried approved']);
      const firstPage = await view(`/v1/decisions?partnershipId=${partnershipId}&at=${votedAt}&limit=1`);
      expect(firstPage.items.map((d: { decisionId: string }) => d.decisionId)).toEqual(['not-carried']);
      expect(await registered(`at=${votedAt}&limit=1&cursor=${encodeURIComponent(firstPage.nextCursor)}`)).toEqual([
        'carried approved',
      ]);

      // So does the trail: by `at` what had happened, by `asOf` what the log held; each line has both clocks.
      const trailTypes = async (query: string) =>
        (await view(`/v1/decisions/carried/trail?${query}`)).lines.map((l: { type: string }) => l.type);
      expect(await trailTypes(`at=${startsAt}`)).toEqual(['DecisionDrafted', 'DecisionOpened']);
      expect(await trailTypes(`at=${votedAt}`)).toEqual([
        'DecisionDrafted',
        'DecisionOpened',
        'VoteRecorded',
        'VoteRecorded',
        'MeetingVotesCounted',
        'DecisionApproved',
      ]);
      // Taken at votedAt but recorded after it: the log did not hold them yet.
      expect(await trailTypes(`asOf=${votedAt}`)).toEqual(['DecisionDrafted', 'DecisionOpened']);
      expect(await trailTypes(`at=${votedAt}&asOf=${votedAt}`)).toEqual(['DecisionDrafted', 'DecisionOpened']);
      const counted = (await view(`/v1/partnerships/${partnershipId}/trail?at=${votedAt}`)).lines.find(
        (l: { type: string }) => l.type === 'MeetingVotesCounted',
      );
      expect(counted.occurredAt).toBe(votedAt);
      expect(Date.parse(counted.recordedAt)).toBeGreaterThan(Date.parse(votedAt));
    });

    it('a tie at the meeting waits for the chair’s casting vote, which decides it', async () => {
      const chaired = 'camden-chaired';
      await boardPartnership(api, chaired, { chairCastingVote: true });
      await openDecision(api, chaired, 'tied');
      await tick();
      const startsAt = new Date().toISOString();
      await heldMeeting(api, { meetingId: 'board-tied', partnershipId: chaired, decisionId: 'tied', startsAt }, [
        'present',
        'present',
      ]);
      await tick();
      const votedAt = new Date().toISOString();
      await tick();
      const tied = await send(okafor, '/v1/meetings/board-tied/items/item-1/votes', {
        method: 'recorded-vote',
        votes: [
          { personId: patel.personId, stance: 'agree' },
          { personId: reid.personId, stance: 'disagree' },
        ],
        occurredAt: votedAt,
      });
      expect(tied.status).toBe(201);
      expect(await decisionOf('tied', tied.body.position)).toMatchObject({ status: 'open' });
      const casting = await send(okafor, '/v1/meetings/board-tied/items/item-1/casting-vote', {
        stance: 'agree',
        occurredAt: votedAt,
      });
      expect(casting.status).toBe(201);
      expect(await decisionOf('tied', casting.body.position)).toMatchObject({ status: 'approved' });
      const log = await db.pool.query<{ e: { type: string; data: Record<string, unknown> } }>(
        `SELECT convert_from(canonical, 'UTF8')::jsonb AS e FROM events WHERE stream_id = 'decision-tied' ORDER BY revision`,
      );
      expect(log.rows.map((r) => r.e.type)).toEqual([
        'DecisionDrafted',
        'DecisionOpened',
        'MeetingVotesCounted',
        'MeetingVotesCounted',
        'DecisionApproved',
      ]);
      expect(log.rows[3].e.data.castingVote).toEqual({ personId: patel.personId, orgId: patel.orgId, stance: 'agree' });
      expect(log.rows[4].e.data).toMatchObject({
        approvedAt: votedAt,
        tally: { agree: 1, disagree: 1, abstain: 0, quorum: 2, casting: 'agree' },
      });
    });

    it('an inquorate meeting’s votes are refused and the decision stays open', async () => {
      const startsAt = new Date().toISOString();
      await meeting('board-inquorate', 'not-carried', startsAt, ['present', 'apologies']);
      await tick();
      const refused = await send(okafor, `/v1/meetings/board-inquorate/items/item-1/votes`, {
        method: 'show-of-hands',
        votes: [{ personId: patel.personId, stance: 'agree' }],
        occurredAt: new Date().toISOString(),
      });
      expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 422, code: 'meeting-inquorate' });
      expect(await decisionLog('not-carried')).toEqual(['DecisionDrafted', 'DecisionOpened']);
      expect(await decisionOf('not-carried')).toMatchObject({ status: 'open' });
    });

    it('votes taken before the decision was opened do not count: refused, nothing written', async () => {
      const yesterday = ago(DAY);
      await meeting('board-yesterday', 'not-carried', yesterday, ['present', 'present']);
      const refused = await votes('board-yesterday', yesterday);
      expect({ status: refused.status, code: refused.body.code }).toEqual({
        status: 422,
        code: 'occurred-at-too-early',
      });
      expect(await decisionLog('not-carried')).toEqual(['DecisionDrafted', 'DecisionOpened']);
    });
  });
}
