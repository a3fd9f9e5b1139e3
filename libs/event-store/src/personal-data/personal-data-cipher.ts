/**
 * Seals personal-data fields before an append and opens sealed values on read (DESIGN §4). Which
 * fields are personal data is the domain's list, passed in: the event store knows no event types.
 */
import { ERASED, openSealed, parseSealed, SEALED_IN_TEXT, sealText } from './sealed-text';

export interface PersonalDataRules {
  readonly [eventType: string]: { readonly subject: string; readonly fields: readonly string[] };
}

/** Where data keys come from: PostgresDataKeys, or a map in unit tests. */
export interface DataKeySource {
  keysFor(personIds: string[]): Promise<Map<string, Buffer>>;
  keysOf(personIds: string[]): Promise<Map<string, Buffer>>;
}

export class PersonalDataCipher {
  constructor(
    private readonly keys: DataKeySource,
    private readonly rules: PersonalDataRules,
  ) {}

  /** The events with each personal-data field sealed under its subject's key (one key lookup for all). */
  async seal<E extends { type: string; data: unknown }>(events: E[]): Promise<E[]> {
    const subjects = events.flatMap((e) => {
      const subject = this.subjectOf(e);
      return subject === undefined ? [] : [subject];
    });
    if (subjects.length === 0) return events;
    const keys = await this.keys.keysFor(subjects);
    return events.map((e) => {
      const subject = this.subjectOf(e);
      if (subject === undefined) return e;
      const data = { ...(e.data as Record<string, unknown>) };
      for (const field of this.rules[e.type].fields)
        if (typeof data[field] === 'string') data[field] = sealText(data[field], subject, keys.get(subject)!);
      return { ...e, data };
    });
  }

  /**
   * `value` (an envelope, a read model's row, any JSON) with every sealed value opened, or
   * "[erased]" where its subject's key is gone. Values are opened wherever they are, inside
   * longer text too, so a reader need not know which of its fields came from personal data.
   */
  async open<T>(value: T): Promise<T> {
    const subjects = new Set<string>();
    walkStrings(value, (s) => {
      for (const token of s.match(SEALED_IN_TEXT) ?? []) {
        const sealed = parseSealed(token);
        if (sealed) subjects.add(sealed.subject);
      }
      return s;
    });
    if (subjects.size === 0) return value;
    const keys = await this.keys.keysOf([...subjects]);
    return walkStrings(value, (s) =>
      s.includes('pd1:') ? s.replace(SEALED_IN_TEXT, (token) => openOne(token, keys)) : s,
    );
  }

  private subjectOf(e: { type: string; data: unknown }): string | undefined {
    const rule = this.rules[e.type];
    if (!rule) return undefined;
    const subject = (e.data as Record<string, unknown> | null)?.[rule.subject];
    return typeof subject === 'string' ? subject : undefined;
  }
}

function openOne(token: string, keys: Map<string, Buffer>): string {
  const sealed = parseSealed(token);
  if (!sealed) return token;
  const key = keys.get(sealed.subject);
  if (!key) return ERASED;
  try {
    return openSealed(sealed, key);
  } catch {
    // Sealed under a key since destroyed (the person was erased, then disclosed anew).
    return ERASED;
  }
}

/** A copy of `value` with `f` applied to every string in it; objects are copied only along changed paths. */
function walkStrings<T>(value: T, f: (s: string) => string): T {
  if (typeof value === 'string') return f(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const w = walkStrings(v, f);
      if (w !== v) changed = true;
      return w;
    });
    return (changed ? out : value) as T;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const w = walkStrings(v, f);
      if (w !== v) changed = true;
      out[k] = w;
    }
    return (changed ? out : value) as T;
  }
  return value;
}
