import { RelayCheckpoint } from './relay-checkpoint';

/**
 * Saves the newest acknowledged position, one write at a time. Acknowledgements that arrive while
 * a write is under way fold into the next one, so a stream of small batches (live traffic, several
 * in flight) costs a database commit per write round trip rather than one per batch, and a slow
 * commit never holds up the next send.
 */
export class CheckpointSaver {
  private target: number;
  private saved: number;
  private writing: Promise<void> | null = null;
  private failure: Error | null = null;

  constructor(
    private readonly checkpoint: RelayCheckpoint,
    from: number,
    private readonly onSaved: (position: number) => void,
    private readonly onFailed: (err: Error) => void,
  ) {
    this.target = from;
    this.saved = from;
  }

  /** Records that the broker acknowledged everything up to `position` (positions only grow). */
  advance(position: number): void {
    this.target = Math.max(this.target, position);
    // Cleared in a later tick, after the assignment, even when write() has nothing to do.
    this.writing ??= this.write().finally(() => (this.writing = null));
  }

  /** Waits until every acknowledged position is saved; rethrows a failed write. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    if (this.failure) throw this.failure;
  }

  private async write(): Promise<void> {
    try {
      while (this.saved < this.target && !this.failure) {
        const position = this.target;
        await this.checkpoint.advance(position);
        this.saved = position;
        this.onSaved(position);
      }
    } catch (err) {
      this.failure = err as Error;
      this.onFailed(this.failure);
    }
  }
}
