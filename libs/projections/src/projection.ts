import { PoolClient } from 'pg';
import { StoredEvent } from '@accord/event-store';

/**
 * A read model kept from the log (DESIGN §5). The runner hands it a batch of events and a client
 * inside the transaction that also moves its checkpoint, so a batch is applied entirely or not
 * at all: `apply` must write only through that client and keep no state of its own in memory
 * (a rebuild in another process, or a takeover, starts from what is in the tables).
 */
export interface Projection {
  /** Stable name: checkpoint key, advisory lock `projection:<name>`, `accord projections rebuild <name>`. */
  readonly name: string;
  /** Only streams starting with this are read (the checkpoint still advances past the others). */
  readonly streamIdPrefix?: string;
  /** Only events of these types are read (the checkpoint still advances past the others). */
  readonly types?: readonly string[];
  /** Tables it owns, emptied (in the reset transaction) before a rebuild. */
  readonly tables: readonly string[];
  /** Applies events the runner read from the log (after `streamIdPrefix`). */
  apply?(client: PoolClient, events: readonly StoredEvent[]): Promise<void>;
  /**
   * Or: applies the positions `from`..`to` (inclusive) in SQL, reading the log inside the
   * database, for read models that are a plain function of each event. Nothing crosses the wire.
   */
  applyRange?(client: PoolClient, from: number, to: number): Promise<void>;
}
