import { Webhook } from 'standardwebhooks';
import { signWebhook } from '@accord/feeds';
import { ApiHarness, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { registerCamdenAndPeabody, SMALL_LEDGER } from '../support/small-ledger';

const camdenAdmin = { personId: 'c.admin', orgId: 'camden-council', roles: ['org-admin' as const] };
const camdenMember = { personId: 'j.patel', orgId: 'camden-council', roles: ['member' as const] };
const otherAdmin = SMALL_LEDGER.peabodyAdmin;

const HOOKS = '/v1/organisations/camden-council/webhooks';

for (const engine of testEngines()) {
  describe(`webhook endpoints over HTTP on ${engine.name}`, () => {
    let db: TestDatabase;
    let api: ApiHarness;
    let orgAdminToken: string;

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      api = await startApi({ DATABASE_URL: db.url });
      await registerCamdenAndPeabody(api);
      orgAdminToken = await api.token(camdenAdmin);
    });
    afterAll(async () => {
      await api?.close();
      await db?.drop();
    });

    it('an org-admin registers an endpoint and is shown its Ed25519 public key once; the ledger holds no secret', async () => {
      const created = await api.request('POST', HOOKS, {
        token: orgAdminToken,
        body: { endpointId: 'register', url: 'https://hooks.camden.example/accord', eventTypes: ['DecisionApproved'] },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        ids: { organisationId: 'camden-council', endpointId: 'register' },
        keyVersion: 1,
      });
      const publicKey = created.body.signingKey as string;
      expect(publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);

      const { rows } = await db.pool.query(
        `SELECT convert_from(canonical, 'UTF8')::jsonb AS e FROM events WHERE stream_id = 'organisation-camden-council'`,
      );
      const events = rows
        .map((r: { e: { type: string; data: unknown } }) => ({ type: r.e.type, data: r.e.data }))
        .filter((e: { type: string }) => e.type.startsWith('Webhook'));
      expect(events).toEqual([
        {
          type: 'WebhookEndpointRegistered',
          data: expect.objectContaining({ endpointId: 'register', scheme: 'v1a', keyVersion: 1, publicKey }),
        },
      ]);
    });

    it('an HMAC (v1) endpoint gets a whsec_ secret the standardwebhooks package verifies with; rotating hands over a new one', async () => {
      const created = await api.request('POST', HOOKS, {
        token: orgAdminToken,
        body: { endpointId: 'hmac', url: 'https://hooks.camden.example/hmac', scheme: 'v1' },
      });
      expect(created.status).toBe(201);
      const secret = created.body.signingKey as string;
      expect(secret).toMatch(/^whsec_/);
      const body = '{"type":"VoteCast"}';
      const now = Math.floor(Date.now() / 1000);
      const headers = {
        'webhook-id': 'evt_1',
        'webhook-timestamp': String(now),
        'webhook-signature': signWebhook('v1', Buffer.from(secret.slice(6), 'base64'), 'evt_1', now, body),
      };
      expect(new Webhook(secret).verify(body, headers)).toEqual({ type: 'VoteCast' });

      const rotated = await api.request('POST', `${HOOKS}/hmac/rotate`, {
        token: orgAdminToken,
        body: { overlapSeconds: 3600 },
      });
      expect(rotated.status).toBe(200);
      expect(rotated.body).toMatchObject({ keyVersion: 2 });
      expect(rotated.body.signingKey).not.toBe(secret);
    });

    it('rotating a v1a endpoint shows a new public key; pause, resume and delete follow the rules', async () => {
      const rotated = await api.request('POST', `${HOOKS}/register/rotate`, { token: orgAdminToken, body: {} });
      expect(rotated.status).toBe(200);
      expect(rotated.body.signingKey).toMatch(/^whpk_/);
      expect(rotated.body).toMatchObject({ keyVersion: 2 });

      expect((await api.request('POST', `${HOOKS}/register/pause`, { token: orgAdminToken })).status).toBe(200);
      const again = await api.request('POST', `${HOOKS}/register/pause`, { token: orgAdminToken });
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('webhook-endpoint-not-active');
      expect((await api.request('POST', `${HOOKS}/register/resume`, { token: orgAdminToken })).status).toBe(200);
      expect((await api.request('POST', `${HOOKS}/register/delete`, { token: orgAdminToken })).status).toBe(200);
      const gone = await api.request('POST', `${HOOKS}/register/pause`, { token: orgAdminToken });
      expect(gone.body.code).toBe('webhook-endpoint-deleted');
      const unknown = await api.request('POST', `${HOOKS}/nope/rotate`, { token: orgAdminToken, body: {} });
      expect(unknown.status).toBe(404);
    });

    it("a plain member, and another organisation's org-admin, may not register or manage endpoints", async () => {
      const body = { endpointId: 'sneaky', url: 'https://evil.example/' };
      const member = await api.request('POST', HOOKS, { token: await api.token(camdenMember), body });
      expect(member.status).toBe(403);
      const other = await api.request('POST', HOOKS, { token: await api.token(otherAdmin), body });
      expect(other.status).toBe(403);
      expect(other.body.code).toBe('not-organisation-admin');
      const pause = await api.request('POST', `${HOOKS}/hmac/pause`, { token: await api.token(otherAdmin) });
      expect(pause.status).toBe(403);
    });

    it('refuses a URL with credentials, an unknown event type and unknown fields with 400', async () => {
      for (const body of [
        { url: 'https://u:p@hooks.example/' },
        { url: 'https://hooks.example/', eventTypes: ['Nope'] },
        { url: 'https://hooks.example/', secret: 'mine' },
        { url: 'https://hooks.example/', scheme: 'v2' },
      ]) {
        const answer = await api.request('POST', HOOKS, { token: orgAdminToken, body });
        expect({ body, status: answer.status }).toEqual({ body, status: 400 });
      }
    });
  });
}
