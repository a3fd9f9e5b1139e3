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

/**
 * Deepest nesting written (objects and arrays): the walk is recursive, and a value nested a few
 * thousand levels would overflow the stack. The API refuses bodies deeper than 64 levels, so no
 * event comes near this.
 */
export const MAX_CANONICAL_DEPTH = 128;

export function canonicalize(value: unknown): string {
  return new CanonicalWriter().write(value);
}

export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}

/**
 * Writes one value. Every event appended goes through here, so the walk keeps the keys it is
 * inside on a stack and spells out a path (`$.data.items[2]`) only for an error: building it for
 * every member was a sixth of what an append allocated.
 */
class CanonicalWriter {
  private readonly keys: (string | number)[] = [];
  /** The objects and arrays being written, outermost first: one met again is a cycle. */
  private readonly inside: object[] = [];

  write(value: unknown): string {
    switch (typeof value) {
      case 'string':
        if (!value.isWellFormed()) throw this.refuse('string holds a lone UTF-16 surrogate');
        return JSON.stringify(value);
      case 'number':
        if (!Number.isFinite(value)) throw this.refuse(`number ${value} is not finite`);
        return JSON.stringify(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'object':
        if (value === null) return 'null';
        return this.writeObject(value);
      default:
        throw this.refuse(`a ${typeof value} is not JSON`);
    }
  }

  private writeObject(value: object): string {
    if (this.inside.includes(value)) throw this.refuse('circular reference');
    if (this.keys.length >= MAX_CANONICAL_DEPTH) throw this.refuse(`nested deeper than ${MAX_CANONICAL_DEPTH} levels`);
    if (Array.isArray(value)) {
      this.inside.push(value);
      let out = '[';
      for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + this.member(i, value[i]);
      this.inside.pop();
      return out + ']';
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      // Dates, Maps, class instances… would serialise lossily or not at all.
      throw this.refuse(`a ${value.constructor?.name ?? 'non-plain object'} is not plain JSON`);
    }
    this.inside.push(value);
    const keys = Object.keys(value).sort(compareUtf16);
    let out = '{';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (!key.isWellFormed()) throw this.refuse('key holds a lone UTF-16 surrogate');
      out +=
        (i === 0 ? '' : ',') + JSON.stringify(key) + ':' + this.member(key, (value as Record<string, unknown>)[key]);
    }
    this.inside.pop();
    return out + '}';
  }

  private member(key: string | number, member: unknown): string {
    this.keys.push(key);
    if (member === undefined) throw this.refuse('undefined is not JSON');
    const text = this.write(member);
    this.keys.pop();
    return text;
  }

  /** The error for the value being written, with where it is from the root (`$`). */
  private refuse(reason: string): NotCanonicalisableError {
    return new NotCanonicalisableError(
      '$' + this.keys.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join(''),
      reason,
    );
  }
}

/** RFC 8785 §3.2.3: sort by UTF-16 code units, which is what `<` on JS strings does. */
function compareUtf16(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
