import { streamKindOf } from '@accord/domain';

/**
 * What a held state is reckoned to cost in memory, from its stream's kind and revision. Measured
 * (docs/performance.md "What the API holds"): a state folded from a few events takes 0.5–2 KiB;
 * a meeting's, an organisation's or a partnership's grows with its events (a meeting keeps an
 * index entry for each, 107 bytes an entry at 10,000); a decision is held without its event index
 * (AggregateStates), so it grows with its distinct voters, not its events: 6.5 KiB with 64
 * members' votes after 1,000 or 10,000 vote changes alike, reckoned here as its first 64 events.
 */
const STATE_BYTES = 4096;
const EVENT_BYTES = 128;
const DECISION_EVENTS_RECKONED = 64;

export function reckonedBytes(streamId: string, revision: number): number {
  const events = streamKindOf(streamId) === 'decision' ? Math.min(revision, DECISION_EVENTS_RECKONED) : revision;
  return STATE_BYTES + EVENT_BYTES * events;
}

/**
 * Least-recently-used states within a budget in bytes (as `reckonedBytes` reckons them), so that
 * a long-running process holds a bounded amount however many streams it sees and however long
 * they grow. A state alone above the budget is not kept. Map order is the LRU order: a state is
 * re-inserted when set.
 */
export class HeldStates<V extends { revision: number }> {
  private readonly held = new Map<string, V>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  get(streamId: string): V | undefined {
    return this.held.get(streamId);
  }

  set(streamId: string, value: V): void {
    this.delete(streamId);
    const bytes = reckonedBytes(streamId, value.revision);
    if (bytes > this.budgetBytes) return;
    this.held.set(streamId, value);
    this.bytes += bytes;
    for (const [oldest, state] of this.held) {
      if (this.bytes <= this.budgetBytes) break;
      this.held.delete(oldest);
      this.bytes -= reckonedBytes(oldest, state.revision);
    }
  }

  private delete(streamId: string): void {
    const old = this.held.get(streamId);
    if (old === undefined) return;
    this.held.delete(streamId);
    this.bytes -= reckonedBytes(streamId, old.revision);
  }
}
