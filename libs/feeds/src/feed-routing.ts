import { streamKindOf } from '@accord/domain';
import { StoredEvent } from '@accord/event-store';

/**
 * Where an event belongs, from its data alone (DESIGN §6): partnership, decision and meeting events carry
 * `partnershipId`, organisation events `organisationId`. Anything else (a stream that is not one
 * of the domain's) belongs to nobody, so only auditors and admins see it.
 *
 * `PersonalDataErased` is an organisation event that also belongs to every partnership in which
 * the person's personal data appeared before it (`before`: its position), so that each party's
 * systems learn to purge their copies (docs/personal-data.md).
 */
export type EventScope =
  | { kind: 'partnership'; partnershipId: string }
  | { kind: 'organisation'; organisationId: string }
  | { kind: 'erasure'; organisationId: string; personId: string; before: number }
  | { kind: 'none' };

export function scopeOf(event: Pick<StoredEvent, 'streamId' | 'data' | 'type' | 'position'>): EventScope {
  const data = (event.data ?? {}) as { partnershipId?: unknown; organisationId?: unknown; personId?: unknown };
  const kind = streamKindOf(event.streamId);
  if ((kind === 'partnership' || kind === 'decision' || kind === 'meeting') && typeof data.partnershipId === 'string')
    return { kind: 'partnership', partnershipId: data.partnershipId };
  if (kind === 'organisation' && typeof data.organisationId === 'string') {
    if (event.type === 'PersonalDataErased' && typeof data.personId === 'string')
      return { kind: 'erasure', organisationId: data.organisationId, personId: data.personId, before: event.position };
    return { kind: 'organisation', organisationId: data.organisationId };
  }
  return { kind: 'none' };
}

/** The Kafka message key: the partnership id, so one partnership's events stay in order on one partition. */
export function messageKey(event: Pick<StoredEvent, 'streamId' | 'data' | 'type' | 'position'>): string {
  const scope = scopeOf(event);
  // Organisation events have no partnership: their stream id keeps them in order among themselves.
  return scope.kind === 'partnership' ? scope.partnershipId : event.streamId;
}
