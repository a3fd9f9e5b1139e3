import { createPublicKey, KeyObject, verify } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

interface ReceivedEvent {
  position: number;
  eventId: string;
  type: string;
  streamId: string;
  data: Record<string, unknown>;
}

export interface Received {
  id: string;
  timestamp: number;
  signatures: string[];
  body: string;
  /** The events it carried: one, or for an endpoint that takes several per delivery, its array. */
  events: ReceivedEvent[];
  /** The first of them (the only one, for an endpoint that takes one per delivery). */
  event: ReceivedEvent;
  /** Whether one of the signatures checked out against a key the receiver trusts. */
  verified: boolean;
  /** performance.now() when its body had arrived. */
  at: number;
}

/** What to answer one delivery, and how long to hold the answer back (a slow receiver). */
type Answer = { status: number; headers?: Record<string, string>; delayMs?: number };

/**
 * A webhook receiver as a council would run one: an HTTP server that checks every delivery's
 * Standard Webhooks signature (v1 with the maintained `standardwebhooks` package, v1a with an
 * independent Ed25519 check of the whpk_ key) and answers what the test scripts (500s, 410s, a
 * late answer…).
 * Only deliveries it answered 2xx count as received; every request is kept in `requests`.
 */
export class WebhookReceiver {
  readonly requests: Received[] = [];
  private readonly accepted: boolean[] = [];
  private readonly keys: string[] = [];
  private readonly publicKeys = new Map<string, KeyObject>();
  private readonly script: Answer[] = [];
  private server!: Server;
  /** TCP connections made to it, answered or not. */
  connections = 0;

  /** Listening on `host` (another loopback address tests the outbound guard's allow-list). */
  static async start(host = '127.0.0.1'): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    receiver.server = createServer((req, res) => {
      void receiver.take(req).then(async (answer) => {
        if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs).unref());
        res.writeHead(answer.status, answer.headers);
        res.end();
      });
    });
    receiver.server.on('connection', () => (receiver.connections += 1));
    await new Promise<void>((resolve) => receiver.server.listen(0, host, resolve));
    return receiver;
  }

  get url(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address}:${port}/hooks`;
  }

  trust(key: string): void {
    this.keys.push(key);
  }

  /** The next answers, in order; after them, 204. */
  answerWith(...answers: Answer[]): void {
    this.script.push(...answers);
  }

  /** Deliveries answered 2xx, each webhook-id once. */
  get delivered(): Received[] {
    const seen = new Set<string>();
    return this.requests.filter((r, i) => {
      if (!this.accepted[i] || seen.has(r.id)) return false;
      seen.add(r.id);
      return true;
    });
  }

  async until(check: () => boolean, what: string, deadlineMs = 20_000): Promise<void> {
    const end = Date.now() + deadlineMs;
    while (!check()) {
      if (Date.now() > end) throw new Error(`the receiver waited in vain for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private async take(req: IncomingMessage): Promise<Answer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const at = performance.now();
    const id = String(req.headers['webhook-id']);
    const timestamp = Number(req.headers['webhook-timestamp']);
    const header = String(req.headers['webhook-signature'] ?? '');
    const index = this.keys.findIndex((key) => this.verifies(key, id, timestamp, header, body, req));
    const verified = index >= 0;
    // The key that checked out is tried first next time: with several endpoints aimed at one
    // receiver, trying every key in turn made signature checks most of the benchmark's own work.
    if (index > 0) this.keys.unshift(...this.keys.splice(index, 1));
    const answer = verified ? (this.script.shift() ?? { status: 204 }) : { status: 401 };
    const parsed = JSON.parse(body) as ReceivedEvent | ReceivedEvent[];
    const events = Array.isArray(parsed) ? parsed : [parsed];
    this.requests.push({
      id,
      timestamp,
      signatures: header.split(' '),
      body,
      events,
      event: events[0],
      verified,
      at,
    });
    this.accepted.push(answer.status >= 200 && answer.status < 300);
    return answer;
  }

  private verifies(key: string, id: string, ts: number, header: string, body: string, req: IncomingMessage): boolean {
    if (key.startsWith('whsec_')) {
      try {
        new Webhook(key).verify(body, req.headers as Record<string, string>);
        return true;
      } catch {
        return false;
      }
    }
    let publicKey = this.publicKeys.get(key);
    if (!publicKey) {
      const raw = Buffer.from(key.slice('whpk_'.length), 'base64');
      publicKey = createPublicKey({
        key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]),
        format: 'der',
        type: 'spki',
      });
      this.publicKeys.set(key, publicKey);
    }
    return header
      .split(' ')
      .filter((s) => s.startsWith('v1a,'))
      .some((s) => verify(null, Buffer.from(`${id}.${ts}.${body}`), publicKey, Buffer.from(s.slice(4), 'base64')));
  }
}
