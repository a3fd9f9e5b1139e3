/** Something that falls due at a moment (milliseconds since the epoch). */
export interface Dated {
  dueAt: number;
}

interface Slot<T> {
  key: string;
  item: T;
}

/**
 * Items by key, ordered by when they fall due, so finding what is due costs O(due · log n) rather
 * than a walk over every item: a binary min-heap on dueAt beside a map of the live items. Deleting
 * or replacing an item leaves its old slot in the heap (lazy deletion): a slot whose item is no
 * longer the key's live one is dropped when it reaches the top, and the heap is rebuilt from the
 * map when dropped slots outnumber live ones, so its size stays within about twice the live count.
 */
export class DueQueue<T extends Dated> implements Iterable<[string, T]> {
  private readonly live = new Map<string, T>();
  private heap: Slot<T>[] = [];

  get size(): number {
    return this.live.size;
  }

  get(key: string): T | undefined {
    return this.live.get(key);
  }

  set(key: string, item: T): void {
    this.live.set(key, item);
    this.push({ key, item });
    this.compactIfStale();
  }

  delete(key: string): void {
    if (this.live.delete(key)) this.compactIfStale();
  }

  /**
   * The items due by `now`, earliest first. They stay queued until deleted, so one whose act fails
   * is returned again by the next call.
   */
  due(now: number): [string, T][] {
    const due: Slot<T>[] = [];
    while (this.heap.length > 0 && this.heap[0].item.dueAt <= now) {
      const slot = this.pop();
      if (this.live.get(slot.key) === slot.item) due.push(slot);
    }
    for (const slot of due) this.push(slot);
    return due.map(({ key, item }) => [key, item]);
  }

  [Symbol.iterator](): Iterator<[string, T]> {
    return this.live.entries();
  }

  private compactIfStale(): void {
    if (this.heap.length <= 2 * this.live.size + 64) return;
    this.heap = [...this.live].map(([key, item]) => ({ key, item }));
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private push(slot: Slot<T>): void {
    const heap = this.heap;
    let i = heap.push(slot) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].item.dueAt <= slot.item.dueAt) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = slot;
  }

  private pop(): Slot<T> {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const slot = heap[start];
    let i = start;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= heap.length) break;
      if (child + 1 < heap.length && heap[child + 1].item.dueAt < heap[child].item.dueAt) child++;
      if (heap[child].item.dueAt >= slot.item.dueAt) break;
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = slot;
  }
}
