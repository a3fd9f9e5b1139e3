import { type IdRecord, own } from './records';

/** Entries copied per addition at most: the newest chunk is copied, full ones are shared. */
const CHUNK = 64;

/**
 * An immutable id → value index that only grows by one entry per event, such as a decision's
 * record of its own stored events. A plain record would be copied whole on every addition (state
 * is immutable), which makes each event cost as much as the stream is long; here the newest
 * entries are copied and full chunks are shared between states. The newest entries are a list,
 * not a record: copying a record keyed by event ids made V8 build a new hidden class for every
 * id (21 µs per event); a list of up to 64 pairs copies in well under a microsecond. A chunk
 * becomes a record once, when it is full. Plain data (JSON-able, freezable), and `{}` is the empty
 * index.
 */
export interface GrowingIndex<V> {
  /** Full chunks, oldest first; never changed once here. */
  readonly full?: readonly IdRecord<V>[];
  /** The newest entries, oldest first, fewer than CHUNK. */
  readonly latest?: readonly (readonly [key: string, value: V])[];
}

export function withIndexed<V>(index: GrowingIndex<V>, key: string, value: V): GrowingIndex<V> {
  const latest = index.latest ?? [];
  if (latest.length < CHUNK) return { ...(index.full ? { full: index.full } : {}), latest: [...latest, [key, value]] };
  return { full: [...(index.full ?? []), chunkOf(latest)], latest: [[key, value]] };
}

/**
 * A full chunk as a record without a prototype, which V8 keeps as a hash table. A literal record
 * (Object.fromEntries) of 64 new ids got a hidden class of its own, kept as long as the chunk:
 * with it an entry held 234 bytes, now 106 with its value shared (the API's heap grows by that
 * for every event of a decision it holds). Without a prototype, an id such as "__proto__" is an
 * entry like any other.
 */
function chunkOf<V>(entries: readonly (readonly [string, V])[]): IdRecord<V> {
  const chunk = Object.create(null) as Record<string, V>;
  for (const [key, value] of entries) chunk[key] = value;
  return chunk;
}

/** The newest value indexed under `key` (own entries only, as `own`). */
export function indexed<V>(index: GrowingIndex<V>, key: string): V | undefined {
  const latest = index.latest ?? [];
  for (let i = latest.length - 1; i >= 0; i--) if (latest[i][0] === key) return latest[i][1];
  const full = index.full ?? [];
  for (let i = full.length - 1; i >= 0; i--) {
    const found = own(full[i], key);
    if (found !== undefined) return found;
  }
  return undefined;
}
