import { dumbo } from '@event-driven-io/dumbo';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import { STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { Pool } from 'pg';
import { createPool, migrate, PostgresEventStore } from '@accord/event-store';
import { PlainInsertStore } from './plain-insert-store';

/** The same event shape for every contender. */
export interface BenchEvent {
  type: string;
  data: Record<string, unknown>;
}

export const BENCH_METADATA = {
  actor: { personId: 'bench-person', orgId: 'bench-org', roles: ['member'] },
  correlationId: null,
  causationId: null,
};

/** What the peers benchmark does with a store: append to a new stream, read a stream, page through the log. */
export interface Contender {
  name: string;
  append(streamId: string, events: BenchEvent[]): Promise<void>;
  /** Returns the number of events read. */
  readStream(streamId: string): Promise<number>;
  /** Returns the events read and the position of the last one. */
  readAllPage(afterPosition: number, limit: number): Promise<{ count: number; last: number }>;
  close(): Promise<void>;
}

export async function accordContender(url: string, poolSize: number): Promise<Contender> {
  const pool = createPool({ connectionString: url, max: poolSize, applicationName: 'accord-bench-peers' });
  await migrate(pool);
  const store = new PostgresEventStore(pool);
  return {
    name: 'Accord',
    async append(streamId, events) {
      await store.append(streamId, events, { expectedRevision: 'no-stream', metadata: BENCH_METADATA });
    },
    async readStream(streamId) {
      return (await store.readStream(streamId)).length;
    },
    async readAllPage(afterPosition, limit) {
      const page = await store.readAll({ fromPosition: afterPosition + 1, limit });
      return { count: page.length, last: page.length === 0 ? afterPosition : page[page.length - 1].position };
    },
    async close() {
      await store.close();
      await pool.end();
    },
  };
}

/** Emmett 0.42's PostgreSQL event store on a pg pool of the same size, schema created by Emmett itself. */
export async function emmettContender(url: string, poolSize: number): Promise<Contender> {
  const pool = new Pool({ connectionString: url, max: poolSize, application_name: 'accord-bench-emmett' });
  const executor = dumbo({ connectionString: url, pool });
  const store = getPostgreSQLEventStore(url, { connectionOptions: { dumbo: executor } });
  await store.schema.migrate();
  return {
    name: 'Emmett',
    async append(streamId, events) {
      await store.appendToStream(
        streamId,
        events.map((e) => ({ type: e.type, data: e.data, metadata: BENCH_METADATA })),
        { expectedStreamVersion: STREAM_DOES_NOT_EXIST },
      );
    },
    async readStream(streamId) {
      return (await store.readStream(streamId)).events.length;
    },
    async readAllPage(afterPosition, limit) {
      const page = await readMessagesBatch(executor.execute, { after: BigInt(afterPosition), batchSize: limit });
      return { count: page.messages.length, last: Number(page.currentGlobalPosition) };
    },
    async close() {
      await store.close();
      await pool.end().catch(() => undefined);
    },
  };
}

export async function plainInsertContender(url: string, poolSize: number): Promise<Contender> {
  const pool = new Pool({ connectionString: url, max: poolSize, application_name: 'accord-bench-plain' });
  await PlainInsertStore.migrate(pool);
  const store = new PlainInsertStore(pool);
  return {
    name: 'plain INSERT',
    async append(streamId, events) {
      await store.append(streamId, events, BENCH_METADATA);
    },
    async readStream(streamId) {
      return (await store.readStream(streamId)).length;
    },
    async readAllPage(afterPosition, limit) {
      const rows = await store.readAll(afterPosition, limit);
      return { count: rows.length, last: rows.length === 0 ? afterPosition : Number(rows[rows.length - 1].position) };
    },
    async close() {
      await pool.end();
    },
  };
}
