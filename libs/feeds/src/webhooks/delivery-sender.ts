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
// TLS is loaded only for an https endpoint: it is most of what the thread would load at its start.
const node = { dns: require('node:dns'), http: require('node:http'), get https() { return require('node:https'); }, net: require('node:net') };
const { allowList, postWebhook } = (${outboundRequests.toString()})(node);
const { webhookSigner } = (${webhookSigning.toString()})(require('node:crypto'));
const { sendLanes } = (${laneSender.toString()})(require('node:crypto'), postWebhook, webhookSigner, workerData.maxLanesInFlight);
const allowLists = new Map();
parentPort.on('message', ({ id, job, policy }) => {
  const key = policy.allow.join(' ');
  if (!allowLists.has(key)) allowLists.set(key, allowList(policy.allow));
  sendLanes(job, policy, allowLists.get(key)).then(
    (sent) => parentPort.postMessage({ id, sent }),
    (err) => parentPort.postMessage({ id, error: String(err && err.message) }),
  );
});`;

/** How long the thread stays after its last sender closed: a deliverer started again finds it running. */
const IDLE_STOP_MS = 30_000;

type Reply = { id: number; sent: SentDelivery[]; error?: undefined } | { id: number; error: string };

/**
 * The process's one sending thread, shared by its senders. A thread takes hundreds of
 * milliseconds to start on a loaded machine; kept while any sender is open (and `IDLE_STOP_MS`
 * after, not holding the process open), a deliverer the leader lock restarts does not wait for
 * a new one. It starts again after one that died.
 */
class SendingThread {
  private worker: Worker | undefined;
  private readonly waiting = new Map<
    number,
    { worker: Worker; resolve: (s: SentDelivery[]) => void; reject: (e: Error) => void }
  >();
  private nextId = 0;
  private users = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  acquire(): void {
    this.users++;
    clearTimeout(this.idleTimer);
    this.running().ref();
  }

  release(): void {
    if (--this.users > 0) return;
    this.worker?.unref();
    this.idleTimer = setTimeout(() => {
      const worker = this.worker;
      this.worker = undefined;
      void worker?.terminate();
    }, IDLE_STOP_MS).unref();
  }

  send(job: LaneJob, policy: OutboundPolicy): Promise<SentDelivery[]> {
    const worker = this.running();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { worker, resolve, reject });
      worker.postMessage({ id, job, policy });
    });
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { maxLanesInFlight: MAX_LANES_IN_FLIGHT } });
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
    if (this.users === 0) worker.unref();
    this.worker = worker;
    return worker;
  }

  /** What `worker` had in hand fails; the next send starts a new thread. */
  private failAll(worker: Worker, err: Error): void {
    if (this.worker === worker) this.worker = undefined;
    for (const [id, waiter] of this.waiting)
      if (waiter.worker === worker) {
        this.waiting.delete(id);
        waiter.reject(err);
      }
  }
}

const thread = new SendingThread();

/**
 * Sends webhook deliveries from a worker thread: a batch's lanes go in one message and their
 * answers come back in one, so a lane's exchanges (serialising, signing, the request, the answer
 * and the next request) wait on no turn of the calling thread's event loop, which in the API is
 * shared with every request, projection and feed. Open from {@link open} (or the first send)
 * until {@link close}.
 */
export class DeliverySender {
  private opened = false;

  constructor(private readonly policy: OutboundPolicy) {}

  /** Starts the thread, if it is not running, ahead of the first send. */
  open(): void {
    if (this.opened) return;
    this.opened = true;
    thread.acquire();
  }

  send(job: LaneJob): Promise<SentDelivery[]> {
    this.open();
    return thread.send(job, this.policy);
  }

  /** After its last send has settled. */
  close(): void {
    if (!this.opened) return;
    this.opened = false;
    thread.release();
  }
}
