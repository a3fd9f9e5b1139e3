import { decisionStreamId, organisationStreamId } from '@accord/domain';
import { NewEvent, PostgresEventStore, StoredEvent } from '@accord/event-store';
import { createTestDatabase, TestDatabase, testEngines } from '../../../../../test/support/engines';
import { catchUp } from '../../projection-runner';
import { rebuildProjection } from '../../rebuild';
import { verifyReadModels } from '../../verify-read-models';
import { erasuresProjection } from './erasures.projection';
import { readErasuresOf } from './erasures.reader';

const metadata = {
  actor: { personId: 'c.admin', orgId: 'camden', roles: ['org-admin'] },
  correlationId: null,
  causationId: null,
};
const interest = (personId: string): NewEvent => ({
  type: 'InterestDeclared',
  data: { decisionId: 'd1', partnershipId: 'p1', personId, orgId: 'camden', nature: 'pd1:sealed' },
});
const erasure = (personId: string, reason: string): NewEvent => ({
  type: 'PersonalDataErased',
  data: {
    organisationId: 'camden',
    personId,
    reason,
    lawfulBasis: 'consent-withdrawn',
    erasedBy: { personId: 'c.admin', orgId: 'camden' },
  },
});

for (const engine of testEngines()) {
  describe(`the erasures read model, on ${engine.name}`, () => {
    let db: TestDatabase;
    let store: PostgresEventStore;
    /** Patel's interest, then her erasure, then what she disclosed after it, and Reid's interest. */
    let before: StoredEvent, erased: StoredEvent, after: StoredEvent, reids: StoredEvent;
    const append = async (streamId: string, event: NewEvent): Promise<StoredEvent> => {
      const { lastPosition } = await store.append(streamId, [event], { expectedRevision: 'any', metadata });
      return (await store.readAll({ fromPosition: lastPosition, limit: 1 }))[0];
    };
    /** What the answers built from these events say beside each: `erased`, or nothing. */
    const notes = async () => {
      const erasures = await readErasuresOf(db.pool, [before, after, reids]);
      return [before, after, reids].map((e) => erasures.fieldOf(e).erased);
    };
    const patelErased = () => ({ at: erased.recordedAt, reason: 'person-request', because: "at the person's request" });

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      store = new PostgresEventStore(db.pool);
      before = await append(decisionStreamId('d1'), interest('j.patel'));
      erased = await append(organisationStreamId('camden'), erasure('j.patel', 'person-request'));
      after = await append(decisionStreamId('d1'), interest('j.patel'));
      reids = await append(decisionStreamId('d1'), interest('s.reid'));
    });
    afterAll(async () => {
      await store.close();
      await db.drop();
    });

    it('says when and why beside what was recorded before an erasure, once the projection has caught up', async () => {
      expect(await notes()).toEqual([undefined, undefined, undefined]);
      expect(await catchUp(db.pool, store, erasuresProjection)).toBe(reids.position);
      // What she disclosed after the erasure is sealed under a new key, and Reid was never erased.
      expect(await notes()).toEqual([patelErased(), undefined, undefined]);
    });

    it('reads the same after a rebuild, and is checked against the log by projections verify', async () => {
      await rebuildProjection(db.pool, store, erasuresProjection);
      expect(await notes()).toEqual([patelErased(), undefined, undefined]);
      const [clean] = await verifyReadModels(db.pool, store, { projections: [erasuresProjection] });
      expect(clean).toMatchObject({ projection: 'erasures', position: reids.position, differing: 0 });

      await db.pool.query(`UPDATE rm_erasures SET reason = 'retention-rule' WHERE position = $1`, [erased.position]);
      const [tampered] = await verifyReadModels(db.pool, store, { projections: [erasuresProjection] });
      expect(tampered.differences).toEqual([
        expect.objectContaining({
          table: 'rm_erasures',
          key: { position: erased.position },
          kind: 'changed',
          columns: ['reason'],
        }),
      ]);
      await rebuildProjection(db.pool, store, erasuresProjection);
      expect(await notes()).toEqual([patelErased(), undefined, undefined]);
    });
  });
}
