import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { StoredEvent } from '@accord/event-store';
import { DeliverySender } from './delivery-sender';
import { deriveWebhookKey, signWebhook } from './standard-webhooks';

interface Request {
  id: string;
  timestamp: number;
  signature: string;
  body: string;
  positions: number[];
}

const event = (position: number) =>
  ({
    position,
    eventId: `evt_${position}`,
    streamId: `decision-${position}`,
    type: 'VoteCast',
    data: { stance: 'agree' },
  }) as unknown as StoredEvent;

describe('webhook deliveries sent from a worker thread', () => {
  let server: Server;
  let url: string;
  let requests: Request[];
  /** Position of a delivery's first event → what the receiver answers it, and after how long. */
  let answers: Map<number, { status: number; delayMs?: number }>;
  const policy = { allow: ['127.0.0.1'], timeoutMs: 5000, maxResponseBytes: 1024 };
  const sender = new DeliverySender(policy);
  const key = (version: number) => deriveWebhookKey(Buffer.alloc(32, 7), 'org-1', 'hook-1', version);

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const parsed = JSON.parse(body) as { position: number } | { position: number }[];
        const positions = (Array.isArray(parsed) ? parsed : [parsed]).map((e) => e.position);
        requests.push({
          id: String(req.headers['webhook-id']),
          timestamp: Number(req.headers['webhook-timestamp']),
          signature: String(req.headers['webhook-signature']),
          body,
          positions,
        });
        const answer = answers.get(positions[0]) ?? { status: 204 };
        setTimeout(() => res.writeHead(answer.status).end(), answer.delayMs ?? 0).unref();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  });
  beforeEach(() => {
    requests = [];
    answers = new Map();
  });
  afterAll(async () => {
    sender.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('signs each delivery as the main thread would, with every key still in its overlap, a lane in order', async () => {
    const keys = [
      { scheme: 'v1a' as const, key: key(3) },
      { scheme: 'v1a' as const, key: key(2), until: Date.now() + 60_000 },
      { scheme: 'v1a' as const, key: key(1), until: Date.now() - 1 },
    ];
    const lanes = [[[event(1), event(2)], [event(5)]], [[event(3), event(4)]]];
    const sent = await sender.send({ url, keys, lanes, several: true });

    expect(sent.map((s) => [s.lane, s.delivery, s.answer.status]).sort()).toEqual([
      [0, 0, 204],
      [0, 1, 204],
      [1, 0, 204],
    ]);
    const lane = requests.filter((r) => r.positions[0] !== 3).map((r) => r.positions);
    expect(lane).toEqual([[1, 2], [5]]);
    for (const r of requests) {
      expect(JSON.parse(r.body)).toEqual(r.positions.map(event).map((e) => JSON.parse(JSON.stringify(e))));
      expect(r.id).toMatch(/^batch_/);
      expect(r.signature).toBe(
        [
          signWebhook('v1a', key(3), r.id, r.timestamp, r.body),
          signWebhook('v1a', key(2), r.id, r.timestamp, r.body),
        ].join(' '),
      );
    }
    // The same events make the same webhook-id, so a receiver drops a resend.
    await sender.send({ url, keys, lanes: [[[event(1), event(2)]]], several: true });
    expect(requests[requests.length - 1].id).toBe(requests.find((r) => r.positions[0] === 1)?.id);
  });

  it('sends one event per delivery under its own id, HMAC-signed for a v1 endpoint', async () => {
    await sender.send({
      url,
      keys: [{ scheme: 'v1', key: key(1) }],
      lanes: [[[event(7)], [event(8)]]],
      several: false,
    });
    expect(requests.map((r) => [r.id, r.positions])).toEqual([
      ['evt_7', [7]],
      ['evt_8', [8]],
    ]);
    for (const r of requests) {
      expect(JSON.parse(r.body)).toEqual({ ...event(r.positions[0]) });
      expect(r.signature).toBe(signWebhook('v1', key(1), r.id, r.timestamp, r.body));
    }
  });

  it('stops a lane at its failure and starts no delivery past the earliest failure', async () => {
    // Lane 0 fails at once; lanes 1–15 answer late, so the 17th lane (position 100) may only
    // start after the failure, and does not.
    answers.set(1, { status: 500 });
    for (let p = 2; p <= 16; p++) answers.set(p, { status: 204, delayMs: 300 });
    const lanes = [
      [[event(1)], [event(50)]],
      ...Array.from({ length: 15 }, (_, i) => [[event(i + 2)]]),
      [[event(100)]],
    ];
    const sent = await sender.send({ url, keys: [{ scheme: 'v1a', key: key(1) }], lanes, several: false });

    expect(sent.map((s) => s.answer.status).sort()).toEqual([...Array(15).fill(204), 500]);
    expect(requests.map((r) => r.positions[0]).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 16 }, (_, i) => i + 1),
    );
  });

  it('applies the outbound guard on the thread: an address the allow-list does not name is refused unsent', async () => {
    const guarded = new DeliverySender({ ...policy, allow: [] });
    try {
      const sent = await guarded.send({
        url,
        keys: [{ scheme: 'v1a', key: key(1) }],
        lanes: [[[event(1)]]],
        several: false,
      });
      expect(sent).toEqual([
        {
          lane: 0,
          delivery: 0,
          answer: { status: 0, error: expect.stringMatching(/private/) },
          latencyMs: expect.any(Number),
        },
      ]);
      expect(requests).toEqual([]);
    } finally {
      guarded.close();
    }
  });
});
