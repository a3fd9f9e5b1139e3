import { streamKindOf } from '@accord/domain';
import { StoredEvent } from '@accord/event-store';

/**
 * Where an event belongs, from its data alone (DESIGN §6): partnership, decision and meeting events carry
 * `partnershipId`, organisation events `organisationId`. Anything else (a stream that is not one
 * of the domain's) belongs to nobody, so only auditors and admins see it.
 */
export type EventScope =
  { kind: 'partnership'; partnershipId: string } | { kind: 'organisation'; organisationId: string } | { kind: 'none' };

export function scopeOf(event: Pick<StoredEvent, 'streamId' | 'data'>): EventScope {
  const data = (event.data ?? {}) as { partnershipId?: unknown; organisationId?: unknown };
  const kind = streamKindOf(event.streamId);
  if ((kind === 'partnership' || kind === 'decision' || kind === 'meeting') && typeof data.partnershipId === 'string')
    return { kind: 'partnership', partnershipId: data.partnershipId };
  if (kind === 'organisation' && typeof data.organisationId === 'string')
    return { kind: 'organisation', organisationId: data.organisationId };
  return { kind: 'none' };
}

/** The Kafka message key: the partnership id, so one partnership's events stay in order on one partition. */
export function messageKey(event: Pick<StoredEvent, 'streamId' | 'data'>): string {
  const scope = scopeOf(event);
  // Organisation events have no partnership: their stream id keeps them in order among themselves.
  return scope.kind === 'partnership' ? scope.partnershipId : event.streamId;
}
