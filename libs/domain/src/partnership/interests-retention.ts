import { type IdRecord, entries, own, withEntry, withoutEntry } from '../shared/records';

const DAY_MS = 86_400_000;

/** One erasure the retention rule makes due: the person's data at `dueAt`, for their organisation. */
export interface RetentionDue {
  readonly personId: string;
  readonly organisationId: string;
  readonly partnershipId: string;
  readonly dueAt: string;
  /** The BoardMemberStoodDown that started the period: names the erasure, so it is made once. */
  readonly leftEventId: string;
}

export interface RetentionState {
  /** Retention days by partnership, from its latest terms. */
  readonly days: IdRecord<number>;
  /** Board seats by person: partnershipId → party. */
  readonly seats: IdRecord<IdRecord<string>>;
  readonly due: IdRecord<RetentionDue>;
}

export const initialRetentionState: RetentionState = { days: {}, seats: {}, due: {} };

/** The events retention follows, with where and when they were recorded. */
export const RETENTION_EVENT_TYPES = [
  'TermsOfReferenceAgreed',
  'BoardMemberAppointed',
  'BoardMemberStoodDown',
  'PersonalDataErased',
] as const;

export interface RetentionEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly eventId: string;
  /** When the log recorded it: the leaving time the period runs from. */
  readonly recordedAt: string;
}

/**
 * Retention follows the log. The data key is per person, so an erasure takes everything sealed
 * about them (docs/personal-data.md): it falls due only once the person sits on no board at all,
 * at the latest leaving time plus the rule's days of the board they left last; a new
 * appointment anywhere cancels it, and any erasure (by an org-admin too) settles it.
 */
export function evolveRetention(state: RetentionState, event: RetentionEvent): RetentionState {
  const d = event.data as Record<string, string & number>;
  switch (event.type) {
    case 'TermsOfReferenceAgreed':
      return {
        ...state,
        days:
          typeof d.interestsRetentionDays === 'number'
            ? withEntry(state.days, d.partnershipId, d.interestsRetentionDays)
            : withoutEntry(state.days, d.partnershipId),
      };
    case 'BoardMemberAppointed':
      return {
        ...state,
        seats: withEntry(
          state.seats,
          d.personId,
          withEntry(own(state.seats, d.personId) ?? {}, d.partnershipId, d.party),
        ),
        due: withoutEntry(state.due, d.personId),
      };
    case 'BoardMemberStoodDown': {
      const seats = withoutEntry(own(state.seats, d.personId) ?? {}, d.partnershipId);
      const next = { ...state, seats: withEntry(state.seats, d.personId, seats) };
      const days = own(state.days, d.partnershipId);
      if (Object.keys(seats).length > 0 || days === undefined)
        return { ...next, due: withoutEntry(state.due, d.personId) };
      const due: RetentionDue = {
        personId: d.personId,
        organisationId: d.party,
        partnershipId: d.partnershipId,
        dueAt: new Date(Date.parse(event.recordedAt) + days * DAY_MS).toISOString(),
        leftEventId: event.eventId,
      };
      return { ...next, due: withEntry(state.due, d.personId, due) };
    }
    case 'PersonalDataErased':
      return { ...state, due: withoutEntry(state.due, d.personId) };
    default:
      return state;
  }
}

/** The erasures due at `now`. */
export function dueRetentionErasures(state: RetentionState, now: string): RetentionDue[] {
  return entries(state.due).filter((due) => due.dueAt <= now);
}
