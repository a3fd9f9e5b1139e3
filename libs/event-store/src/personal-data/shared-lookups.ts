/**
 * Lookups by id that arrive while one is in flight share the next one, as appends share a
 * commit (GroupCommitWriter): under concurrent commands a query each would cost more than the
 * append it precedes. A lookup is only ever answered by a query sent after it was asked, so it
 * sees everything committed before it (a destroyed data key included), exactly as a query of its
 * own would.
 */
export class SharedLookups<V> {
  /** The lookup being gathered: it is sent once the one in flight, if any, has answered. */
  private gathering: { ids: Set<string>; answer: Promise<Map<string, V>> } | undefined;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(private readonly lookUp: (ids: string[]) => Promise<Map<string, V>>) {}

  /** The values found for `ids` (those not found are absent), in a map of the caller's own. */
  async get(ids: readonly string[]): Promise<Map<string, V>> {
    if (ids.length === 0) return new Map();
    let gathering = this.gathering;
    if (gathering === undefined) {
      const gathered = new Set<string>();
      const answer = this.inFlight.then(() => {
        // Closed as it is sent: a later caller waits for the next lookup.
        if (this.gathering?.ids === gathered) this.gathering = undefined;
        return this.lookUp([...gathered]);
      });
      this.inFlight = answer.catch(() => undefined);
      gathering = this.gathering = { ids: gathered, answer };
    }
    for (const id of ids) gathering.ids.add(id);
    const found = await gathering.answer;
    const mine = new Map<string, V>();
    for (const id of ids) {
      const value = found.get(id);
      if (value !== undefined) mine.set(id, value);
    }
    return mine;
  }
}
