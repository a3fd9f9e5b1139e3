import { type IdRecord, own, withEntry } from './records';

/** Entries copied per addition at most: the newest chunk is copied, full ones are shared. */
const CHUNK = 64;

/**
 * An immutable id → value index that only grows by one entry per event, such as a decision's
 * record of its own stored events. A plain record would be copied whole on every addition (state
 * is immutable), which makes each event cost as much as the stream is long; here the newest
 * entries are copied and full chunks are shared between states. Plain data (JSON-able, freezable),
 * and `{}` is the empty index.
 */
export interface GrowingIndex<V> {
  /** Full chunks, oldest first; never changed once here. */
  readonly full?: readonly IdRecord<V>[];
  /** The newest entries, fewer than CHUNK. */
  readonly latest?: IdRecord<V>;
  readonly latestSize?: number;
}

export function withIndexed<V>(index: GrowingIndex<V>, key: string, value: V): GrowingIndex<V> {
  const size = index.latestSize ?? 0;
  if (size < CHUNK) return { ...(index.full ? { full: index.full } : {}), latest: withEntry(index.latest ?? {}, key, value), latestSize: size + 1 };
  return { full: [...(index.full ?? []), index.latest ?? {}], latest: withEntry({}, key, value), latestSize: 1 };
}

/** The newest value indexed under `key` (own entries only, as `own`). */
export function indexed<V>(index: GrowingIndex<V>, key: string): V | undefined {
  const latest = own(index.latest, key);
  if (latest !== undefined) return latest;
  const full = index.full ?? [];
  for (let i = full.length - 1; i >= 0; i--) {
    const found = own(full[i], key);
    if (found !== undefined) return found;
  }
  return undefined;
}
