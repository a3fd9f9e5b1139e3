import { meetingStreamId } from '@accord/domain';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { addClerk, okafor } from '../support/meeting-board';
import { asCaller, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';
import { ago, DAY, streamLog } from '../support/two-clocks';

const { camdenAdmin, patel, reid, partnershipId } = SMALL_LEDGER;
const SHA = 'b'.repeat(64);
const HOUR = 3_600_000;

const after = (instant: string, ms: number) => new Date(Date.parse(instant) + ms).toISOString();

for (const engine of testEngines()) {
  describe(`meetings over HTTP on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;
    const send = async (caller: Caller, path: string, body: unknown = {}) =>
      api.request('POST', path, { token: await api.token(caller), body });
    /** The meeting's stream as the log holds it: both clocks of every event. */
    const logOf = (meetingId: string) => streamLog(db.pool, meetingStreamId(meetingId));

    // Held yesterday evening, called three weeks before; the clerk records it today.
    const held = { meetingId: 'board-held', startsAt: ago(DAY + 6 * HOUR) };
    const next = { meetingId: 'board-next', startsAt: ago(3 * HOUR) };

    let calledAt: string;
    const headPosition = async () =>
      Number((await db.pool.query<{ p: string }>('SELECT max(position) AS p FROM events')).rows[0].p);

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url });
      await seedSmallLedger(api);
      await addClerk(api);
      for (const m of [held, next]) {
        await asCaller(api, okafor, 'POST', `/v1/partnerships/${partnershipId}/meetings`, {
          meetingId: m.meetingId,
          startsAt: m.startsAt,
          place: 'Camden Town Hall, Committee Room 1',
          agenda: [
            // Not the open decision: it was opened after these meetings were held, and votes on a
            // decision count in it only from its opening (meeting-votes.e2e-spec.ts).
            { itemId: 'item-1', title: 'Disposal of Station Road', papers: [{ title: 'Report', sha256: SHA }] },
            { itemId: 'item-2', title: 'Minutes of the last meeting', papers: [] },
          ],
          occurredAt: ago(21 * DAY),
        });
        await asCaller(api, okafor, 'POST', `/v1/meetings/${m.meetingId}/notice`, { occurredAt: ago(14 * DAY) });
      }
      // The ledger's clock between calling the meetings and recording what happened at them.
      await new Promise((resolve) => setTimeout(resolve, 5));
      calledAt = new Date().toISOString();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }, 60_000);
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    it('records a meeting the day after it was held: the member votes, the clerk records, both clocks kept', async () => {
      const present = [
        { personId: patel.personId, presence: 'present' },
        { personId: reid.personId, presence: 'present' },
      ];
      const attendance = await send(okafor, `/v1/meetings/${held.meetingId}/attendance`, {
        attendance: present,
        occurredAt: after(held.startsAt, 5 * 60_000),
      });
      expect(attendance.status).toBe(200);
      expect(attendance.body.events.map((e: { type: string }) => e.type)).toEqual([
        'AttendanceRecorded',
        'AttendanceRecorded',
        'MeetingQuorumDetermined',
      ]);
      const votedAt = after(held.startsAt, 40 * 60_000);
      const votes = await send(okafor, `/v1/meetings/${held.meetingId}/items/item-1/votes`, {
        method: 'show-of-hands',
        votes: [
          { personId: patel.personId, stance: 'agree' },
          { personId: reid.personId, stance: 'agree' },
        ],
        occurredAt: votedAt,
      });
      expect(votes.status).toBe(201);
      const closed = await send(okafor, `/v1/meetings/${held.meetingId}/close`, {
        occurredAt: after(held.startsAt, 2 * HOUR),
      });
      expect(closed.status).toBe(200);

      const log = await logOf(held.meetingId);
      const vote = log.find((e) => e.type === 'VoteRecorded' && e.data.personId === patel.personId);
      expect(vote?.data).toMatchObject({
        stance: 'agree',
        recordedBy: { personId: okafor.personId, orgId: 'camden-council' },
        occurredAt: votedAt,
      });
      expect(vote?.metadata.actor.personId).toBe(okafor.personId);
      expect(vote?.metadata.occurredAt).toBe(votedAt);
      // Recorded today, about a day after it happened.
      expect(Date.parse(vote!.recordedAt) - Date.parse(votedAt)).toBeGreaterThan(DAY);
      const scheduled = log.find((e) => e.type === 'MeetingScheduled');
      expect(Date.parse(scheduled!.metadata.occurredAt)).toBeLessThan(Date.now() - 20 * DAY);
    });

    it('answers on both clocks: as at when things happened, as of when the ledger took them', async () => {
      const get = async (path: string, caller: Caller = patel) =>
        api.request('GET', path, { token: await api.token(caller) });
      const position = (await logOf(held.meetingId)).length > 0 ? await headPosition() : 0;
      const now = await get(`/v1/meetings/${held.meetingId}?minPosition=${position}`);
      expect(now.status).toBe(200);
      expect(now.body).toMatchObject({ status: 'closed', quorate: true, startsAt: held.startsAt });
      expect(now.body.attendance).toHaveLength(2);
      const [vote] = now.body.votes.find((v: { itemId: string }) => v.itemId === 'item-1').votes;
      expect(vote).toMatchObject({ personId: patel.personId, stance: 'agree', recordedBy: okafor.personId });
      expect(Date.parse(vote.recordedAt) - Date.parse(vote.occurredAt)).toBeGreaterThan(DAY);

      // By twenty minutes in, attendance had been taken but nobody had voted.
      const early = await get(`/v1/meetings/${held.meetingId}?at=${after(held.startsAt, 20 * 60_000)}`);
      expect(early.body).toMatchObject({ status: 'noticed', quorate: true });
      expect(early.body.votes.every((v: { votes: unknown[] }) => v.votes.length === 0)).toBe(true);
      // As the ledger stood before the clerk recorded it, the meeting had been called, nothing more.
      const ledgerThen = await get(
        `/v1/meetings/${held.meetingId}?at=${after(held.startsAt, 3 * HOUR)}&asOf=${calledAt}`,
      );
      expect(ledgerThen.body).toMatchObject({ status: 'noticed', quorate: null, attendance: [] });
      // Before it was called, it did not exist.
      expect((await get(`/v1/meetings/${held.meetingId}?at=${ago(22 * DAY)}`)).status).toBe(404);
      const listed = await get(`/v1/partnerships/${partnershipId}/meetings?at=${after(held.startsAt, 3 * HOUR)}`);
      expect(listed.body.meetings.map((m: { meetingId: string; status: string }) => [m.meetingId, m.status])).toEqual([
        [held.meetingId, 'closed'],
        [next.meetingId, 'noticed'],
      ]);
      // The trail tells the vote on both clocks: the member's vote, the clerk's record of it.
      const trail = await get(`/v1/partnerships/${partnershipId}/trail?minPosition=${position}`);
      const lines = trail.body.lines.map((i: { line: string }) => i.line) as string[];
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `— j\\.patel voted agree on item item-1 at the board meeting of .*\\(recorded by .*j\\.okafor.* on `,
          ),
        ),
      );
      const outsider: Caller = { personId: 'o.side', orgId: 'elsewhere-ha', roles: ['member'] };
      expect((await get(`/v1/meetings/${held.meetingId}`, outsider)).status).toBe(404);
      expect((await get(`/v1/partnerships/${partnershipId}/meetings`, outsider)).status).toBe(404);
      expect((await get(`/v1/meetings/${held.meetingId}?at=yesterday`)).status).toBe(400);
    });

    it('refuses what did not or could not happen: 4xx with a stable code and nothing written', async () => {
      const before = (await logOf(held.meetingId)).length;
      const cases: [string, unknown, number, string][] = [
        [
          `/v1/meetings/${held.meetingId}/attendance`,
          { attendance: [{ personId: patel.personId, presence: 'absent' }], occurredAt: after(held.startsAt, 60_000) },
          422,
          'meeting-closed',
        ],
        [
          `/v1/meetings/${next.meetingId}/attendance`,
          {
            attendance: [{ personId: patel.personId, presence: 'present' }],
            occurredAt: new Date(Date.now() + HOUR).toISOString(),
          },
          422,
          'occurred-at-in-future',
        ],
        [
          `/v1/meetings/${next.meetingId}/attendance`,
          { attendance: [{ personId: patel.personId, presence: 'present' }], occurredAt: held.startsAt },
          422,
          'occurred-at-outside-meeting',
        ],
        [
          `/v1/meetings/${next.meetingId}/attendance`,
          { attendance: [{ personId: patel.personId, presence: 'present' }], occurredAt: '2026-01-15T18:00:00' },
          400,
          'validation-failed',
        ],
        [
          `/v1/meetings/${next.meetingId}/items/item-1/votes`,
          {
            method: 'show-of-hands',
            votes: [{ personId: patel.personId, stance: 'agree' }],
            occurredAt: next.startsAt,
          },
          422,
          'quorum-not-determined',
        ],
        [
          `/v1/meetings/${held.meetingId}/minutes/approve`,
          { atMeetingId: held.meetingId },
          422,
          'minutes-approved-at-own-meeting',
        ],
        [`/v1/meetings/no-such-meeting/close`, {}, 404, 'meeting-not-found'],
      ];
      for (const [path, body, status, code] of cases) {
        const res = await send(okafor, path, body);
        expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status, code });
      }
      expect((await logOf(held.meetingId)).length).toBe(before);
    });

    it('a vote for a member not present, or a second vote, is refused', async () => {
      await asCaller(api, okafor, 'POST', `/v1/meetings/${next.meetingId}/attendance`, {
        attendance: [
          { personId: patel.personId, presence: 'present' },
          { personId: reid.personId, presence: 'present' },
        ],
        occurredAt: after(next.startsAt, 60_000),
      });
      const vote = (personId: string) =>
        send(okafor, `/v1/meetings/${next.meetingId}/items/item-1/votes`, {
          method: 'recorded-vote',
          votes: [{ personId, stance: 'disagree' }],
          occurredAt: after(next.startsAt, 10 * 60_000),
        });
      expect((await vote(camdenAdmin.personId)).body.code).toBe('voter-not-present');
      expect((await vote(reid.personId)).status).toBe(201);
      const again = await vote(reid.personId);
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 422, code: 'vote-already-recorded' });
    });

    it('minutes drafted by the clerk are approved at the next meeting, dated inside it, then frozen', async () => {
      await asCaller(api, okafor, 'POST', `/v1/meetings/${held.meetingId}/minutes`, { textSha256: SHA });
      const approvedAt = after(next.startsAt, 15 * 60_000);
      const approved = await send(okafor, `/v1/meetings/${held.meetingId}/minutes/approve`, {
        atMeetingId: next.meetingId,
        occurredAt: approvedAt,
      });
      expect(approved.status).toBe(200);
      const redraft = await send(okafor, `/v1/meetings/${held.meetingId}/minutes`, { textSha256: 'c'.repeat(64) });
      expect({ status: redraft.status, code: redraft.body.code }).toEqual({
        status: 422,
        code: 'minutes-already-approved',
      });
      const minutes = (await logOf(held.meetingId)).find((e) => e.type === 'MinutesApproved');
      expect(minutes?.metadata.occurredAt).toBe(approvedAt);
    });

    it('the member disputes a recorded vote, the clerk corrects it, both stay', async () => {
      const [vote] = (await logOf(held.meetingId)).filter(
        (e) => e.type === 'VoteRecorded' && e.data.personId === reid.personId,
      );
      const path = `/v1/meetings/${held.meetingId}/records/${vote.eventId}`;
      const byOther = await send(patel, `${path}/dispute`, { reason: 'Not mine to dispute' });
      expect({ status: byOther.status, code: byOther.body.code }).toEqual({
        status: 403,
        code: 'not-permitted-to-correct',
      });
      expect((await send(reid, `${path}/dispute`, { reason: 'I abstained' })).status).toBe(201);
      const corrected = await send(okafor, `${path}/correct`, { to: 'abstain', reason: 'Cllr Reid abstained' });
      expect(corrected.status).toBe(201);
      const view = await api.request('GET', `/v1/meetings/${held.meetingId}?minPosition=${corrected.body.position}`, {
        token: await api.token(reid),
      });
      const item = view.body.votes.find((v: { itemId: string }) => v.itemId === 'item-1');
      expect(item.votes.find((v: { personId: string }) => v.personId === reid.personId)).toMatchObject({
        stance: 'abstain',
        recordedStance: 'agree',
        disputed: true,
      });
    });

    it('only a clerk of a party records: not a board member, not a token role alone, not an outsider', async () => {
      const path = `/v1/meetings/${next.meetingId}/adjourn`;
      const body = { reason: 'Fire alarm' };
      // A listed member's token holds only the roles the ledger grants: the edge drops the claimed
      // clerk before the route's roles are checked.
      const boardMemberClaimingClerk = await send({ ...patel, roles: ['member', 'clerk'] }, path, body);
      expect({ status: boardMemberClaimingClerk.status, code: boardMemberClaimingClerk.body.code }).toEqual({
        status: 403,
        code: 'role-required',
      });
      const withoutRole = await send(patel, path, body);
      expect(withoutRole.status).toBe(403);
      const outsider = await send(
        { personId: 'o.side', orgId: 'elsewhere-ha', roles: ['member', 'clerk'] },
        path,
        body,
      );
      expect({ status: outsider.status, code: outsider.body.code }).toEqual({ status: 404, code: 'meeting-not-found' });
      const schedule = await send(
        { personId: 'o.side', orgId: 'elsewhere-ha', roles: ['member', 'clerk'] },
        `/v1/partnerships/${partnershipId}/meetings`,
        {
          startsAt: new Date(Date.now() + 30 * DAY).toISOString(),
          place: 'Somewhere else',
          agenda: [{ itemId: 'item-1', title: 'Anything', papers: [] }],
        },
      );
      expect({ status: schedule.status, code: schedule.body.code }).toEqual({
        status: 404,
        code: 'partnership-not-found',
      });
    });
  });
}
