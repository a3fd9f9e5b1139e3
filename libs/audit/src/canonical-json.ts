/**
 * RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * The audit log hashes these bytes, so they must be reproducible by any independent
 * implementation: object keys sorted by UTF-16 code units, no insignificant whitespace,
 * numbers in ECMAScript shortest form, strings escaped as JSON.stringify does.
 * Values JSON cannot represent faithfully are refused rather than silently dropped,
 * because a value that changes on the way to the log would break verification later.
 */
export class NotCanonicalisableError extends Error {
  readonly code = 'not-json-serialisable';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

const LONE_SURROGATE = /\p{Surrogate}/u;

export function canonicalize(value: unknown): string {
  return write(value, '$', new Set());
}

export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}

function write(value: unknown, path: string, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new NotCanonicalisableError(path, 'string holds a lone UTF-16 surrogate');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new NotCanonicalisableError(path, `number ${value} is not finite`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return writeObject(value, path, seen);
    default:
      throw new NotCanonicalisableError(path, `a ${typeof value} is not JSON`);
  }
}

function writeObject(value: object, path: string, seen: Set<object>): string {
  if (seen.has(value)) throw new NotCanonicalisableError(path, 'circular reference');
  if (Array.isArray(value)) {
    seen.add(value);
    const items = value.map((item, i) => write(item, `${path}[${i}]`, seen));
    seen.delete(value);
    return `[${items.join(',')}]`;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    // Dates, Maps, class instances… would serialise lossily or not at all.
    throw new NotCanonicalisableError(path, `a ${value.constructor?.name ?? 'non-plain object'} is not plain JSON`);
  }
  seen.add(value);
  const keys = Object.keys(value).sort(compareUtf16);
  const members: string[] = [];
  for (const key of keys) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined) throw new NotCanonicalisableError(`${path}.${key}`, 'undefined is not JSON');
    if (LONE_SURROGATE.test(key)) throw new NotCanonicalisableError(path, 'key holds a lone UTF-16 surrogate');
    members.push(`${JSON.stringify(key)}:${write(member, `${path}.${key}`, seen)}`);
  }
  seen.delete(value);
  return `{${members.join(',')}}`;
}

/** RFC 8785 §3.2.3: sort by UTF-16 code units, which is what `<` on JS strings does. */
function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
