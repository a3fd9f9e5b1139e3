import { Client, ClientConfig } from 'pg';
import { NOTIFY_CHANNEL } from './write-statements';

/**
 * Knows the newest committed position, promptly: a LISTEN connection hears every commit's
 * NOTIFY. Notifications can be lost while the connection is down, so after every reconnect it
 * re-reads the head, and waiters also wake on a timer (a slow poll, never the main path).
 */
export class LogWatcher {
  private head = 0;
  private client: Client | null = null;
  private waiters = new Set<() => void>();
  private stopped = false;
  private connecting: Promise<void> | null = null;

  constructor(
    private readonly config: ClientConfig,
    private readonly onError: (err: Error) => void = () => undefined,
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
   * then on); undefined while it is down, when commits may pass unheard.
   */
  liveHead(): number | undefined {
    return this.client ? this.head : undefined;
  }

  /** Writers in this process can report their own commits without waiting for the round trip. */
  advanceTo(position: number): void {
    if (position <= this.head) return;
    this.head = position;
    for (const wake of [...this.waiters]) wake();
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
    });
    client.on('error', (err) => {
      this.onError(err);
      if (this.client === client) this.client = null;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
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
}
