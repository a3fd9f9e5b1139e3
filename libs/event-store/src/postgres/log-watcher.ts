import { KeyObject } from 'node:crypto';
import { Client, ClientConfig, Notification } from 'pg';
import { parseStoredEvent } from '../envelope';
import { StoredEvent } from '../event-store.port';
import { CommittedEvent, NOTICES_CHANNEL, verifiedNotice } from './commit-notices';
import { NOTIFY_CHANNEL } from './write-statements';

/** Recent committed events kept for followers, once one asked for them (about 3 MB of envelopes). */
const RECENT_EVENTS = 4096;

/**
 * Knows the newest committed position, promptly: a LISTEN connection hears every commit's
 * NOTIFY. Notifications can be lost while the connection is down, so after every reconnect it
 * re-reads the head, and waiters also wake on a timer (a slow poll, never the main path).
 *
 * Once a follower asks for events ({@link committedEvents}), it also keeps the newest committed
 * events it is told of, so a follower told of such a commit need not read it back: that read was a
 * second round trip to the database on the live path. It is told of this process's own commits as
 * they return, and, given the deployment's notice key, of other processes' commits by their
 * notices (commit-notices.ts), taken only when their MAC holds for the connection that sent them.
 * Without the key other processes' commits are always read: NOTIFY needs no privilege, so an
 * unauthenticated notice could feed the followers events the log does not hold.
 */
export class LogWatcher {
  private head = 0;
  private client: Client | null = null;
  private waiters = new Set<() => void>();
  private stopped = false;
  private connecting: Promise<void> | null = null;
  /** Consecutive positions, oldest first; empty until a follower asks for events. */
  private recent: CommittedEvent[] = [];
  private keepsEvents = false;

  constructor(
    private readonly config: ClientConfig,
    private readonly onError: (err: Error) => void = () => undefined,
    private readonly noticeKey?: KeyObject,
  ) {}

  /** Resolves when a position beyond `position` is known, after `timeoutMs`, or on abort. */
  async waitBeyond(position: number, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    this.ensureConnected();
    if (this.head > position || signal?.aborted) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(wake);
        resolve();
      };
      const wake = () => {
        if (this.head > position) done();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done, { once: true });
      this.waiters.add(wake);
    });
  }

  /**
   * The newest committed position while the LISTEN connection is up (it hears every commit from
   * then on); undefined while it is down, when commits may pass unheard. Asking connects it.
   */
  liveHead(): number | undefined {
    this.ensureConnected();
    return this.client ? this.head : undefined;
  }

  /** Writers in this process can report their own commits without waiting for the round trip. */
  advanceTo(position: number): void {
    if (position <= this.head) return;
    this.head = position;
    for (const wake of [...this.waiters]) wake();
  }

  /**
   * The committed events from `from` to `to` as their writers wrote them, or undefined unless this
   * watcher holds every one of them (the caller then reads them).
   */
  committedEvents(from: number, to: number): StoredEvent[] | undefined {
    if (!this.keepsEvents) {
      this.keepsEvents = true;
      if (this.client && this.noticeKey) void this.client.query(`LISTEN ${NOTICES_CHANNEL}`).catch(this.onError);
      return undefined;
    }
    const first = this.recent[0]?.position;
    if (first === undefined || from < first || to > this.recent[this.recent.length - 1].position) return undefined;
    // Parsed afresh for each caller, as a read would: followers may not share envelope objects.
    return this.recent.slice(from - first, to - first + 1).map((e) => parseStoredEvent(e.canonical, e.leafHashHex));
  }

  /**
   * Events known committed (in position order, consecutive). Kept only when they continue the ones
   * held: a gap (a commit not notified, or not heard) starts afresh from them, and a commit heard
   * twice (offered by this process's writer, then by its notice) is kept once.
   */
  offer(events: readonly CommittedEvent[]): void {
    if (!this.keepsEvents || events.length === 0) return;
    const last = this.recent[this.recent.length - 1]?.position;
    const fresh = last === undefined ? events : events.filter((e) => e.position > last);
    if (fresh.length === 0) return;
    if (last === undefined || fresh[0].position !== last + 1) this.recent = [...fresh];
    else this.recent.push(...fresh);
    // Trim in chunks: shifting one element per event would be quadratic under load.
    if (this.recent.length > RECENT_EVENTS * 1.25) this.recent = this.recent.slice(this.recent.length - RECENT_EVENTS);
  }

  async close(): Promise<void> {
    this.stopped = true;
    for (const wake of [...this.waiters]) wake();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private ensureConnected(): void {
    if (this.client || this.connecting || this.stopped) return;
    this.connecting = this.connect().finally(() => {
      this.connecting = null;
    });
  }

  private async connect(): Promise<void> {
    const client = new Client(this.config);
    client.on('notification', (msg) => {
      if (msg.channel === NOTIFY_CHANNEL && msg.payload) this.advanceTo(Number(msg.payload));
      else if (msg.channel === NOTICES_CHANNEL) this.takeNotice(msg);
    });
    client.on('error', (err) => {
      this.onError(err);
      if (this.client === client) this.client = null;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      if (this.keepsEvents && this.noticeKey) await client.query(`LISTEN ${NOTICES_CHANNEL}`);
      const { rows } = await client.query<{ last_position: string }>('SELECT last_position FROM log_head');
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
      this.advanceTo(Number(rows[0].last_position));
    } catch (err) {
      this.onError(err as Error);
      await client.end().catch(() => undefined);
    }
  }

  /**
   * A commit's notice precedes its head's NOTIFY, so it announces positions beyond the head known:
   * one that does not is an old notice sent again, and is not taken even with a valid MAC.
   */
  private takeNotice(msg: Notification): void {
    if (!this.noticeKey || !this.keepsEvents || !msg.payload) return;
    const events = verifiedNotice(msg.payload, this.noticeKey, msg.processId);
    if (events && events.length > 0 && events[0].position > this.head) this.offer(events);
  }
}
