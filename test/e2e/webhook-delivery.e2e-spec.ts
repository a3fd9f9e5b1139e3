import type { PoolClient } from 'pg';
import { PostgresEventStore } from '@accord/event-store';
import { Storage } from '@accord/server';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { asCaller, registerOrganisation, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';
import { WebhookReceiver } from '../support/webhook-receiver';

const { camdenAdmin, peabodyAdmin, patel, reid, partnershipId, decisionId } = SMALL_LEDGER;
const elsewhereAdmin: Caller = { personId: 'e.admin', orgId: 'elsewhere', roles: ['org-admin'] };

interface LogRow {
  position: number;
  type: string;
  streamId: string;
  data: { organisationId?: string; partnershipId?: string; endpointId?: string };
}

/** Polls until `probe` gives a value (the deliverer works asynchronously to the test). */
async function eventually<T>(probe: () => Promise<T | undefined>, deadlineMs = 20_000): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('gave up waiting for the deliverer');
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const engine of testEngines()) {
  describe(`webhook delivery to a real receiver on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;

    const log = async (after: number): Promise<LogRow[]> =>
      (
        await db.pool.query(
          `SELECT position::int, convert_from(canonical, 'UTF8')::jsonb AS e FROM events WHERE position > $1 ORDER BY position`,
          [after],
        )
      ).rows.map((r: { position: number; e: Omit<LogRow, 'position'> }) => ({ position: r.position, ...r.e }));

    async function register(
      caller: Caller,
      receiver: WebhookReceiver,
      body: Record<string, unknown> = {},
    ): Promise<{ position: number; endpointId: string }> {
      const res = await asCaller(api, caller, 'POST', `/v1/organisations/${caller.orgId}/webhooks`, {
        url: receiver.url,
        ...body,
      });
      receiver.trust(res.body.signingKey as string);
      return { position: res.body.position as number, endpointId: res.body.ids.endpointId as string };
    }

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({
        DATABASE_URL: db.url,
        WEBHOOK_ALLOW_ADDRESSES: '127.0.0.1',
        WEBHOOK_RETRY_SCHEDULE_MS: '30,60,90',
      });
      await seedSmallLedger(api);
      await registerOrganisation(api, { organisationId: 'elsewhere', name: 'E', kind: 'other' }, elsewhereAdmin);
    });
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    it('delivers each organisation what the SSE feed would show it, in log order, every delivery signed', async () => {
      const camden = await WebhookReceiver.start();
      const outsider = await WebhookReceiver.start();
      const hmac = await WebhookReceiver.start();
      try {
        const since = (await register(camdenAdmin, camden)).position;
        await register(elsewhereAdmin, outsider);
        await register(camdenAdmin, hmac, { scheme: 'v1', eventTypes: ['VoteCast'] });
        await asCaller(api, patel, 'POST', `/v1/decisions/${decisionId}/votes`, {
          stance: 'agree',
          reason: 'Within the budget',
        });
        await asCaller(api, peabodyAdmin, 'POST', '/v1/organisations/peabody/members', { personId: 'x.new' });
        await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/members', { personId: 'y.new' });
        await asCaller(api, elsewhereAdmin, 'POST', '/v1/organisations/elsewhere/members', { personId: 'z.new' });

        const expected = (await log(since)).filter(
          (e) => e.data.organisationId === 'camden-council' || e.data.partnershipId === partnershipId,
        );
        await camden.until(() => camden.delivered.length >= expected.length, `${expected.length} deliveries`);
        expect(camden.delivered.map((r) => r.event.position)).toEqual(expected.map((e) => e.position));
        expect(camden.requests.every((r) => r.verified)).toBe(true);
        expect(camden.delivered.every((r) => r.id === r.event.eventId)).toBe(true);

        await hmac.until(() => hmac.delivered.length >= 1, 'the vote');
        expect(hmac.delivered.map((r) => r.event.type)).toEqual(['VoteCast']);
        expect(hmac.requests.every((r) => r.verified && r.signatures[0].startsWith('v1,'))).toBe(true);

        // The outsider's organisation is party to nothing: it hears only of itself.
        await outsider.until(() => outsider.delivered.length >= 1, 'its own new member');
        expect(outsider.delivered.map((r) => r.event.data.personId)).toEqual(['z.new']);
        expect(outsider.requests.some((r) => r.event.data.partnershipId === partnershipId)).toBe(false);
      } finally {
        await Promise.all([camden.close(), outsider.close(), hmac.close()]);
      }
    });

    it("delivers an event committed while every connection of the API's pool is taken by other work", async () => {
      const receiver = await WebhookReceiver.start();
      const pool = api.app.get(Storage).pool;
      // Another process's writer: its commit reaches the API only through the log.
      const writer = new PostgresEventStore(db.pool);
      const held: PoolClient[] = [];
      let endpointId: string | undefined;
      try {
        ({ endpointId } = await register(peabodyAdmin, receiver));
        await asCaller(api, peabodyAdmin, 'POST', '/v1/organisations/peabody/members', { personId: 'p.before' });
        await receiver.until(() => receiver.delivered.length >= 1, 'the event before');
        held.push(...(await Promise.all(Array.from({ length: pool.options.max ?? 10 }, () => pool.connect()))));
        await writer.append(
          'organisation-pool-taken',
          [{ type: 'PoolTakenProbe', data: { organisationId: 'peabody', personId: 'p.during' } }],
          {
            expectedRevision: 'no-stream',
            metadata: {
              actor: { personId: 'w', orgId: 'peabody', roles: ['member'] },
              correlationId: null,
              causationId: null,
            },
          },
        );
        // The deliverer reads the log on a connection of its own: it does not wait for the pool.
        await receiver.until(() => receiver.delivered.length >= 2, 'the event committed meanwhile', 5000);
        expect(receiver.delivered.map((r) => r.event.data.personId)).toEqual(['p.before', 'p.during']);
      } finally {
        for (const client of held) client.release();
        if (endpointId)
          await asCaller(api, peabodyAdmin, 'POST', `/v1/organisations/peabody/webhooks/${endpointId}/delete`, {});
        await writer.close();
        await receiver.close();
      }
    });

    it('retries a failed delivery on the schedule, honouring Retry-After, and keeps order behind it', async () => {
      const receiver = await WebhookReceiver.start();
      let endpointId: string | undefined;
      try {
        receiver.answerWith({ status: 500 }, { status: 503, headers: { 'retry-after': '1' } });
        ({ endpointId } = await register(peabodyAdmin, receiver));
        await asCaller(api, peabodyAdmin, 'POST', '/v1/organisations/peabody/members', { personId: 'r.one' });
        await asCaller(api, peabodyAdmin, 'POST', '/v1/organisations/peabody/members', { personId: 'r.two' });
        await receiver.until(() => receiver.delivered.length >= 2, 'two deliveries');
        expect(receiver.requests.map((r) => r.event.data.personId)).toEqual(['r.one', 'r.one', 'r.one', 'r.two']);
        expect(receiver.delivered.map((r) => r.event.data.personId)).toEqual(['r.one', 'r.two']);
        // Retry-After asked for a second; the schedule alone would have waited 60 ms.
        expect(receiver.requests[2].timestamp - receiver.requests[1].timestamp).toBeGreaterThanOrEqual(1);
        const rows = await eventually(async () => {
          const { rows } = await db.pool.query(
            `SELECT attempt, status FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY id`,
            [endpointId],
          );
          return rows.length >= 4 ? rows : undefined;
        });
        expect(rows).toEqual([
          { attempt: 1, status: 500 },
          { attempt: 2, status: 503 },
          { attempt: 3, status: 204 },
          { attempt: 1, status: 204 },
        ]);
      } finally {
        // Left active with its receiver gone, the endpoint would fail on Peabody's next event and be
        // disabled whenever its retries ran out: a Peabody event of its own, reaching the endpoints
        // later tests register while they count what their receivers got.
        if (endpointId)
          await asCaller(api, peabodyAdmin, 'POST', `/v1/organisations/peabody/webhooks/${endpointId}/delete`, {});
        await receiver.close();
      }
    });

    it('sends an endpoint that takes several events per delivery JSON arrays, in order; a retry resends the same array under the same id', async () => {
      const receiver = await WebhookReceiver.start();
      const webhooks = '/v1/organisations/peabody/webhooks';
      let endpointId: string | undefined;
      const attempts = async (after: number) =>
        (
          await db.pool.query(
            `SELECT id::int, attempt, status FROM webhook_deliveries WHERE endpoint_id = $1 AND id > $2 ORDER BY position, id`,
            [endpointId, after],
          )
        ).rows as { id: number; attempt: number; status: number }[];
      try {
        ({ endpointId } = await register(peabodyAdmin, receiver, {
          maxEventsPerDelivery: 3,
          eventTypes: ['MemberAdded'],
        }));
        const joined = ['b.one', 'b.two', 'b.three', 'b.four', 'b.five'];
        for (const personId of joined)
          await asCaller(api, peabodyAdmin, 'POST', '/v1/organisations/peabody/members', { personId });
        // However they went out live, every one is acknowledged once...
        const live = await eventually(async () => {
          const rows = await attempts(0);
          return rows.length >= joined.length ? rows : undefined;
        });
        expect(receiver.delivered.flatMap((r) => r.events.map((e) => e.data.personId))).toEqual(joined);

        // ...and sent again from the first, as one backlog: arrays of three and two, the first refused once.
        const sent = receiver.requests.length;
        receiver.answerWith({ status: 500 });
        await asCaller(api, peabodyAdmin, 'POST', `${webhooks}/${endpointId}/redeliver`, {
          fromPosition: receiver.requests[0].event.position,
        });
        await receiver.until(() => receiver.requests.length >= sent + 3, 'the redelivery');
        const again = receiver.requests.slice(sent);
        expect(again.map((r) => r.events.map((e) => e.data.personId))).toEqual([
          joined.slice(0, 3),
          joined.slice(0, 3),
          joined.slice(3),
        ]);
        expect(again.every((r) => r.verified && r.body.startsWith('['))).toBe(true);
        expect(again[1].id).toBe(again[0].id);
        expect(again[2].id).not.toBe(again[0].id);
        expect(again[0].id).toMatch(/^batch_[A-Za-z0-9_-]{43}$/);

        // The delivery log keeps a row per event each attempt carried.
        const rows = await eventually(async () => {
          const rows = await attempts(Math.max(...live.map((r) => r.id)));
          return rows.length >= 8 ? rows : undefined;
        });
        expect(rows.map((r) => `${r.attempt}:${r.status}`)).toEqual([
          ...['1:500', '2:204'],
          ...['1:500', '2:204'],
          ...['1:500', '2:204'],
          '1:204',
          '1:204',
        ]);
        const listed = await asCaller(api, peabodyAdmin, 'GET', webhooks);
        const endpoints = listed.body.endpoints as { endpointId: string; maxEventsPerDelivery: number }[];
        expect(endpoints.find((e) => e.endpointId === endpointId)?.maxEventsPerDelivery).toBe(3);
      } finally {
        if (endpointId) await asCaller(api, peabodyAdmin, 'POST', `${webhooks}/${endpointId}/delete`, {});
        await receiver.close();
      }
    });

    it('refuses 0 or 101 events per delivery with a stable code, and registers nothing', async () => {
      const receiver = await WebhookReceiver.start();
      try {
        for (const maxEventsPerDelivery of [0, 101]) {
          const res = await api.request('POST', '/v1/organisations/peabody/webhooks', {
            token: await api.token(peabodyAdmin),
            body: { url: receiver.url, maxEventsPerDelivery },
          });
          expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'validation-failed' });
        }
        const listed = await asCaller(api, peabodyAdmin, 'GET', '/v1/organisations/peabody/webhooks');
        expect((listed.body.endpoints as { url: string }[]).some((e) => e.url === receiver.url)).toBe(false);
      } finally {
        await receiver.close();
      }
    });

    it('keeps delivering to one endpoint while another endpoint of the organisation hangs', async () => {
      const slow = await WebhookReceiver.start();
      const fast = await WebhookReceiver.start();
      const ids: string[] = [];
      try {
        slow.answerWith({ status: 204, delayMs: 6000 });
        ids.push((await register(peabodyAdmin, slow)).endpointId, (await register(peabodyAdmin, fast)).endpointId);
        await asCaller(api, peabodyAdmin, 'POST', '/v1/organisations/peabody/members', { personId: 's.one' });
        await slow.until(() => slow.requests.length >= 1, 'the delivery it holds');
        await fast.until(() => fast.delivered.length >= 1, 'the first member');
        await asCaller(api, peabodyAdmin, 'POST', '/v1/organisations/peabody/members', { personId: 's.two' });
        // Well before the slow receiver answers (6 s after it was sent the first).
        await fast.until(() => fast.delivered.length >= 2, 'the second member while the other hangs', 3000);
        expect(fast.delivered.map((r) => r.event.data.personId)).toEqual(['s.one', 's.two']);
        expect(slow.requests).toHaveLength(1);
      } finally {
        for (const id of ids)
          await asCaller(api, peabodyAdmin, 'POST', `/v1/organisations/peabody/webhooks/${id}/delete`, {});
        await Promise.all([slow.close(), fast.close()]);
      }
    });

    it('disables an endpoint that answers 410, and one whose retries run out, in the ledger', async () => {
      const gone = await WebhookReceiver.start();
      const broken = await WebhookReceiver.start();
      try {
        gone.answerWith({ status: 410 });
        broken.answerWith({ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
        const g = await register(camdenAdmin, gone);
        const b = await register(camdenAdmin, broken);
        await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/members', { personId: 'g.one' });
        const disabled = async () =>
          (await log(g.position - 1)).filter((e) => e.type === 'WebhookEndpointDisabled').map((e) => e.data);
        await gone.until(() => gone.requests.length >= 1 && broken.requests.length >= 4, 'the failures');
        await eventually(async () => {
          const ids = (await disabled()).map((d) => (d as { endpointId?: string }).endpointId);
          return ids.includes(g.endpointId) && ids.includes(b.endpointId) ? true : undefined;
        });
        expect(await disabled()).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ endpointId: g.endpointId, reason: 'gone' }),
            expect.objectContaining({ endpointId: b.endpointId, reason: 'retries-exhausted' }),
          ]),
        );
        expect(gone.requests).toHaveLength(1);
        expect(broken.requests).toHaveLength(4);
      } finally {
        await Promise.all([gone.close(), broken.close()]);
      }
    });

    it('shows an org-admin its endpoints and their delivery log, never a key, and redelivers on request', async () => {
      const receiver = await WebhookReceiver.start();
      try {
        const { endpointId } = await register(peabodyAdmin, receiver, { endpointId: 'log-reader' });
        await asCaller(api, peabodyAdmin, 'POST', '/v1/organisations/peabody/members', { personId: 'l.one' });
        await asCaller(api, peabodyAdmin, 'POST', '/v1/organisations/peabody/members', { personId: 'l.two' });
        await receiver.until(() => receiver.delivered.length >= 2, 'two deliveries');
        const [first, second] = receiver.delivered;
        const hooks = '/v1/organisations/peabody/webhooks';

        type Listed = { endpointId: string; delivery: { position: number } | null };
        // The receiver answers before the deliverer commits the batch's log rows and checkpoint.
        const listed = await eventually(async () => {
          const res = await asCaller(api, peabodyAdmin, 'GET', hooks);
          const mine = (res.body.endpoints as Listed[]).find((e) => e.endpointId === endpointId);
          return (mine?.delivery?.position ?? 0) >= second.event.position ? res : undefined;
        });
        expect((listed.body.endpoints as Listed[]).find((e) => e.endpointId === endpointId)).toEqual(
          expect.objectContaining({ url: receiver.url, status: 'active', scheme: 'v1a', keyVersion: 1 }),
        );
        expect(JSON.stringify(listed.body)).not.toMatch(/whpk_|whsec_|publicKey|signingKey/);

        // Newest first, a page at a time.
        const log = `${hooks}/${endpointId}/deliveries`;
        const page1 = await asCaller(api, peabodyAdmin, 'GET', `${log}?limit=1`);
        expect(page1.body.attempts).toEqual([
          expect.objectContaining({ eventId: second.id, position: second.event.position, attempt: 1, status: 204 }),
        ]);
        expect(typeof page1.body.attempts[0].latencyMs).toBe('number');
        const page2 = await asCaller(api, peabodyAdmin, 'GET', `${log}?limit=1&before=${page1.body.next}`);
        expect(page2.body.attempts.map((a: { eventId: string }) => a.eventId)).toEqual([first.id]);
        expect(page2.body.next).toBeNull();

        // Redelivered from one event on: the receiver sees the same webhook-ids again, in order.
        const sent = receiver.requests.length;
        const again = await asCaller(api, peabodyAdmin, 'POST', `${hooks}/${endpointId}/redeliver`, {
          eventId: first.id,
        });
        expect(again.status).toBe(202);
        expect(again.body).toEqual({ endpointId, fromPosition: first.event.position });
        await receiver.until(() => receiver.requests.length >= sent + 2, 'the redelivery');
        expect(receiver.requests.slice(sent, sent + 2).map((r) => r.id)).toEqual([first.id, second.id]);
        const resent = receiver.requests.length;
        await asCaller(api, peabodyAdmin, 'POST', `${hooks}/${endpointId}/redeliver`, {
          fromPosition: second.event.position,
        });
        // What the first redelivery still had out may arrive before it.
        await receiver.until(
          () => receiver.requests.slice(resent).some((r) => r.id === second.id),
          'the second redelivery',
        );
      } finally {
        await receiver.close();
      }
    });

    it('refuses the endpoint list, log and redeliver to a member and to another organisation, with stable codes', async () => {
      const hooks = '/v1/organisations/peabody/webhooks';
      const as = async (caller: Caller, method: string, path: string, body?: unknown) => {
        const res = await api.request(method, path, { token: await api.token(caller), body });
        return { status: res.status, code: res.body?.code as string | undefined };
      };
      const calls: [string, string, unknown?][] = [
        ['GET', hooks],
        ['GET', `${hooks}/log-reader/deliveries`],
        ['POST', `${hooks}/log-reader/redeliver`, { fromPosition: 1 }],
      ];
      for (const [method, path, body] of calls) {
        expect(await as(reid, method, path, body)).toEqual({ status: 403, code: 'role-required' });
        expect(await as(camdenAdmin, method, path, body)).toEqual({ status: 403, code: 'not-organisation-admin' });
      }
      expect(await as(peabodyAdmin, 'GET', `${hooks}/nobody/deliveries`)).toEqual({
        status: 404,
        code: 'webhook-endpoint-not-found',
      });
      expect(await as(peabodyAdmin, 'POST', `${hooks}/log-reader/redeliver`, { eventId: 'never-sent' })).toEqual({
        status: 404,
        code: 'webhook-delivery-not-found',
      });
      for (const body of [{}, { fromPosition: 1, eventId: 'x' }])
        expect(await as(peabodyAdmin, 'POST', `${hooks}/log-reader/redeliver`, body)).toEqual({
          status: 400,
          code: 'redeliver-target',
        });
      for (const bad of ['limit=0', 'limit=501', 'before=x', 'limit=1e2'])
        expect(await as(peabodyAdmin, 'GET', `${hooks}/log-reader/deliveries?${bad}`)).toEqual({
          status: 400,
          code: 'validation-failed',
        });
      expect(await as(peabodyAdmin, 'POST', `${hooks}/log-reader/redeliver`, { fromPosition: 0 })).toEqual({
        status: 400,
        code: 'validation-failed',
      });
    });

    it('never sends to a private address the allow-list does not name: each attempt is logged as refused', async () => {
      // 127.0.0.2 is loopback, but only 127.0.0.1 is allow-listed.
      const hidden = await WebhookReceiver.start('127.0.0.2');
      try {
        const { endpointId } = await register(peabodyAdmin, hidden);
        await asCaller(api, peabodyAdmin, 'POST', '/v1/organisations/peabody/members', { personId: 'h.one' });
        const rows = await eventually(async () => {
          const { rows } = await db.pool.query(
            `SELECT attempt, status, error FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY id`,
            [endpointId],
          );
          return rows.length >= 4 ? rows : undefined;
        });
        expect(rows).toEqual(
          [1, 2, 3, 4].map((attempt) => ({
            attempt,
            status: null,
            error: '127.0.0.2 is a private, loopback or link-local address',
          })),
        );
        await eventually(async () =>
          (await log(0)).some((e) => e.type === 'WebhookEndpointDisabled' && e.data.endpointId === endpointId)
            ? true
            : undefined,
        );
        expect(hidden.connections).toBe(0);
      } finally {
        await hidden.close();
      }
    });
  });
}
