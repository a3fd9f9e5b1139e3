import type { Audience } from '@accord/access';
import { PERSONAL_DATA, streamIdOf } from '@accord/domain';
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
  /** By erasure position: what came before an event never changes, so neither does its answer. */
  private readonly erased = new Map<number, Promise<readonly string[]>>();

  constructor(private readonly store: Pick<EventStore, 'readStream' | 'readAll'>) {}

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
    if (scope.kind === 'erasure') return this.erasureAudience(scope);
    return [];
  }

  /** The partnerships an event of this scope is about: what a feed narrowed to partnerships matches. */
  async partnershipsOf(scope: EventScope): Promise<readonly string[]> {
    if (scope.kind === 'partnership') return [scope.partnershipId];
    if (scope.kind === 'erasure') return this.partnershipsWithPersonalDataOf(scope);
    return [];
  }

  private async erasureAudience(scope: Extract<EventScope, { kind: 'erasure' }>): Promise<Audience> {
    const parties = await Promise.all((await this.partnershipsWithPersonalDataOf(scope)).map((p) => this.partiesOf(p)));
    return [...new Set([scope.organisationId, ...parties.flat()])];
  }

  /** Where the person's personal data appeared before the erasure: one scan of the events that can hold it. */
  private partnershipsWithPersonalDataOf(scope: Extract<EventScope, { kind: 'erasure' }>): Promise<readonly string[]> {
    let pending = this.erased.get(scope.before);
    if (!pending) {
      pending = this.scanPersonalData(scope);
      pending.catch(() => this.erased.delete(scope.before));
      this.erased.set(scope.before, pending);
    }
    return pending;
  }

  private async scanPersonalData({ personId, before }: Extract<EventScope, { kind: 'erasure' }>): Promise<string[]> {
    const partnerships = new Set<string>();
    const filter = { types: Object.keys(PERSONAL_DATA) };
    for (let from = 1; from < before;) {
      const page = await this.store.readAll({ fromPosition: from, filter });
      for (const event of page) {
        if (event.position >= before) return [...partnerships];
        const data = event.data as Record<string, unknown>;
        const subject = data[PERSONAL_DATA[event.type]!.subject];
        if (subject === personId && typeof data.partnershipId === 'string') partnerships.add(data.partnershipId);
      }
      if (page.length === 0) break;
      from = page[page.length - 1]!.position + 1;
    }
    return [...partnerships];
  }

  private async load(partnershipId: string): Promise<readonly string[]> {
    const [first] = await this.store.readStream(streamIdOf('partnership', partnershipId), { limit: 1 });
    if (!first || first.type !== 'PartnershipProposed') return []; // not cached: it may be proposed later
    const parties = Object.freeze([...((first.data as { parties?: string[] }).parties ?? [])]);
    this.parties.set(partnershipId, parties);
    return parties;
  }
}
