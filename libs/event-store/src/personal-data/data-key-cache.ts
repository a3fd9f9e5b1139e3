/**
 * Data keys held in memory between commands, so a sealed command or an opened answer need not
 * look its keys up first (that query cost half the append rate). Erasure must still reach every
 * process at once, so entries are only ever used under a lease:
 *
 * - a LISTEN connection hears each destroyed key (`pg_notify` in the statement that destroys it)
 *   and drops it; a dropped connection drops every entry, since what it missed is unknown;
 * - a heartbeat query on that connection every HEARTBEAT_MS renews the lease: PostgreSQL sends a
 *   session its notifications before answering its next query, so once a heartbeat sent at time h
 *   is answered, every key destroyed before h has been dropped;
 * - it beats only while it holds keys (an idle API must not query its database ten times a
 *   second): when the last key goes the heartbeat stops and the lease lapses, and the first key
 *   kept starts it again, so a key kept into an empty cache is used only after a fresh beat;
 * - entries are used only within KEY_CACHE_LEASE_MS of the last answered heartbeat's sending, and
 *   the eraser waits that long after destroying a key (PostgresDataKeys.destroy) before it says
 *   the key is gone: by then no process can still open a value with it, however stuck its listener.
 *
 * A notification only ever drops entries, so one sent by anyone else (NOTIFY needs no privilege)
 * can cost a lookup, never open anything.
 */
import type { KeyObject } from 'node:crypto';
import { Client, type ClientConfig } from 'pg';

export const DESTROYED_KEYS_CHANNEL = 'accord_data_keys_destroyed';
/** How long after destroying a key its erasure waits, so no cache anywhere still uses it. */
export const KEY_CACHE_LEASE_MS = 500;
const HEARTBEAT_MS = 100;
/** After a failed connection, keys are looked up for this long before the listener is tried again. */
const RECONNECT_MS = 1000;
/** Keys held at most; beyond it the oldest go (a key is 32 bytes and a KeyObject). */
const MAX_KEYS = 50_000;

export class DataKeyCache {
  private readonly keys = new Map<string, KeyObject>();
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private beating = false;
  /** Monotonic time the last answered heartbeat was sent; the lease runs from there. */
  private leaseFrom = -Infinity;
  /** Bumped whenever entries may have gone stale (a key destroyed, the listener lost). */
  private generation = 0;
  private stopped = false;
  private retryAt = 0;

  constructor(
    private readonly config: ClientConfig,
    private readonly onError: (err: Error) => void = () => undefined,
  ) {}

  /** The keys held for `ids` while the lease holds; the others are to be looked up. */
  held(ids: readonly string[]): Map<string, KeyObject> {
    const found = new Map<string, KeyObject>();
    this.ensureListening();
    if (!this.leased()) return found;
    for (const id of ids) {
      const key = this.keys.get(id);
      if (key) found.set(id, key);
    }
    return found;
  }

  /**
   * Taken just before a lookup's query is sent: its answer may be kept only if no key was
   * destroyed (nor the listener lost) in between. Undefined while nothing is heard.
   */
  ticket(): number | undefined {
    return this.client ? this.generation : undefined;
  }

  keep(ticket: number | undefined, found: Map<string, KeyObject>): void {
    if (ticket === undefined || ticket !== this.generation || found.size === 0) return;
    for (const [id, key] of found) this.keys.set(id, key);
    this.startBeating();
    if (this.keys.size > MAX_KEYS)
      for (const id of this.keys.keys()) {
        this.keys.delete(id);
        if (this.keys.size <= MAX_KEYS) break;
      }
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.forgetAll();
    await this.connecting;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private leased(): boolean {
    return this.client !== null && performance.now() - this.leaseFrom <= KEY_CACHE_LEASE_MS;
  }

  private forget(id: string): void {
    this.generation++;
    this.keys.delete(id);
    if (this.keys.size === 0) this.stopBeating();
  }

  private forgetAll(): void {
    this.generation++;
    this.keys.clear();
    this.stopBeating();
  }

  private startBeating(): void {
    if (this.heartbeat || !this.client) return;
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS).unref();
    void this.beat();
  }

  private stopBeating(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    this.leaseFrom = -Infinity;
  }

  private ensureListening(): void {
    if (this.client || this.connecting || this.stopped || performance.now() < this.retryAt) return;
    this.connecting = this.connect().finally(() => {
      this.connecting = null;
    });
  }

  private async connect(): Promise<void> {
    const client = new Client({ ...this.config, application_name: 'accord:data-keys' });
    client.on('notification', (msg) => {
      if (msg.channel === DESTROYED_KEYS_CHANNEL && msg.payload !== undefined) this.forget(msg.payload);
    });
    const lost = (err?: Error) => {
      if (err) this.onError(err);
      this.retryAt = performance.now() + RECONNECT_MS;
      if (this.client === client) {
        this.client = null;
        this.forgetAll();
      }
      void client.end().catch(() => undefined);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${DESTROYED_KEYS_CHANNEL}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      // Nothing was heard before the LISTEN: entries start afresh from here.
      this.forgetAll();
      this.client = client;
    } catch (err) {
      lost(err as Error);
    }
  }

  private async beat(): Promise<void> {
    const { client, heartbeat } = this;
    if (!client || !heartbeat || this.beating) return;
    this.beating = true;
    const sent = performance.now();
    try {
      await client.query('SELECT 1');
      // A beat sent before the heartbeat stopped renews nothing: the lease lapsed with it.
      if (this.client === client && this.heartbeat === heartbeat) this.leaseFrom = sent;
    } catch (err) {
      // A beat cut off by close(), or on a connection already lost (and reported as lost), is no news.
      if (this.client === client) this.onError(err as Error);
    } finally {
      this.beating = false;
    }
  }
}
