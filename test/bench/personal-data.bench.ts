/**
 * `npm run bench:personal-data`: what sealing personal data costs the write and read paths
 * (issue 19), and an erasure, on this machine's PostgreSQL (DATABASE_URL, else 127.0.0.1:5432).
 * Options: --appends N (per side and round, default 2,000) --writers N (default 16) --rounds N
 * (default 3) --about N (events about the erased person, default 1,000) --catch-up-events N (size
 * of the log every read model catches up on, sealed and plain, default 20,000).
 *
 * Store level, without HTTP: each append is one InterestDeclared event (the event whose `nature`
 * is personal data) sealed by the real PersonalDataCipher (data keys in PostgreSQL, wrapped by a
 * local key-encryption key, held in memory as the API holds them) and appended by the real store, against the same appends through a
 * cipher given no personal-data fields, in alternating rounds of one run. Reads: a person's events
 * read back and opened, against the same read without opening. The erasure: the person's data key
 * destroyed (which waits out the key cache's 500 ms lease) and PersonalDataErased appended, then their events read back showing "[erased]".
 * Projection catch-up, sealed against plain: personal-data-catch-up.ts.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { PERSONAL_DATA } from '@accord/domain';
import {
  ERASED,
  localKeyEncryptionKey,
  PersonalDataCipher,
  PostgresDataKeys,
  PostgresEventStore,
} from '@accord/event-store';
import { argNumber, type Figure, printTable, ratioFigure, readConditions, writeResults } from './bench-kit';
import { benchServerUrl, withBenchDatabase } from './bench-database';
import { personalDataCatchUpFigures } from './personal-data-catch-up';

const actor = { personId: 'bench-chair', orgId: 'bench-org', roles: ['member'] };
const metadata = { actor, correlationId: null, causationId: null };
const NATURE = 'Her home is 200 m from the site; her brother is a director of the bidder.';

const interest = (personId: string, n: number) => ({
  type: 'InterestDeclared',
  data: { partnershipId: 'bench-p', decisionId: `bench-d-${n}`, personId, orgId: 'bench-org', nature: NATURE },
});

/** Appends per second of `appends` one-event appends by `writers` concurrent writers. */
async function appendRate(
  store: PostgresEventStore,
  cipher: PersonalDataCipher,
  side: string,
  appends: number,
  writers: number,
): Promise<number> {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let i = next++; i < appends; i = next++) {
        const events = await cipher.seal([interest(`bench-member-${w}`, i)]);
        await store.append(`decision-bench-${side}-${i}`, events, { expectedRevision: 'no-stream', metadata });
      }
    }),
  );
  return appends / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** Milliseconds to read the `count` events from `from` (in one page), and open them when given a cipher. */
