import { toProblem } from './problem';

/** A database error reaching the edge raw (a query's own read) leaves with the store's stable codes. */
describe('toProblem for database errors', () => {
  const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

  it('answers 503 storage-full for a disk-full error (SQLSTATE 53100)', () => {
    const { problem, headers, serverFault } = toProblem(
      pgError('53100', 'could not extend file "base/16384/16385": No space left on device'),
      '/v1/organisations',
    );
    expect(problem).toMatchObject({ status: 503, code: 'storage-full', instance: '/v1/organisations' });
    expect(headers['retry-after']).toBe('10');
    expect(serverFault).toBe(false);
  });

  it('answers 503 storage-unavailable when the database cannot be reached', () => {
    const { problem, headers } = toProblem(pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'));
    expect(problem).toMatchObject({ status: 503, code: 'storage-unavailable' });
    expect(headers['retry-after']).toBe('2');
  });

  it('keeps any other error a logged 500', () => {
    expect(toProblem(pgError('42P01', 'relation "x" does not exist'))).toMatchObject({
      problem: { status: 500, code: 'internal-error' },
      serverFault: true,
    });
  });
});
