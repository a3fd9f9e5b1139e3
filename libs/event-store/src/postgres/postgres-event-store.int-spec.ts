import { createTestDatabase, testEngines } from '../../../../test/support/engines';
import { eventStoreConformance } from '../conformance/event-store.conformance';
import { PostgresEventStore } from './postgres-event-store';

const MAX_EVENT_BYTES = 4096;

for (const engine of testEngines()) {
  eventStoreConformance(engine.name, async () => {
    const db = await createTestDatabase(engine, 30);
    const stores: PostgresEventStore[] = [];
    const open = () => {
      const store = new PostgresEventStore(db.pool, { maxEventBytes: MAX_EVENT_BYTES, pollIntervalMs: 5000 });
      stores.push(store);
      return store;
    };
    return {
      store: open(),
      anotherStore: open,
      maxEventBytes: MAX_EVENT_BYTES,
      close: async () => {
        await Promise.all(stores.map((s) => s.close()));
        await db.drop();
      },
    };
  });
}
