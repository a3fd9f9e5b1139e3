import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { PostgresEventStore } from '@accord/event-store';
import { ApiHarness, startApi } from '../support/api-harness';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { asCaller, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * Webhook delivery survives a SIGKILL of the process delivering (apps/worker, the API running no
 * background jobs, as at scale): restarted, it resumes from the endpoint's checkpoint, and the
 * receiver ends with every event its organisation may see, in log order per partnership, twice
 * only under the same webhook-id.
 */
const WORKER = join(__dirname, '..', '..', 'dist', 'apps', 'worker', 'src', 'main.js');
const { camdenAdmin, patel, reid, partnershipId } = SMALL_LEDGER;
const SECOND = 'camden-north';
const PER_PARTNERSHIP = 500;

describe('webhook delivery killed mid-way', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  let worker: ChildProcess | undefined;

  const startWorker = () => {
    worker = spawn(process.execPath, [WORKER], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        // The API made the key when the endpoint was registered; the worker signs with the same.
        WEBHOOK_KEY_FILE: join(api.dataDir, 'webhook-key.pem'),
        WEBHOOK_ALLOW_ADDRESSES: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
  };
  const stopWorker = async (signal: NodeJS.Signals) => {
    const proc = worker;
    worker = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill(signal);
    await exited;
  };

  beforeAll(async () => {
    db = await createTestDatabase(testEngines()[0]);
    api = await startApi({ DATABASE_URL: db.url, BACKGROUND_JOBS: 'off' });
    await seedSmallLedger(api);
    await asCaller(api, patel, 'POST', '/v1/partnerships', {
      partnershipId: SECOND,
      title: 'Camden North',
      purpose: 'A second partnership, so that order is checked per partnership',
      parties: ['camden-council', 'peabody'],
    });
    for (const person of [patel, reid]) await asCaller(api, person, 'POST', `/v1/partnerships/${SECOND}/join`, {});
  });
  afterAll(async () => {
    await stopWorker('SIGTERM');
    await api?.close();
    await db?.drop();
  });

  it('resumes from the checkpoint after a SIGKILL: nothing missing, order kept, duplicates by webhook-id only', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      const registered = await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/webhooks', {
        url: receiver.url,
      });
      receiver.trust(registered.body.signingKey as string);
      // A backlog of both partnerships interleaved, big enough that the kill lands mid-way.
      const store = new PostgresEventStore(db.pool);
      const actor = { personId: patel.personId, orgId: patel.orgId, roles: patel.roles };
      for (let s = 0; s < PER_PARTNERSHIP / 50; s++)
        for (const p of [partnershipId, SECOND])
          await store.append(
            `decision-bulk-${p}-${s}`,
            Array.from({ length: 50 }, (_, n) => ({
              type: 'ProgressNoted',
              data: { decisionId: `bulk-${s}`, partnershipId: p, n },
            })),
            { expectedRevision: 'no-stream', metadata: { actor, correlationId: null, causationId: null } },
          );
      await store.close();
      const { rows: expected } = await db.pool.query<{ position: number; event_id: string; p: string | null }>(
        `SELECT position::int, event_id, convert_from(canonical, 'UTF8')::jsonb->'data'->>'partnershipId' AS p
           FROM events WHERE position > $1 ORDER BY position`,
        [registered.body.position],
      );
      expect(expected.length).toBeGreaterThanOrEqual(2 * PER_PARTNERSHIP);

      startWorker();
      await receiver.until(() => receiver.delivered.length >= PER_PARTNERSHIP / 2, 'the first deliveries', 60_000);
      await stopWorker('SIGKILL');
      const beforeKill = receiver.delivered.length;
      expect(beforeKill).toBeLessThan(expected.length); // killed with work left to do
      startWorker();
      await receiver.until(() => receiver.delivered.length >= expected.length, 'every event', 90_000);

      // Nothing missing and nothing else; order is promised per partnership (the two go side by side).
      expect(receiver.delivered.map((r) => r.event.position).sort((a, b) => a - b)).toEqual(
        expected.map((e) => e.position),
      );
      for (const p of [partnershipId, SECOND]) {
        const positions = receiver.delivered
          .filter((r) => r.event.data.partnershipId === p)
          .map((r) => r.event.position);
        expect(positions).toEqual(expected.filter((e) => e.p === p).map((e) => e.position));
        expect(positions.length).toBe(PER_PARTNERSHIP);
      }
      expect(receiver.requests.every((r) => r.verified)).toBe(true);
      // A duplicate is the same event under the same webhook-id, never a new id for an old event.
      const idOf = new Map<number, string>();
      for (const r of receiver.requests) {
        expect(r.id).toBe(r.event.eventId);
        expect(idOf.get(r.event.position) ?? r.id).toBe(r.id);
        idOf.set(r.event.position, r.id);
      }
      const duplicates = receiver.requests.length - receiver.delivered.length;
      console.log(`worker killed after ${beforeKill} of ${expected.length} deliveries; ${duplicates} sent twice`);
    } finally {
      await receiver.close();
    }
  });
});
