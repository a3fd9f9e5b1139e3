import { SharedReads } from './shared-reads';

const deferred = <T>() => {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};

describe('SharedReads', () => {
  it('shares a read in flight with callers asking for no newer a position, and reads again once it is done', async () => {
    const reads = new SharedReads<string>();
    const first = deferred<string>();
    const read = jest.fn(() => first.promise);
    const answers = [reads.get('p-1', 9, read), reads.get('p-1', 9, read), reads.get('p-1', undefined, read)];
    const newer = reads.get('p-1', 10, async () => 'at 10');
    const other = reads.get('p-2', 9, async () => 'p-2');
    first.resolve('at 9');
    expect(await Promise.all([...answers, newer, other])).toEqual(['at 9', 'at 9', 'at 9', 'at 10', 'p-2']);
    expect(read).toHaveBeenCalledTimes(1);
    await expect(reads.get('p-1', 9, async () => 'again')).resolves.toBe('again');
  });

  it('gives a failure only to the caller that started the read: one that joined it reads for itself', async () => {
    const reads = new SharedReads<string>();
    const failing = deferred<string>();
    const started = reads.get('p-1', 50, () => failing.promise);
    const joined = reads.get('p-1', 7, async () => 'at 7');
    failing.reject(new Error('position-not-written'));
    await expect(started).rejects.toThrow('position-not-written');
    await expect(joined).resolves.toBe('at 7');
  });
});
