/**
 * Finding the strings of a value (an envelope, a read model's row, any JSON) that may hold sealed
 * text, and copying the value with those strings replaced: one walk of the whole value, then work
 * only along the places found, since most of an answer holds no sealed value.
 */
import { maySealIn } from './sealed-text';

/** Where a string is in a value: the keys from the value down to it. */
export type Place = readonly (string | number)[];

/** The places of every string that may hold sealed text, each given to `found` as it is met. */
export function sealedPlaces(value: unknown, found: (s: string) => void): Place[] {
  const places: Place[] = [];
  const path: (string | number)[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (maySealIn(v)) {
        found(v);
        places.push([...path]);
      }
      return;
    }
    if (v === null || typeof v !== 'object' || v instanceof Date || Buffer.isBuffer(v)) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        visit(v[i]);
        path.pop();
      }
      return;
    }
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      path.push(key);
      visit(record[key]);
      path.pop();
    }
  };
  visit(value);
  return places;
}

/**
 * A copy of `value` with the string at each place replaced by `f` of it. Only the arrays and
 * objects along those places are copied (each once); the rest is shared, and `value` is unchanged.
 */
export function replaceAt<T>(value: T, places: readonly Place[], f: (s: string) => string): T {
  if (places.length === 0) return value;
  if (typeof value === 'string') return f(value) as T;
  type Container = Record<string | number, unknown>;
  const copies = new Map<object, Container>();
  const copyOf = (o: object): Container => {
    let copy = copies.get(o);
    if (!copy) copies.set(o, (copy = (Array.isArray(o) ? [...o] : { ...o }) as Container));
    return copy;
  };
  const root = copyOf(value as object);
  for (const place of places) {
    let original = value as Container;
    let copy = root;
    for (let i = 0; i < place.length - 1; i++) {
      original = original[place[i]] as Container;
      copy = copy[place[i]] = copyOf(original);
    }
    const last = place[place.length - 1];
    copy[last] = f(original[last] as string);
  }
  return root as T;
}
