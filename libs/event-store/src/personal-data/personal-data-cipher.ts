/**
 * Seals personal-data fields and exempt values before an append and opens sealed values on read
 * (DESIGN §4). Which fields are which is the domain's list, passed in: the event store knows no
 * event types.
 */
import type { KeyObject } from 'node:crypto';
import { replaceAt, sealedPlaces } from './sealed-places';
import {
  ERASED,
  openSealed,
  parseSealed,
  SEALED_IN_TEXT,
  type SealedKind,
  type SealedHeader,
  sealedHeader,
  sealText,
  WITHHELD,
} from './sealed-text';

export interface PersonalDataRules {
  readonly [eventType: string]: { readonly subject: string; readonly fields: readonly string[] };
}

/**
 * Where data keys come from: PostgresDataKeys, or a map in unit tests. Keys are KeyObjects: given
 * as bytes, Node makes a key object of them for every value sealed or opened (see sealText).
 */
export interface DataKeySource {
  keysFor(personIds: string[]): Promise<Map<string, KeyObject>>;
  keysOf(personIds: string[]): Promise<Map<string, KeyObject>>;
}

/**
 * Whether the reader has need to know the exempt values of a partnership (the visibility policy
 * decides, in libs/access). Absent: no reader of that answer has.
 */
export type ExemptReader = (partnershipId: string) => boolean | Promise<boolean>;

/**
 * The key of a partnership's exempt values, in the same store as people's keys: '/' is not in any
 * id the domain accepts, so it never names a person.
 */
export function exemptKeyId(partnershipId: string): string {
  return `exempt/${partnershipId}`;
}

/** Opened values remembered at most; beyond it they are all forgotten and opened afresh. */
const MAX_OPENED = 100_000;

export class PersonalDataCipher {
  /**
   * Values already opened, by the key that opened them: a reader is answered from here only when
   * the key source hands out that very key again, so a destroyed key (which the source no longer
   * gives) takes its values with it, and a source that makes keys afresh per call never hits.
   * Decrypting was most of an opened answer's cost, and answers repeat the same values.
   */
  private opened = new WeakMap<KeyObject, Map<string, string>>();
  private openedCount = 0;

  constructor(
    private readonly keys: DataKeySource,
    private readonly rules: PersonalDataRules,
    /** Exempt values: `subject` names the partnership whose parties may read them. */
    private readonly exemptRules: PersonalDataRules = {},
  ) {}

  /** The events with each listed field sealed under its subject's key (one key lookup for all). */
  async seal<E extends { type: string; data: unknown }>(events: E[]): Promise<E[]> {
    const keyIds = events.flatMap((e) => this.sealingOf(e).map((s) => s.keyId));
    if (keyIds.length === 0) return events;
    const keys = await this.keys.keysFor(keyIds);
    return events.map((e) => {
      const sealings = this.sealingOf(e);
      if (sealings.length === 0) return e;
      const data = { ...(e.data as Record<string, unknown>) };
      for (const { kind, subject, keyId, fields } of sealings)
        for (const field of fields)
          if (typeof data[field] === 'string')
            data[field] = sealText(data[field], subject, keys.get(keyId)!, undefined, kind);
      return { ...e, data };
    });
  }

  /**
   * `value` (an envelope, a read model's row, any JSON) with every sealed value opened: personal
   * data, or "[erased]" where its subject's key is gone; exempt values for a reader `exempt` says
   * has need to know, "[withheld]" for anyone else. Values are opened wherever they are, inside
   * longer text too, so a reader need not know which of its fields came from sealed data.
   */
  async open<T>(value: T, exempt?: ExemptReader): Promise<T> {
    // Each distinct sealed value is opened once, however often the answer repeats it.
    const found = new Map<string, SealedHeader | null>();
    const places = sealedPlaces(value, (s) => {
      for (const token of s.match(SEALED_IN_TEXT) ?? []) if (!found.has(token)) found.set(token, sealedHeader(token));
    });
    const keyIds = new Set<string>();
    const partnerships = new Set<string>();
    for (const sealed of found.values())
      if (sealed?.kind === 'personal') keyIds.add(sealed.subject);
      else if (sealed) partnerships.add(sealed.subject);
    if (keyIds.size === 0 && partnerships.size === 0) return value;
    const readable = new Set<string>();
    for (const p of partnerships) if (exempt && (await exempt(p))) readable.add(p);
    for (const p of readable) keyIds.add(exemptKeyId(p));
    const keys = keyIds.size === 0 ? new Map<string, KeyObject>() : await this.keys.keysOf([...keyIds]);
    const opened = new Map<string, string>();
    for (const [token, sealed] of found)
      opened.set(token, sealed ? this.openOne(token, sealed, keys, readable) : token);
    // Most such strings are one sealed value and nothing else.
    return replaceAt(value, places, (s) => opened.get(s) ?? s.replace(SEALED_IN_TEXT, (t) => opened.get(t) ?? t));
  }

  private openOne(
    token: string,
    sealed: SealedHeader,
    keys: Map<string, KeyObject>,
    readableExempt: Set<string>,
  ): string {
    if (sealed.kind === 'exempt' && !readableExempt.has(sealed.subject)) return WITHHELD;
    const key = keys.get(sealed.kind === 'exempt' ? exemptKeyId(sealed.subject) : sealed.subject);
    if (!key) return ERASED;
    let opened = this.opened.get(key);
    const known = opened?.get(token);
    if (known !== undefined) return known;
    const parts = parseSealed(token);
    if (!parts) return token;
    let plaintext: string;
    try {
      plaintext = openSealed(parts, key);
    } catch {
      // Sealed under a key since destroyed (the person was erased, then disclosed anew).
      return ERASED;
    }
    if (++this.openedCount > MAX_OPENED) {
      this.opened = new WeakMap();
      this.openedCount = 1;
      opened = undefined;
    }
    if (!opened) this.opened.set(key, (opened = new Map()));
    opened.set(token, plaintext);
    return plaintext;
  }

  private sealingOf(e: { type: string; data: unknown }): Sealing[] {
    const out: Sealing[] = [];
    const personal = this.subjectOf(this.rules, e);
    if (personal !== undefined)
      out.push({ kind: 'personal', subject: personal, keyId: personal, fields: this.rules[e.type].fields });
    const partnership = this.subjectOf(this.exemptRules, e);
    if (partnership !== undefined)
      out.push({
        kind: 'exempt',
        subject: partnership,
        keyId: exemptKeyId(partnership),
        fields: this.exemptRules[e.type].fields,
      });
    return out;
  }

  private subjectOf(rules: PersonalDataRules, e: { type: string; data: unknown }): string | undefined {
    const rule = rules[e.type];
    if (!rule) return undefined;
    const subject = (e.data as Record<string, unknown> | null)?.[rule.subject];
    return typeof subject === 'string' ? subject : undefined;
  }
}

interface Sealing {
  kind: SealedKind;
  subject: string;
  keyId: string;
  fields: readonly string[];
}
