import { SharedLookups } from './shared-lookups';

/** A store whose lookups are answered only when the test says, recording what each asked for. */
function slowStore() {
  const values = new Map<string, string>();
  const asked: string[][] = [];
  const pending: (() => void)[] = [];
  const lookups = new SharedLookups<string>(async (ids) => {
    asked.push([...ids].sort());
    // Read as it is sent, as a database would; answered later.
    const found = new Map(ids.flatMap((id) => (values.has(id) ? [[id, values.get(id)!] as const] : [])));
    await new Promise<void>((resolve) => pending.push(resolve));
    return found;
  });
  const answerNext = async () => {
    while (pending.length === 0) await new Promise((r) => setImmediate(r));
    pending.shift()!();
  };
  return { values, asked, lookups, answerNext };
}

describe('SharedLookups', () => {
  it('answers lookups made at once with one query, each caller only what it asked for', async () => {
    const { values, asked, lookups, answerNext } = slowStore();
    values.set('ann', 'a').set('bob', 'b');
    const both = Promise.all([lookups.get(['ann']), lookups.get(['bob', 'cat'])]);
    await answerNext();
    const [forAnn, forBob] = await both;
    expect(asked).toEqual([['ann', 'bob', 'cat']]);
    expect(forAnn).toEqual(new Map([['ann', 'a']]));
    expect(forBob).toEqual(new Map([['bob', 'b']]));
  });

  it('never answers a lookup with a query sent before it was asked', async () => {
    const { values, asked, lookups, answerNext } = slowStore();
    values.set('ann', 'old key');
    const early = lookups.get(['ann']);
    await new Promise((r) => setImmediate(r)); // the first query is on its way
    values.delete('ann'); // e.g. her key destroyed while that query is in flight
    const late = Promise.all([lookups.get(['ann']), lookups.get(['bob'])]);
    await answerNext();
    expect(await early).toEqual(new Map([['ann', 'old key']]));
    await answerNext();
    expect(await late).toEqual([new Map(), new Map()]);
    expect(asked).toEqual([['ann'], ['ann', 'bob']]);
  });

  it('lets a failed query fail only its own callers', async () => {
    let calls = 0;
    const lookups = new SharedLookups<number>(async (ids) => {
      if (++calls === 1) throw new Error('connection lost');
      return new Map(ids.map((id) => [id, calls]));
    });
    await expect(lookups.get(['ann'])).rejects.toThrow('connection lost');
    expect(await lookups.get(['ann'])).toEqual(new Map([['ann', 2]]));
  });
});
