/**
 * State keeps entities in plain records keyed by id. Ids come from callers, so look-ups must
 * only ever see own properties (an id such as "constructor" must not find Object.prototype's).
 */
export type IdRecord<V> = Readonly<Record<string, V>>;

export function own<V>(record: IdRecord<V> | undefined, key: string): V | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

export function withEntry<V>(record: IdRecord<V>, key: string, value: V): IdRecord<V> {
  const copy: Record<string, V> = { ...record };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

export function withoutEntry<V>(record: IdRecord<V>, key: string): IdRecord<V> {
  const copy: Record<string, V> = {};
  for (const k of Object.keys(record)) {
    if (k !== key)
      Object.defineProperty(copy, k, { value: record[k], enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

export function entries<V>(record: IdRecord<V>): V[] {
  return Object.keys(record).map((k) => record[k]);
}
