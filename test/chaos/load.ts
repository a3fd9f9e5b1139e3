import { mintToken, loadOrCreateLocalSigningKey, Role } from '@accord/access';
import { openSse, SseConnection } from '../support/sse-client';

export interface Caller {
  personId: string;
  orgId: string;
  roles: Role[];
}

/** Mints tokens the way the APIs of one deployment accept them: with the key in their shared data directory. */
export async function tokenMinter(dataDir: string): Promise<(caller: Caller) => Promise<string>> {
  const key = await loadOrCreateLocalSigningKey(dataDir);
  return (caller) => mintToken({ ...caller, expiresIn: '2h', issuer: 'accord-local', audience: 'accord' }, key);
}

/** A command that got a 2xx: what the API said it wrote. */
export interface Acknowledged {
  commandId: string;
  path: string;
  position: number;
  events: number;
  /** 1 to 3, or 0 through the front. */
  api: number;
  attempts: number;
}

/**
 * Sends commands the way a careful client does while parts of the cluster die: each with an
 * Idempotency-Key, and when a process does not answer (connection refused or cut) or answers 5xx,
 * the same command with the same key again, until an API answers for it: to the next API, or
 * through the cluster's front again (it takes a dead API out and sends the aggregate to another).
 */
export class CommandClient {
  readonly acknowledged: Acknowledged[] = [];
  readonly refused: string[] = [];
  /** Refusals that are the right answer to a retry that came too late (see `send`): not findings. */
  readonly late: string[] = [];
  retries = 0;
  private next = 0;

  constructor(
    private readonly apiUrls: string[],
    private readonly frontUrl: string,
    private readonly token: (caller: Caller) => Promise<string>,
    private readonly giveUpMs = 120_000,
  ) {}

  /**
   * True once an API acknowledged the command. `tooLate` names refusals that are right when every
   * API was down or restarting past some moment the command named (an opening whose closing time
   * has passed): counted in `late`, not in `refused`. `firstApi` is the index of the API tried
   * first, or 'front' for every try through the front.
   */
  async send(
    caller: Caller,
    path: string,
    key: string,
    body: unknown,
    firstApi: number | 'front',
    tooLate?: (problem: Record<string, unknown>) => boolean,
  ): Promise<boolean> {
    const deadline = Date.now() + this.giveUpMs;
    const token = await this.token(caller);
    let api = firstApi === 'front' ? -1 : firstApi;
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let answer: { position?: number; events?: unknown[] } | string = '';
      try {
        const response = await fetch(`${api < 0 ? this.frontUrl : this.apiUrls[api]}${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(20_000),
        });
        status = response.status;
        const text = await response.text();
        answer = status < 300 ? JSON.parse(text) : text;
      } catch {
        status = 0; // refused, reset or timed out: the process is down or was killed mid-request
      }
      if (status >= 200 && status < 300 && typeof answer === 'object') {
        this.acknowledged.push({
          commandId: `${caller.orgId}/${caller.personId}:${key}`,
          path,
          position: Number(answer.position),
          events: answer.events?.length ?? 0,
          api: api + 1,
          attempts: attempt,
        });
        return true;
      }
      if (status >= 400 && status < 500 && status !== 429) {
        if (tooLate?.(JSON.parse(String(answer) || '{}') as Record<string, unknown>)) {
          this.late.push(`${path} (key ${key}) after ${attempt} attempts: ${String(answer).slice(0, 200)}`);
          return false;
        }
        this.refused.push(
          `${path} (key ${key}) ${api < 0 ? 'through the front' : `on API ${api + 1}`}: ${status} ${String(answer).slice(0, 300)}`,
        );
        return false;
      }
      if (Date.now() > deadline) {
        this.refused.push(`${path} (key ${key}): no API took it in ${this.giveUpMs} ms (last status ${status})`);
        return false;
      }
      this.retries++;
      if (api >= 0) api = (api + 1 + this.next++) % this.apiUrls.length;
      await new Promise((r) => setTimeout(r, 100 + 50 * Math.min(attempt, 10)));
    }
  }
}

/**
 * A change-feed subscriber bound to one API or to the front: when its stream ends (the API was
 * killed, restarted or cut it off), it reconnects to the same address with Last-Event-ID = the
 * last position it got (through the front, to whichever API it picks).
 */
export class FeedSubscriber {
  readonly positions: number[] = [];
  reconnects = 0;
  private stopped = false;
  private connection: SseConnection | undefined;
  private running: Promise<void> | undefined;

  constructor(
    readonly name: string,
    private readonly url: string,
    private readonly token: string,
  ) {}

  start(): void {
    this.running = this.loop();
  }

  get last(): number {
    return this.positions.at(-1) ?? 0;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
      if (this.positions.length > 0) headers['last-event-id'] = String(this.last);
      const connection = await openSse(`${this.url}/v1/feed`, headers, (m) => {
        if (m.id !== undefined && m.event === undefined) this.positions.push(Number(m.id));
      }).catch(() => undefined);
      if (connection?.status === 200) {
        this.connection = connection;
        await connection.done;
        this.connection = undefined;
      }
      if (this.stopped) break;
      this.reconnects++;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.connection?.close();
    await this.running;
  }
}

/**
 * Reads a partnership's overview (a read model the APIs serve from the replica) through each API
 * in turn, asking for the last position a command was acknowledged at (`minPosition`): each answer
 * must be the read model at that position or later, or a 503 with a stable code while the replica
 * or the projections are away, never anything else. A refused connection (the API is down) is
 * tried again on the next.
 */
export class QueryReader {
  /** `status code` → how many answers. */
  readonly answers = new Map<string, number>();
  readonly wrong: string[] = [];
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(
    private readonly apiUrls: string[],
    private readonly path: string,
    private readonly token: string,
    private readonly minPosition: () => number,
  ) {}

  start(): void {
    this.running = this.loop();
  }

  private async loop(): Promise<void> {
    for (let k = 0; !this.stopped; k++) {
      const api = k % this.apiUrls.length;
      const minPosition = this.minPosition();
      try {
        const response = await fetch(`${this.apiUrls[api]}${this.path}?minPosition=${minPosition}`, {
          headers: { authorization: `Bearer ${this.token}` },
          signal: AbortSignal.timeout(20_000),
        });
        const body = (await response.json().catch(() => ({}))) as { code?: string; position?: number };
        const key = `${response.status}${body.code ? ` ${body.code}` : ''}`;
        this.answers.set(key, (this.answers.get(key) ?? 0) + 1);
        const fine =
          (response.status === 200 && Number(body.position) >= minPosition) ||
          (response.status === 503 && ['storage-unavailable', 'read-model-behind'].includes(body.code ?? ''));
        if (!fine)
          this.wrong.push(`API ${api + 1}, minPosition ${minPosition}: ${key} ${JSON.stringify(body).slice(0, 200)}`);
      } catch {
        this.answers.set('no answer', (this.answers.get('no answer') ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}
