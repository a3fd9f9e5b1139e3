import type { ErasureView } from '@accord/contracts';
import { personalDataSubject } from '@accord/domain';

/** Why a person's data was erased (PersonalDataErased.reason), as a clause after "erased on …". */
export const ERASURE_REASON_TEXT: Readonly<Record<string, string>> = {
  'person-request': "at the person's request",
  'retention-rule': 'under the retention rule',
  'organisation-decision': "by the organisation's decision",
};

/** One PersonalDataErased of a person, as the erasures read model keeps it. */
export interface Erasure extends ErasureView {
  personId: string;
  position: number;
}

/** An event as logged, for what it says about a person: its type and data decide whose, if anyone's. */
export interface LoggedData {
  type: string;
  data: unknown;
  position: number;
}

/**
 * When and why people's personal data was erased: what an answer says beside a value that reads
 * "[erased]", so a reader sees "erased on … at the person's request" rather than a bare gap.
 */
export class Erasures {
  private readonly byPerson = new Map<string, Erasure[]>();

  /** `erasures` in log order. */
  constructor(erasures: readonly Erasure[]) {
    for (const e of erasures) {
      const list = this.byPerson.get(e.personId);
      if (list) list.push(e);
      else this.byPerson.set(e.personId, [e]);
    }
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

  /** `field` for the personal data an event holds (the domain's PERSONAL_DATA rule says whose). */
  fieldOf(event: LoggedData): { erased?: ErasureView } {
    return this.field(personalDataSubject(event.type, event.data), event.position);
  }
}
