import { DueQueue } from './due-queue';

interface Item {
  dueAt: number;
  note?: string;
}

const ids = (entries: [string, Item][]) => entries.map(([key]) => key);

describe('DueQueue', () => {
  it('returns only what is due by now, earliest first, whatever the order things were added in', () => {
    const queue = new DueQueue<Item>();
    for (const [key, dueAt] of [
      ['c', 30],
      ['a', 10],
      ['later', 100],
      ['b', 20],
      ['exactly-now', 50],
    ] as const)
      queue.set(key, { dueAt });

    expect(ids(queue.due(50))).toEqual(['a', 'b', 'c', 'exactly-now']);
    expect(ids(queue.due(5))).toEqual([]);
  });

  it('keeps returning an item until it is deleted, so a failed act is tried again next tick', () => {
    const queue = new DueQueue<Item>();
    queue.set('failing', { dueAt: 10 });
    queue.set('done', { dueAt: 20 });

    expect(ids(queue.due(30))).toEqual(['failing', 'done']);
    queue.delete('done');
    expect(ids(queue.due(31))).toEqual(['failing']);
    expect(queue.size).toBe(1);
  });

  it('forgets a deleted item, and a replaced one falls due at its new time only', () => {
    const queue = new DueQueue<Item>();
    queue.set('closed-early', { dueAt: 10 });
    queue.set('moved', { dueAt: 10, note: 'first' });
    queue.set('moved', { dueAt: 40, note: 'second' });
    queue.delete('closed-early');

    expect(queue.due(30)).toEqual([]);
    expect(queue.due(40)).toEqual([['moved', { dueAt: 40, note: 'second' }]]);
    expect(queue.get('moved')?.note).toBe('second');
    expect(queue.get('closed-early')).toBeUndefined();
  });

  it('lists its live items for saving, and a queue rebuilt from that list falls due the same', () => {
    const queue = new DueQueue<Item>();
    queue.set('a', { dueAt: 30 });
    queue.set('b', { dueAt: 10 });
    queue.set('gone', { dueAt: 20 });
    queue.delete('gone');

    const saved = JSON.parse(JSON.stringify([...queue])) as [string, Item][];
    const restored = new DueQueue<Item>();
    for (const [key, item] of saved) restored.set(key, item);

    expect(saved.map(([key]) => key).sort()).toEqual(['a', 'b']);
    expect(ids(restored.due(100))).toEqual(['b', 'a']);
  });

  it('stays in due order through many additions and deletions, those that rebuild its heap included', () => {
    const queue = new DueQueue<Item>();
    const expected = new Map<string, number>();
    // A fixed pseudo-random sequence: the same run every time.
    let seed = 17;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const key = `d${next() % 800}`;
      if (next() % 3 === 0) {
        queue.delete(key);
        expected.delete(key);
      } else {
        const dueAt = next() % 10_000;
        queue.set(key, { dueAt });
        expected.set(key, dueAt);
      }
    }

    const due = queue.due(5000);
    const wanted = [...expected].filter(([, dueAt]) => dueAt <= 5000);
    expect(due.map(([key, item]) => [key, item.dueAt]).sort()).toEqual(wanted.sort());
    expect(due.map(([, item]) => item.dueAt)).toEqual(wanted.map(([, dueAt]) => dueAt).sort((x, y) => x - y));
    expect(queue.size).toBe(expected.size);
  });
});
