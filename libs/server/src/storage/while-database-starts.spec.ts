import { whileDatabaseStarts } from './while-database-starts';

describe('whileDatabaseStarts', () => {
  const quick = { attempts: 3, pauseMs: 1 };

  it('retries a step the database refused until it answers, saying why it waits', async () => {
    const warnings: string[] = [];
    let calls = 0;
    const result = await whileDatabaseStarts(
      async () => {
        if (++calls < 3) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        return 'pending erasures';
      },
      { warn: (m) => warnings.push(m) },
      quick,
    );
    expect(result).toBe('pending erasures');
    expect(warnings).toEqual([
      'database not reachable yet (connect ECONNREFUSED 127.0.0.1:5432); retrying in 0.001 s',
      'database not reachable yet (connect ECONNREFUSED 127.0.0.1:5432); retrying in 0.001 s',
    ]);
  });

  it('gives up with the last error after its attempts', async () => {
    let calls = 0;
    await expect(
      whileDatabaseStarts(
        async () => {
          throw new Error(`refused ${++calls}`);
        },
        { warn: () => undefined },
        quick,
      ),
    ).rejects.toThrow('refused 3');
    expect(calls).toBe(3);
  });
});
