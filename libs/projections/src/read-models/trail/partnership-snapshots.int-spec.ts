import { isDeepStrictEqual } from 'node:util';
import { decisionStreamId, partnershipStreamId } from '@accord/domain';
import { NewEvent, PostgresEventStore, StoredEvent } from '@accord/event-store';
import { createTestDatabase, TestDatabase, testEngines } from '../../../../../test/support/engines';
import { seededRandom as random } from '../../../../../test/support/seeded-random';
import { readCheckpoint } from '../../checkpoints';
import { catchUp, resetProjection } from '../../projection-runner';
import { rebuildProjection } from '../../rebuild';
import { PartnershipAsOf, replayPartnershipAsOf } from './as-of-replay';
import { CurrentPartnerships } from './current-partnerships';
import { emptyFold, foldEvent, occurredAtOf } from './partnership-fold';
import { trailProjectionWith } from './trail.projection';

const EVERY = 7;
const trail = trailProjectionWith(EVERY);
const actor = { personId: 'clerk', orgId: 'camden', roles: ['member'] };

/**
 * A history of two partnerships interleaved: objectives and progress, decisions drafted, opened
 * and voted on; one event in four recorded long after it happened (a clerk's minute), at
 * occurredAt days before the ones around it.
 */
async function writeHistory(store: PostgresEventStore, next: () => number, appends: number): Promise<void> {
  const decisionsOf: Record<string, number> = { 'p-a': 0, 'p-b': 0 };
  let day = Date.parse('2026-01-05T09:00:00.000Z');
  for (let i = 0; i < appends; i++) {
    const partnershipId = next() < 0.7 ? 'p-a' : 'p-b';
    day += 3_600_000;
    const occurredAt = new Date(next() < 0.25 ? day - Math.floor(next() * 10) * 86_400_000 : day).toISOString();
    const metadata = { actor, correlationId: null, causationId: null, occurredAt };
    const roll = next();
    let streamId = partnershipStreamId(partnershipId);
    let events: NewEvent[];
    if (roll < 0.2 || decisionsOf[partnershipId] === 0) {
      const decisionId = `${partnershipId}-d${decisionsOf[partnershipId]++}`;
      streamId = decisionStreamId(decisionId);
      events = [
        {
          type: 'DecisionDrafted',
          data: {
            decisionId,
            partnershipId,
            title: `Decision ${decisionId}`,
            motion: 'That the board agrees.',
            category: 'governance',
            approvalRule: 'majority-of-board',
            draftedBy: { personId: 'clerk', orgId: 'camden' },
          },
        },
      ];
    } else if (roll < 0.6) {
      const decisionId = `${partnershipId}-d${Math.floor(next() * decisionsOf[partnershipId])}`;
      streamId = decisionStreamId(decisionId);
      events = [
        {
          type: 'DecisionAmended',
          data: { decisionId, partnershipId, title: `Amended ${i}`, amendedBy: { personId: 'clerk', orgId: 'camden' } },
        },
      ];
    } else if (roll < 0.75) {
      events = [
        {
          type: 'ObjectiveSet',
          data: {
            partnershipId,
            objectiveId: `o-${i % 3}`,
            title: `Objective ${i}`,
            description: 'Homes',
            setBy: { personId: 'clerk', orgId: 'camden' },
          },
        },
      ];
    } else {
      events = [
        {
          type: 'RiskRaised',
          data: {
            partnershipId,
            riskId: `r-${i % 4}`,
            title: `Risk ${i}`,
            description: 'Delay',
            ownerParty: 'camden',
            likelihood: 2,
            impact: 3,
            raisedBy: { personId: 'clerk', orgId: 'camden' },
          },
        },
      ];
    }
    await store.append(streamId, events, { expectedRevision: 'any', metadata });
    // Distinct recordedAt instants (milliseconds) between appends, so asOf can fall between any two.
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The oracle: every event of the log folded, no index and no snapshot. */
async function fullReplay(store: PostgresEventStore, partnershipId: string, asOf: Date, at?: Date) {
  const fold = emptyFold();
  for (const event of await store.readAll({ fromPosition: 1, limit: 100_000 })) {
    if (Date.parse(event.recordedAt) > asOf.getTime()) continue;
    if (at !== undefined && Date.parse(occurredAtOf(event as StoredEvent)) > at.getTime()) continue;
    foldEvent(fold, partnershipId, event);
  }
  return JSON.parse(JSON.stringify(fold));
}

async function replayed(db: TestDatabase, partnershipId: string, asOf: Date, at?: Date) {
  return plain(await replayPartnershipAsOf(db.pool, partnershipId, asOf, at ? { at } : {}));
}

function plain(r: PartnershipAsOf) {
  return JSON.parse(
    JSON.stringify({
      partnership: r.partnership,
      decisions: Object.fromEntries(r.decisions),
      drafted: Object.fromEntries(r.drafted),
      history: r.history,
      events: r.events,
      lastPosition: r.lastPosition,
    }),
  );
}

const snapshotRows = async (db: TestDatabase) =>
  (await db.pool.query('SELECT * FROM rm_partnership_snapshots ORDER BY partnership_id, position')).rows;

for (const engine of testEngines()) {
  describe(`as-of replay from stored snapshots, on ${engine.name}`, () => {
    let db: TestDatabase;
    let store: PostgresEventStore;
    let instants: number[];

    beforeAll(async () => {
      db = await createTestDatabase(engine);
      store = new PostgresEventStore(db.pool);
      await writeHistory(store, random(17), 240);
      await catchUp(db.pool, store, trail, { batchSize: 50 });
      const events = await store.readAll({ fromPosition: 1, limit: 100_000 });
      instants = events.flatMap((e) => [Date.parse(e.recordedAt), Date.parse(occurredAtOf(e as StoredEvent))]);
    });
    afterAll(async () => {
      await store.close();
      await db.drop();
    });

    it('takes a snapshot every few trail entries, further apart as decisions grow, with the clocks of what it holds', async () => {
      const rows = await snapshotRows(db);
      const ofA = rows.filter((r) => r.partnership_id === 'p-a');
      expect(ofA.length).toBeGreaterThan(5);
      for (const [i, row] of ofA.entries()) {
        const previous = ofA[i - 1];
        expect(Number(row.after_position)).toBe(i === 0 ? 0 : Number(previous.position));
        const entries = Number(
          (
            await db.pool.query(
              `SELECT count(*) FROM rm_trail WHERE partnership_id = 'p-a' AND position > $1 AND position <= $2`,
              [row.after_position, row.position],
            )
          ).rows[0].count,
        );
        expect(entries).toBe(Math.max(EVERY, Object.keys(previous?.state.decisions ?? {}).length));
        expect(row.state.lastPosition).toBeLessThanOrEqual(Number(row.position));
      }
      expect(Number(ofA[ofA.length - 1].after_position)).toBeGreaterThan(0);
      // A clerk's late minute: some snapshot holds an event that happened before its stretch's others.
      expect(rows.some((r) => r.stretch_occurred_min < r.occurred_max)).toBe(true);
    });

    it('answers asOf and at, apart and together, exactly as a replay of the whole log, at many instants', async () => {
      const next = random(4);
      const pick = () => new Date(instants[Math.floor(next() * instants.length)] + Math.floor(next() * 3) - 1);
      for (let i = 0; i < 120; i++) {
        const partnershipId = next() < 0.5 ? 'p-a' : 'p-b';
        const asOf = i % 3 === 1 ? new Date() : pick();
        const at = i % 3 === 0 ? undefined : pick();
        const expected = await fullReplay(store, partnershipId, asOf, at);
        const actual = await replayed(db, partnershipId, asOf, at);
        if (!isDeepStrictEqual(actual, expected))
          throw new Error(`differs at ${partnershipId} asOf ${asOf.toISOString()} at ${at?.toISOString() ?? '-'}`);
      }
    });

    it('still folds what the index has not reached yet, read from the log itself', async () => {
      await writeHistory(store, random(99), 30);
      expect(await readCheckpoint(db.pool, 'trail')).toBeLessThan(await store.headPosition());
      const now = new Date();
      for (const id of ['p-a', 'p-b']) expect(await replayed(db, id, now)).toEqual(await fullReplay(store, id, now));
      await catchUp(db.pool, store, trail);
    });

    it('answers the present from a fold held and advanced, as a replay of the whole log, whatever the index has reached', async () => {
      const current = new CurrentPartnerships(db.pool);
      const same = async () => {
        const now = new Date();
        for (const id of ['p-a', 'p-b']) expect(plain(await current.now(id))).toEqual(await fullReplay(store, id, now));
      };
      await same();
      // Recorded, not yet indexed: read from the log on top of the held fold, which stays as it was.
      await writeHistory(store, random(23), 20);
      await same();
      await same();
      // Indexed: folded into the held fold, read by reads side by side.
      await catchUp(db.pool, store, trail);
      await Promise.all([same(), same()]);
      // An index rebuilt behind the held fold: the fold starts again from what the index has.
      await resetProjection(db.pool, trail);
      await same();
      await catchUp(db.pool, store, trail);
      await same();
    });

    it('is rebuilt with the trail index: emptied by a reset, then the same snapshots again', async () => {
      const before = await snapshotRows(db);
      await resetProjection(db.pool, trail);
      expect(await snapshotRows(db)).toEqual([]);
      await rebuildProjection(db.pool, store, trail, undefined, 13);
      expect(await snapshotRows(db)).toEqual(before);
    });

    it('never keeps a snapshot of a batch that failed: it goes with the batch, and the replay stays right', async () => {
      const before = await snapshotRows(db);
      const checkpoint = await readCheckpoint(db.pool, 'trail');
      await writeHistory(store, random(5), 120);
      let written = 0;
      const failing = {
        ...trail,
        async applyRange(client: Parameters<NonNullable<typeof trail.applyRange>>[0], from: number, to: number) {
          await trail.applyRange!(client, from, to);
          written = Number((await client.query('SELECT count(*) FROM rm_partnership_snapshots')).rows[0].count);
          throw new Error('the process dies after writing the snapshots, before the commit');
        },
      };
      await expect(catchUp(db.pool, store, failing)).rejects.toThrow('the process dies');
      expect(written).toBeGreaterThan(before.length);
      expect(await snapshotRows(db)).toEqual(before);
      expect(await readCheckpoint(db.pool, 'trail')).toBe(checkpoint);
      const now = new Date();
      for (const id of ['p-a', 'p-b']) expect(await replayed(db, id, now)).toEqual(await fullReplay(store, id, now));
    });
  });
}
