/**
 * The feeds benchmark's webhook receiver in a process of its own, as a council's would be: its
 * arrival times are read on a clock no turn of the benchmark's busy event loop delays (the API,
 * the writer, the SSE client and the Kafka consumer share that one). The child runs the tests'
 * {@link WebhookReceiver}; the parent talks to it over the IPC channel.
 */
import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { WebhookReceiver } from '../support/webhook-receiver';

/** A delivery the receiver answered 2xx: the positions it carried and when its body had arrived. */
export interface Arrival {
  positions: number[];
  /** On this process's performance.now() clock. */
  at: number;
}

type Request = { id: number; trust: string } | { id: number; collect: true } | { id: number; close: true };
type Reply = { id: number; arrivals?: { positions: number[]; at: number }[] };

export class ReceiverProcess {
  private nextId = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {
    child.on('message', (reply: Reply) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
  }

  static async start(): Promise<ReceiverProcess> {
    const child = fork(__filename, ['receiver'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ready = await new Promise<{ url: string }>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the webhook receiver process exited with ${code}`));
      child.once('exit', exited);
      child.once('message', (message: { url: string }) => {
        child.off('exit', exited);
        resolve(message);
      });
    });
    return new ReceiverProcess(child, ready.url);
  }

  /** Resolves once the receiver trusts `key`: a delivery signed with it may come at once. */
  async trust(key: string): Promise<void> {
    await this.ask({ trust: key });
  }

  /** The deliveries answered 2xx since the last call, each webhook-id once. */
  async collect(): Promise<Arrival[]> {
    const { arrivals = [] } = await this.ask({ collect: true });
    // Both clocks count from their process's start on the same wall clock.
    const shift = performance.timeOrigin;
    return arrivals.map((a) => ({ positions: a.positions, at: a.at - shift }));
  }

  async close(): Promise<void> {
    const exited = once(this.child, 'exit');
    await this.ask({ close: true });
    await exited;
  }

  private ask(request: Record<string, unknown>): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send({ id, ...request });
    });
  }
}

async function serve(): Promise<void> {
  const receiver = await WebhookReceiver.start();
  let collected = 0;
  const send = (message: unknown) => process.send!(message);
  process.on('message', (request: Request) => {
    if ('trust' in request) {
      receiver.trust(request.trust);
      send({ id: request.id });
    } else if ('collect' in request) {
      // Deliveries only ever join the end of `delivered`, so what was collected is a prefix of it.
      const delivered = receiver.delivered;
      const arrivals = delivered.slice(collected).map((r) => ({
        positions: r.events.map((e) => e.position),
        at: performance.timeOrigin + r.at,
      }));
      collected = delivered.length;
      send({ id: request.id, arrivals });
    } else {
      void receiver.close().then(() => {
        send({ id: request.id });
        process.disconnect();
      });
    }
  });
  send({ url: receiver.url });
}

if (require.main === module && process.argv[2] === 'receiver') void serve();