async function readMillis(
  store: PostgresEventStore,
  from: number,
  count: number,
  open?: PersonalDataCipher,
): Promise<number> {
  const started = process.hrtime.bigint();
  const events = await store.readAll({ fromPosition: from, limit: count });
  if (open) await open.open(events);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export async function runPersonalDataBench(
  serverUrl: string,
  options: { appends: number; writers: number; rounds: number; about: number },
): Promise<Figure[]> {
  return withBenchDatabase(serverUrl, 16, async (pool: Pool) => {
    const store = new PostgresEventStore(pool);
    const keys = new PostgresDataKeys(pool, localKeyEncryptionKey(randomBytes(32)), { cache: true });
    const sealing = new PersonalDataCipher(keys, PERSONAL_DATA);
    const plain = new PersonalDataCipher(keys, {});
    try {
      const best = { sealed: 0, plain: 0 };
      for (let round = 0; round < options.rounds; round++) {
        // Alternating which goes first, so a busy spell on the machine hurts both alike.
        for (const side of round % 2 === 0 ? (['sealed', 'plain'] as const) : (['plain', 'sealed'] as const)) {
          const rate = await appendRate(
            store,
            side === 'sealed' ? sealing : plain,
            `${side}-${round}`,
            options.appends,
            options.writers,
          );
          best[side] = Math.max(best[side], rate);
        }
      }

      // One person with `about` events about them, each in a decision stream of its own.
      const person = 'bench-erased';
      const streams = Array.from({ length: options.about }, (_, i) => `decision-bench-about-${i}`);
      const first = (await store.headPosition()) + 1;
      for (let i = 0; i < options.about; i += 100)
        await Promise.all(
          streams.slice(i, i + 100).map(async (s, j) =>
            store.append(s, await sealing.seal([interest(person, i + j)]), {
              expectedRevision: 'no-stream',
              metadata,
            }),
          ),
        );
      const reads = { opened: Infinity, bare: Infinity };
      for (let round = 0; round < options.rounds; round++) {
        reads.bare = Math.min(reads.bare, await readMillis(store, first, options.about));
        reads.opened = Math.min(reads.opened, await readMillis(store, first, options.about, sealing));
      }

      const loadBefore = os.loadavg()[0] as number;
      const started = process.hrtime.bigint();
      await keys.destroy(person, { personId: person });
      await store.append(
        'organisation-bench-org',
        [{ type: 'PersonalDataErased', data: { organisationId: 'bench-org', personId: person, reason: 'request' } }],
        { expectedRevision: 'any', metadata },
      );
      await keys.erasureLogged(person);
      const erasedMs = Number(process.hrtime.bigint() - started) / 1e6;
      const shownMs = erasedMs + (await readMillis(store, first, options.about, sealing));
      const [after] = await sealing.open(await store.readAll({ fromPosition: first, limit: 1 }));
      if ((after?.data as { nature?: string }).nature !== ERASED) throw new Error('the erased nature still opens');

      const about = options.about.toLocaleString('en-GB');
      return [
        { name: 'machine load average (1 min) before the erasure', value: loadBefore, unit: 'runnable processes' },
        ratioFigure(
          `InterestDeclared appends, nature sealed / not sealed (${options.writers} writers, best of ${options.rounds})`,
          { name: 'sealed', value: best.sealed, unit: 'appends/s' },
          { name: 'not sealed', value: best.plain, unit: 'appends/s' },
          '≥',
          0.9,
        ),
        ratioFigure(
          `reading ${about} events of one person, opened / not opened (time, best of ${options.rounds})`,
          { name: 'opened', value: reads.opened, unit: 'ms' },
          { name: 'not opened', value: reads.bare, unit: 'ms' },
          '≤',
          1.1,
        ),
        {
          name: `erasure of a person with ${about} events: key destroyed and PersonalDataErased appended`,
          value: erasedMs,
          unit: 'ms',
        },
        {
          name: `… and their ${about} events read back showing "${ERASED}"`,
          value: shownMs,
          unit: 'ms',
          target: '≤ 1,000',
          met: shownMs <= 1000,
        },
      ];
    } finally {
      await keys.close();
      await store.close();
    }
  });
}

async function main(): Promise<void> {
  const options = {
    appends: argNumber('appends', 2000),
    writers: argNumber('writers', 16),
    rounds: argNumber('rounds', 3),
    about: argNumber('about', 1000),
  };
  const catchUpEvents = argNumber('catch-up-events', 20_000);
  const serverUrl = benchServerUrl();
  const conditions = await readConditions(serverUrl);
  console.log(
    `personal-data benchmark: PostgreSQL ${conditions.postgres.server_version}, ${conditions.cpus} CPUs, Node ${conditions.node}, load ${os.loadavg()[0]?.toFixed(1)}`,
  );
  const figures = [
    ...(await runPersonalDataBench(serverUrl, options)),
    ...(await personalDataCatchUpFigures(serverUrl, { events: catchUpEvents, rounds: options.rounds })),
  ];
  const table = printTable('personal-data', figures);
  console.log(table);
  console.log(
    `figures written to ${writeResults('personal-data', conditions, figures, table)}/personal-data.{md,json}`,
  );
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
