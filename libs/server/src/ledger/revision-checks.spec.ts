import { streamIdOf } from '@accord/domain';
import { InvalidStreamIdError } from '@accord/event-store';
import { RevisionChecks } from './revision-checks';

/** A store whose look-ups finish only when the test says so. */
function fakeStore() {
  const queries: { ids: string[]; finish(revisions: Record<string, number>): void; fail(err: Error): void }[] = [];
  const store = {
    streamRevisions: (ids: string[]) =>
      new Promise<Map<string, number>>((resolve, reject) =>
        queries.push({ ids, finish: (r) => resolve(new Map(Object.entries(r))), fail: reject }),
      ),
  };
  return { store, queries };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('RevisionChecks', () => {
  it('sends one query at a time; callers that ask meanwhile share the next one', async () => {
    const { store, queries } = fakeStore();
    const checks = new RevisionChecks(store);
    const first = checks.revisions(['decision-a']);
    const second = checks.revisions(['decision-b', 'partnership-p']);
    const third = checks.revisions(['decision-a', 'partnership-p']);
    expect(queries.map((q) => q.ids)).toEqual([['decision-a']]);

    queries[0].finish({ 'decision-a': 3 });
    expect((await first).get('decision-a')).toBe(3);
    await tick();
    expect(queries.map((q) => q.ids)).toEqual([['decision-a'], ['decision-b', 'partnership-p', 'decision-a']]);

    queries[1].finish({ 'decision-a': 4, 'decision-b': 1, 'partnership-p': 9 });
    expect((await second).get('decision-b')).toBe(1);
    expect((await third).get('decision-a')).toBe(4); // asked after the first query left: not answered by it
  });

  it('fails the callers of a failed query only, and carries on', async () => {
    const { store, queries } = fakeStore();
    const checks = new RevisionChecks(store);
    const failed = checks.revisions(['decision-a']);
    const later = checks.revisions(['decision-b']);
    queries[0].fail(new Error('connection lost'));
    await expect(failed).rejects.toThrow('connection lost');
    await tick();
    queries[1].finish({ 'decision-b': 2 });
    expect((await later).get('decision-b')).toBe(2);
  });

  it('refuses a bad stream id for its caller without joining the batch', async () => {
    const { store, queries } = fakeStore();
    const checks = new RevisionChecks(store);
    const good = checks.revisions(['decision-a']);
    await expect(checks.revisions([streamIdOf('decision', 'x'.repeat(300))])).rejects.toThrow(InvalidStreamIdError);
    queries[0].finish({ 'decision-a': 1 });
    expect((await good).get('decision-a')).toBe(1);
    expect(queries).toHaveLength(1);
  });
});
