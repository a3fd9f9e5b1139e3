import * as crypto from 'node:crypto';
import type { BlockList } from 'node:net';
import { Worker } from 'node:worker_threads';
import type { WebhookScheme } from '@accord/domain';
import type { StoredEvent } from '@accord/event-store';
import { OutboundAnswer, OutboundPolicy, outboundRequests } from './outbound';
import { WebhookSigner, webhookSigning } from './standard-webhooks';

/**
 * Partnerships of one endpoint sent to at once: enough to hide a receiver's round trip, few
 * enough that one endpoint's backlog does not open hundreds of connections to it.
 */
const MAX_LANES_IN_FLIGHT = 16;

/** One key version of an endpoint: its 32 bytes, and until when it signs (a rotated-out key). */
export interface SigningKey {
  scheme: WebhookScheme;
  key: Buffer;
  /** Epoch ms; absent for the current key. */
  until?: number;
}

/** One batch of one endpoint: per lane (a partnership's events in log order), its deliveries. */
export interface LaneJob {
  url: string;
  keys: SigningKey[];
  lanes: StoredEvent[][][];
  /** Whether a delivery is a JSON array of its events (the endpoint takes several), else its one event. */
  several: boolean;
}

/** A delivery that went out: which (lane, delivery) of the job, the answer and how long it took. */
export interface SentDelivery {
  lane: number;
  delivery: number;
  answer: OutboundAnswer;
  latencyMs: number;
}

type PostWebhook = (
  url: string,
  headers: Record<string, string>,
  body: string,
  policy: OutboundPolicy,
  allowed: BlockList,
) => Promise<OutboundAnswer>;

/**
 * Builds the lane runner. It refers to nothing outside its own body but what it is given, because
 * the sender's worker thread is given it as source text.
 */
export function laneSender(
  nodeCrypto: Pick<typeof crypto, 'createHash'>,
  postWebhook: PostWebhook,
  webhookSigner: (scheme: WebhookScheme, key: Buffer) => WebhookSigner,
  maxLanesInFlight: number,
) {
  /**
   * The `webhook-id` of a delivery of several events: the same for the same events, so a receiver
   * that drops repeated ids drops it sent again; a retry that carries more events (more came
   * meanwhile) is a new message.
   */
  function deliveryId(events: readonly StoredEvent[]): string {
    const hash = nodeCrypto.createHash('sha256');
    for (const e of events) hash.update(`${e.eventId}\n`);
    return `batch_${hash.digest('base64url')}`;
  }

  /**
   * Sends the job's lanes side by side, each lane's deliveries one after another, the next only
   * after a 2xx for the one before. A lane does not start a delivery past the earliest failure:
   * the checkpoint stops before it, so whatever went out after it goes out again on the retry.
   * Each delivery is serialised and signed as it leaves, so its timestamp is its sending time.
   */
  async function sendLanes(job: LaneJob, policy: OutboundPolicy, allowed: BlockList): Promise<SentDelivery[]> {
    const signers = job.keys.map((k) => ({ until: k.until, sign: webhookSigner(k.scheme, Buffer.from(k.key)) }));
    const sent: SentDelivery[] = [];
    let failedAt = Infinity;
    let next = 0;
    const deliver = async (lane: number, delivery: number, events: StoredEvent[]) => {
      const body = JSON.stringify(job.several ? events : events[0]);
      const msgId = job.several ? deliveryId(events) : events[0].eventId;
      const started = Date.now();
      const timestamp = Math.floor(started / 1000);
      const signatures = signers
        .filter((s) => s.until === undefined || s.until > started)
        .map((s) => s.sign(msgId, timestamp, body));
      const answer = await postWebhook(
        job.url,
        { 'webhook-id': msgId, 'webhook-timestamp': String(timestamp), 'webhook-signature': signatures.join(' ') },
        body,
        policy,
        allowed,
      );
      sent.push({ lane, delivery, answer, latencyMs: Math.max(0, Math.round(Date.now() - started)) });
      return answer.status >= 200 && answer.status <= 299;
    };
    const runLanes = async () => {
      for (let lane = next++; lane < job.lanes.length; lane = next++)
        for (const [delivery, events] of job.lanes[lane].entries()) {
          const at = events[0].position;
          if (at > failedAt) break;
          if (!(await deliver(lane, delivery, events))) {
            failedAt = Math.min(failedAt, at);
            break;
          }
        }
    };
    await Promise.all(Array.from({ length: Math.min(maxLanesInFlight, job.lanes.length) }, runLanes));
    return sent;
  }

  return { sendLanes };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const node = { dns: require('node:dns'), http: require('node:http'), https: require('node:https'), net: require('node:net') };
const { allowList, postWebhook } = (${outboundRequests.toString()})(node);
const { webhookSigner } = (${webhookSigning.toString()})(require('node:crypto'));
const { sendLanes } = (${laneSender.toString()})(require('node:crypto'), postWebhook, webhookSigner, workerData.maxLanesInFlight);
const allowed = allowList(workerData.policy.allow);
parentPort.on('message', ({ id, job }) => {
  sendLanes(job, workerData.policy, allowed).then(
    (sent) => parentPort.postMessage({ id, sent }),
    (err) => parentPort.postMessage({ id, error: String(err && err.message) }),
  );
});`;

type Reply = { id: number; sent: SentDelivery[]; error?: undefined } | { id: number; error: string };

/**
 * Sends webhook deliveries from a worker thread: a batch's lanes go in one message and their
 * answers come back in one, so a lane's exchanges (serialising, signing, the request, the answer
 * and the next request) wait on no turn of the calling thread's event loop, which in the API is
 * shared with every request, projection and feed. The thread starts on the first send and again
 * after one that died.
 */
export class DeliverySender {
  private worker: Worker | undefined;
  private readonly waiting = new Map<
    number,
    { worker: Worker; resolve: (s: SentDelivery[]) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;

  constructor(private readonly policy: OutboundPolicy) {}

  send(job: LaneJob): Promise<SentDelivery[]> {
    const worker = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { worker, resolve, reject });
      worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(worker, new Error('the webhook sender closed'));
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { policy: this.policy, maxLanesInFlight: MAX_LANES_IN_FLIGHT },
    });
    worker.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (reply.error === undefined) waiter?.resolve(reply.sent);
      else waiter?.reject(new Error(`webhook sender: ${reply.error}`));
    });
    worker.on('error', (err) => this.failAll(worker, err));
    worker.on('exit', (code) =>
      this.failAll(worker, new Error(`the webhook sender's thread exited with code ${code}`)),
    );
    return worker;
  }

  /** What `worker` had in hand fails; the next send starts a new thread. */
  private failAll(worker: Worker | undefined, err: Error): void {
    if (this.worker === worker) this.worker = undefined;
    for (const [id, waiter] of this.waiting)
      if (waiter.worker === worker) {
        this.waiting.delete(id);
        waiter.reject(err);
      }
  }
}
