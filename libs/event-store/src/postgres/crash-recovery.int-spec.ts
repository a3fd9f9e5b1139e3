import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { leafHash } from '@accord/audit';
import { createTestDatabase, TestDatabase, testEngines } from '../../../../test/support/engines';
import { AppendedEvent } from '../event-store.port';
import { PostgresEventStore } from './postgres-event-store';

const CRASH_WRITER = join(__dirname, '..', '..', '..', '..', 'dist', 'test', 'support', 'crash-writer.js');

interface Ack {
  i: number;
  size: number;
  events: AppendedEvent[];
}

/** Runs the writer under load, SIGKILLs it after `acks` acknowledged appends, returns what it acknowledged. */
async function killWriterMidLoad(databaseUrl: string, acks: number): Promise<Ack[]> {
  const child = spawn(process.execPath, [CRASH_WRITER, databaseUrl], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acknowledged: Ack[] = [];
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  for await (const line of createInterface({ input: child.stdout })) {
    acknowledged.push(JSON.parse(line) as Ack);
    if (acknowledged.length === acks) child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  return acknowledged;
}

for (const engine of testEngines()) {
  describe(`a writer killed with SIGKILL mid-load, on ${engine.name}`, () => {
    let db: TestDatabase;
    let acknowledged: Ack[];

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      acknowledged = await killWriterMidLoad(db.url, 3000);
    });
    afterAll(() => db.drop());

    it('keeps every acknowledged append at its acknowledged position', async () => {
      const { rows } = await db.pool.query<{ position: number; event_id: string }>(
        'SELECT position, event_id FROM events',
      );
      const stored = new Map(rows.map((r) => [r.event_id, Number(r.position)]));
      const expected = acknowledged.flatMap((a) => a.events);
      expect(expected.length).toBeGreaterThanOrEqual(3000);
      for (const event of expected) expect(stored.get(event.eventId)).toBe(event.position);
    });

    it('leaves nothing half-written: dense positions, whole appends, a head that matches the log', async () => {
      const { rows } = await db.pool.query<{ position: number; canonical: Buffer }>(
        'SELECT position, canonical FROM events ORDER BY position',
      );
      const head = Number((await db.pool.query('SELECT last_position FROM log_head')).rows[0].last_position);
      expect(rows.map((r) => Number(r.position))).toEqual(Array.from({ length: head }, (_, k) => k + 1));
      const perAppend = new Map<string, { size: number; count: number }>();
      for (const r of rows) {
        const e = JSON.parse(r.canonical.toString('utf8'));
        const entry = perAppend.get(e.metadata.correlationId) ?? { size: e.data.size, count: 0 };
        entry.count += 1;
        perAppend.set(e.metadata.correlationId, entry);
      }
      for (const { size, count } of perAppend.values()) expect(count).toBe(size);
    });

    it('keeps every stream hash-linked, with leaf hashes over the stored bytes', async () => {
      const { rows } = await db.pool.query<{
        stream_id: string;
        revision: number;
        canonical: Buffer;
        leaf_hash: Buffer;
      }>('SELECT stream_id, revision, canonical, leaf_hash FROM events ORDER BY stream_id, revision');
      let previous: { stream: string; revision: number; hash: string } | null = null;
      for (const row of rows) {
        expect(leafHash(row.canonical).equals(row.leaf_hash)).toBe(true);
        const envelope = JSON.parse(row.canonical.toString('utf8'));
        const first = previous?.stream !== row.stream_id;
        expect(Number(row.revision)).toBe(first ? 1 : (previous as { revision: number }).revision + 1);
        expect(envelope.prevStreamLeafHash).toBe(first ? null : (previous as { hash: string }).hash);
        previous = { stream: row.stream_id, revision: Number(row.revision), hash: row.leaf_hash.toString('hex') };
      }
    });

    it('accepts appends after restart, continuing positions and links', async () => {
      const store = new PostgresEventStore(db.pool);
      const head = await store.headPosition();
      const before = await store.readStream('crash-1');
      const result = await store.append('crash-1', [{ type: 'AfterRestart', data: {} }], {
        expectedRevision: before.length,
        metadata: { actor: { personId: 'p', orgId: 'o', roles: [] }, correlationId: null, causationId: null },
      });
      expect(result.lastPosition).toBe(head + 1);
      const [after] = await store.readStream('crash-1', { fromRevision: before.length + 1 });
      expect(after.prevStreamLeafHash).toBe(before[before.length - 1]?.leafHash ?? null);
      await store.close();
    });
  });
}
