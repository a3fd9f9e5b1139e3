interface InFlight<T> {
  minPosition: number;
  read: Promise<T>;
}

/**
 * One read in flight per key, joined by every caller asking for no newer a position than it was
 * started for: the consoles open on a partnership all refetch on the same live event, and each
 * one waiting for the read models and reading the partnership on its own is most of what a
 * refetch costs once its answer is small. A joined read is one started while the caller waited,
 * so its answer is no older than the caller's own read could have been. A failure is answered only
 * to the caller that started the read: each one that joined reads for itself then, so an error
 * (a position not written, the read models behind) is always the caller's own.
 */
export class SharedReads<T> {
  private readonly inFlight = new Map<string, InFlight<T>>();

  get(key: string, minPosition: number | undefined, read: () => Promise<T>): Promise<T> {
    const wanted = minPosition ?? 0;
    const found = this.inFlight.get(key);
    if (found !== undefined && found.minPosition >= wanted) return found.read.catch(read);
    const started: InFlight<T> = {
      minPosition: wanted,
      read: read().finally(() => {
        if (this.inFlight.get(key) === started) this.inFlight.delete(key);
      }),
    };
    this.inFlight.set(key, started);
    return started.read;
  }
}
