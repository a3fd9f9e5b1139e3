import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { asCaller, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';

const { patel, partnershipId } = SMALL_LEDGER;
const DAY = 24 * 3_600_000;

interface LoggedEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: { occurredAt: string };
  recordedAt: string;
}

/** Instants relative to the real clock: the API decides at its own `now`. */
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/**
 * A decision of two months ago entered today (DESIGN §5 "Two clocks", issue 17): each act says
 * when it happened, and bad dates are refused with nothing written.
 */
for (const engine of testEngines()) {
  describe(`decisions recorded at their real past dates on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;
    const send = async (caller: Caller, path: string, body: unknown = {}) =>
      api.request('POST', path, { token: await api.token(caller), body });
    const logOf = async (decisionId: string) =>
      (
        await db.pool.query<{ e: LoggedEvent }>(
          `SELECT convert_from(canonical, 'UTF8')::jsonb AS e FROM events WHERE stream_id = $1 ORDER BY revision`,
          [`decision-${decisionId}`],
        )
      ).rows.map((r) => r.e);
    const draft = (decisionId: string, occurredAt?: string) =>
      asCaller(api, patel, 'POST', `/v1/partnerships/${partnershipId}/decisions`, {
        decisionId,
        title: `Lettings plan ${decisionId}`,
        motion: 'That the partnership adopts the lettings plan.',
        category: 'land-disposal',
        ...(occurredAt === undefined ? {} : { occurredAt }),
      });

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url });
      await seedSmallLedger(api);
    }, 60_000);
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    it('refuses bad dates with a stable code and writes nothing', async () => {
      await draft('bad-dates', ago(70 * DAY));
      const opening = { closesAt: new Date(Date.now() + DAY).toISOString(), occurredAt: ago(60 * DAY) };
      const before = (await logOf('bad-dates')).length;
      const future = await send(patel, '/v1/decisions/bad-dates/open', {
        ...opening,
        occurredAt: new Date(Date.now() + DAY).toISOString(),
      });
      expect([future.status, future.body.code]).toEqual([422, 'occurred-at-in-future']);
      const noOffset = await send(patel, '/v1/decisions/bad-dates/open', {
        ...opening,
        occurredAt: '2026-03-01T10:00:00',
      });
      expect([noOffset.status, noOffset.body.code]).toEqual([400, 'validation-failed']);
      const closedFirst = await send(patel, '/v1/decisions/bad-dates/open', { ...opening, closesAt: ago(65 * DAY) });
      expect([closedFirst.status, closedFirst.body.code]).toEqual([422, 'closing-time-not-in-future']);
      expect((await send(patel, '/v1/decisions/bad-dates/open', opening)).status).toBe(200);

      const opened = (await logOf('bad-dates')).length;
      const tooEarly = await send(patel, '/v1/decisions/bad-dates/sign-offs', { occurredAt: ago(61 * DAY) });
      expect([tooEarly.status, tooEarly.body.code]).toEqual([422, 'occurred-at-too-early']);
      expect(opened).toBe(before + 1);
      expect(await logOf('bad-dates')).toHaveLength(opened);
    });
  });
}
