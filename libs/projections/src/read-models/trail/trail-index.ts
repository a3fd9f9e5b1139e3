import { StoredEvent } from '@accord/event-store';

export interface TrailEntry {
  position: number;
  partnership_id: string | null;
  decision_id: string | null;
  person_ids: string[];
}

/** Person-valued fields of event data (the subject of an act or who did it), besides the actor. */
const PERSON_FIELDS = [
  'personId',
  'proposedBy',
  'joinedBy',
  'agreedBy',
  'appointedBy',
  'stoodDownBy',
  'setBy',
  'revisedBy',
  'reportedBy',
  'raisedBy',
  'assignedBy',
  'closedBy',
  'suspendedBy',
  'resumedBy',
  'dissolvedBy',
  'draftedBy',
  'amendedBy',
  'openedBy',
  'grantedBy',
  'withdrawnBy',
  'recordedBy',
  'rescindedBy',
  'correctedBy',
  'registeredBy',
  'addedBy',
  'removedBy',
  'delegatedBy',
  'revokedBy',
];

/** Which partnership, decision and people an event concerns, for the audit-trail lookups. */
export function trailEntryOf(event: StoredEvent): TrailEntry {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const people = new Set<string>();
  if (event.metadata?.actor?.personId) people.add(event.metadata.actor.personId);
  for (const field of PERSON_FIELDS) {
    const value = data[field];
    if (typeof value === 'string') people.add(value);
    else if (value && typeof value === 'object' && typeof (value as { personId?: unknown }).personId === 'string')
      people.add((value as { personId: string }).personId);
  }
  const refusal = data.refusal as { personId?: unknown } | undefined;
  if (typeof refusal?.personId === 'string') people.add(refusal.personId);
  return {
    position: event.position,
    partnership_id: typeof data.partnershipId === 'string' ? data.partnershipId : null,
    decision_id: typeof data.decisionId === 'string' ? data.decisionId : null,
    person_ids: [...people],
  };
}
