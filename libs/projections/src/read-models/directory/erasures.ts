import { Pool } from 'pg';
import type { ErasureView } from '@accord/contracts';
import { logSelect } from '@accord/event-store';

const ERASURES = logSelect(['position', 'envelope'], { types: ['PersonalDataErased'], evaluateOnce: true });

/** Why a person's data was erased (PersonalDataErased.reason), as a clause after "erased on …". */
export const ERASURE_REASON_TEXT: Readonly<Record<string, string>> = {
  'person-request': "at the person's request",
  'retention-rule': 'under the retention rule',
  'organisation-decision': "by the organisation's decision",
};

interface Erasure extends ErasureView {
  position: number;
}

/**
 * When and why people's personal data was erased, read from the log's PersonalDataErased events
 * (few, found by type): what an answer says beside a value that reads "[erased]", so a reader
 * sees "erased on … at the person's request" rather than a bare gap.
 */
export class Erasures {
  private constructor(private readonly byPerson: Map<string, Erasure[]>) {}

  static async load(db: Pool, personIds: Iterable<string | undefined>): Promise<Erasures> {
    const ids = [...new Set([...personIds].filter((p): p is string => p !== undefined))];
    const byPerson = new Map<string, Erasure[]>();
    if (ids.length === 0) return new Erasures(byPerson);
    const { rows } = await db.query<{ position: string; at: string; person_id: string; reason: string }>(
      `SELECT position, envelope->>'recordedAt' AS at, envelope#>>'{data,personId}' AS person_id,
              envelope#>>'{data,reason}' AS reason
       FROM ${ERASURES} AS e WHERE envelope#>>'{data,personId}' = ANY($1::text[]) ORDER BY position`,
      [ids],
    );
    for (const r of rows) {
      const list = byPerson.get(r.person_id) ?? [];
      list.push({
        position: Number(r.position),
        at: r.at,
        reason: r.reason,
        because: ERASURE_REASON_TEXT[r.reason] ?? r.reason,
      });
      byPerson.set(r.person_id, list);
    }
    return new Erasures(byPerson);
  }

  /**
   * The erasure that made unreadable what the log recorded about `personId` at `position`: the
   * first one after it (what they disclosed after an erasure is sealed under a new key).
   */
  of(personId: string | undefined, position: number): ErasureView | undefined {
    const found = personId === undefined ? undefined : this.byPerson.get(personId)?.find((e) => e.position > position);
    return found && { at: found.at, reason: found.reason, because: found.because };
  }

  /** `{ erased }` to spread into an answer beside the value, or nothing when it was not erased. */
  field(personId: string | undefined, position: number): { erased?: ErasureView } {
    const erased = this.of(personId, position);
    return erased ? { erased } : {};
  }
}
