/**
 * The feeds benchmark's two observers, the SSE subscriber and the bare LISTEN client, together in
 * a process of their own (`--observers apart`), as a subscriber is never in the API's process: a
 * frame written by the API is then read without waiting for a turn of the loop that also runs the
 * API, its background jobs and the writer. Both observers share this process, so they are judged
 * on the same footing. Arrival times go back on the wall clock (performance.timeOrigin).
 */
import { ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { NOTIFY_CHANNEL } from '@accord/event-store';
import { Client } from 'pg';
import { openSse } from '../support/sse-client';

export interface ObserverSetup {
  feedUrl: string;
  token: string;
  databaseUrl: string;
}

/** What the observers heard, on the parent's performance.now() clock. */
export interface Observed {
  /** Position → when the SSE subscriber parsed its frame. */
  sseAt: Map<number, number>;
  /** Each NOTIFY of the store's commit channel: the last position committed, and when it was heard. */
  heard: { upTo: number; at: number }[];
}

type Request = { id: number; count: true } | { id: number; collect: true };
type Reply = { id: number; sse?: number; arrivals?: [number, number][]; heard?: { upTo: number; at: number }[] };

export class ObserversProcess {
  private nextId = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: Reply) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
  }

  /** Resolves once both observers are connected: a commit from then on is heard by both. */
  static async start(setup: ObserverSetup): Promise<ObserversProcess> {
    const child = fork(__filename, ['observers', JSON.stringify(setup)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the observers' process exited with ${code}`));
      child.once('exit', exited);
      child.once('message', () => {
        child.off('exit', exited);
        resolve();
      });
    });
    return new ObserversProcess(child);
  }

  /** How many events the SSE subscriber has parsed so far. */
  async sseCount(): Promise<number> {
    return (await this.ask({ count: true })).sse ?? 0;
  }

  /** Everything heard, then the process ends. */
  async finish(): Promise<Observed> {
    const exited = once(this.child, 'exit');
    const reply = await this.ask({ collect: true });
    await exited;
    // Both clocks count from their process's start on the same wall clock.
    const shift = performance.timeOrigin;
    return {
      sseAt: new Map((reply.arrivals ?? []).map(([p, at]) => [p, at - shift])),
      heard: (reply.heard ?? []).map((h) => ({ upTo: h.upTo, at: h.at - shift })),
    };
  }

  private ask(request: Record<string, unknown>): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send({ id, ...request });
    });
  }
}

/**
 * Opens both observers; `now` is the clock their arrivals are read on. What the parent's
 * in-process observers and the child's share.
 */
export async function startObservers(
  setup: ObserverSetup,
  now: () => number,
): Promise<{ sseCount(): number; finish(): Promise<{ arrivals: [number, number][]; heard: Observed['heard'] }> }> {
  const arrivals: [number, number][] = [];
  const heard: Observed['heard'] = [];
  const sse = await openSse(setup.feedUrl, { authorization: `Bearer ${setup.token}` }, (m) => {
    if (m.id) arrivals.push([Number(m.id), now()]);
  });
  if (sse.status !== 200) throw new Error(`SSE answered ${sse.status}`);
  // The database's own word on each commit, heard by a bare client: every commit NOTIFYs the
  // last position it wrote, so each position up to it is known committed from that moment.
  const listener = new Client({ connectionString: setup.databaseUrl });
  await listener.connect();
  listener.on('notification', (n) => {
    if (n.channel === NOTIFY_CHANNEL && n.payload) heard.push({ upTo: Number(n.payload), at: now() });
  });
  await listener.query(`LISTEN ${NOTIFY_CHANNEL}`);
  return {
    sseCount: () => arrivals.length,
    finish: async () => {
      sse.close();
      await listener.end();
      return { arrivals, heard };
    },
  };
}

async function observe(setup: ObserverSetup): Promise<void> {
  const observers = await startObservers(setup, () => performance.timeOrigin + performance.now());
  const send = (message: unknown) => process.send!(message);
  process.on('message', (request: Request) => {
    if ('count' in request) send({ id: request.id, sse: observers.sseCount() });
    else
      void observers.finish().then((observed) => {
        // Let go of the channel only once the (large) reply is out, or it may be cut short.
        process.send!({ id: request.id, ...observed }, () => process.disconnect());
      });
  });
  send({ ready: true });
}

if (require.main === module && process.argv[2] === 'observers')
  void observe(JSON.parse(process.argv[3]) as ObserverSetup);
