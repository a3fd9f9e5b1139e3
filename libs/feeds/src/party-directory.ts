import type { Audience } from '@accord/access';
import { streamIdOf } from '@accord/domain';
import { EventStore } from '@accord/event-store';
import { EventScope } from './feed-routing';

/**
 * Which organisations are party to a partnership. The parties are fixed when it is proposed
 * (PartnershipProposed.data.parties), so an answer never goes stale and is cached for good; a
 * miss reads the partnership's first event. Shared by the SSE feed and the Kafka relay.
 */
export class PartyDirectory {
  private readonly parties = new Map<string, readonly string[]>();
  private readonly loading = new Map<string, Promise<readonly string[]>>();

  constructor(private readonly store: Pick<EventStore, 'readStream'>) {}

  /** The parties, or an empty list for a partnership that does not exist (yet). */
  async partiesOf(partnershipId: string): Promise<readonly string[]> {
    const known = this.parties.get(partnershipId);
    if (known) return known;
    let pending = this.loading.get(partnershipId);
    if (!pending) {
      pending = this.load(partnershipId).finally(() => this.loading.delete(partnershipId));
      this.loading.set(partnershipId, pending);
    }
    return pending;
  }

  /** Cached answer only: the hot path asks this first and awaits partiesOf on a miss. */
  cached(partnershipId: string): readonly string[] | undefined {
    return this.parties.get(partnershipId);
  }

  /** The organisations an event of this scope belongs to (its audience, DESIGN §7); at once when known. */
  audienceOf(scope: EventScope): Audience | Promise<Audience> {
    if (scope.kind === 'organisation') return [scope.organisationId];
    if (scope.kind === 'partnership') return this.cached(scope.partnershipId) ?? this.partiesOf(scope.partnershipId);
    return [];
  }

  private async load(partnershipId: string): Promise<readonly string[]> {
    const [first] = await this.store.readStream(streamIdOf('partnership', partnershipId), { limit: 1 });
    if (!first || first.type !== 'PartnershipProposed') return []; // not cached: it may be proposed later
    const parties = Object.freeze([...((first.data as { parties?: string[] }).parties ?? [])]);
    this.parties.set(partnershipId, parties);
    return parties;
  }
}
