/**
 * Projection catch-up over a log with personal data sealed against the same log plain (issue 19:
 * "projection catch-up within 10 %"): one generated log (interests, dispensations, votes,
 * sign-offs…, the same every time) written to two databases, once through the real
 * PersonalDataCipher and once as it is, then every read model caught up from zero on each, sides
 * alternating round by round so a busy spell on the machine hurts both alike.
 */
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { EXEMPT_DATA, PERSONAL_DATA } from '@accord/domain';
import {
  localKeyEncryptionKey,
  PersonalDataCipher,
  PostgresDataKeys,
  PostgresEventStore,
  migrate,
} from '@accord/event-store';
import { ALL_PROJECTIONS, catchUp, resetProjection } from '@accord/projections';
import { APP_MIGRATIONS } from '@accord/server';
import { generateLedger } from '../support/generated-ledger';
import { type Figure, ratioFigure } from './bench-kit';
import { withBenchDatabase } from './bench-database';

const DECISIONS_PER_PARTNERSHIP = 20;
const EVENTS_PER_PARTNERSHIP = 10 + DECISIONS_PER_PARTNERSHIP * 11;
const PLAIN_NATURE = 'Family member on the association board'; // as generateLedger writes it

interface Side {
  name: 'sealed' | 'plain';
  pool: Pool;
  store: PostgresEventStore;
}

/** Events per second of every read model catching up from zero at once, as after a rebuild of all. */
async function catchUpRate(side: Side): Promise<number> {
  await Promise.all(ALL_PROJECTIONS.map((p) => resetProjection(side.pool, p)));
  const head = await side.store.headPosition();
  const started = process.hrtime.bigint();
  await Promise.all(ALL_PROJECTIONS.map((p) => catchUp(side.pool, side.store, p)));
  return head / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function writeLog(side: Side, events: number): Promise<number> {
  await migrate(side.pool, APP_MIGRATIONS);
  const cipher = new PersonalDataCipher(
    new PostgresDataKeys(side.pool, localKeyEncryptionKey(randomBytes(32))),
    PERSONAL_DATA,
    EXEMPT_DATA,
  );
  await generateLedger(side.store, {
    partnerships: Math.max(1, Math.ceil(events / EVENTS_PER_PARTNERSHIP)),
    decisionsPerPartnership: DECISIONS_PER_PARTNERSHIP,
    ...(side.name === 'sealed' ? { seal: (e) => cipher.seal(e) } : {}),
  });
  // Measuring plain against plain would pass unnoticed: the sealed log must hold no interest in clear.
  const { rows } = await side.pool.query<{ clear: number }>(
    `SELECT count(*)::int AS clear FROM events
      WHERE type = 'InterestDeclared' AND position(convert_to($1, 'UTF8') IN canonical) > 0`,
    [PLAIN_NATURE],
  );
  if ((rows[0].clear === 0) !== (side.name === 'sealed')) throw new Error(`the ${side.name} log is not ${side.name}`);
  return side.store.headPosition();
}

export async function personalDataCatchUpFigures(
  serverUrl: string,
  options: { events: number; rounds: number },
): Promise<Figure[]> {
  return withBenchDatabase(serverUrl, 12, (sealedPool) =>
    withBenchDatabase(serverUrl, 12, async (plainPool) => {
      const sealed: Side = { name: 'sealed', pool: sealedPool, store: new PostgresEventStore(sealedPool) };
      const plain: Side = { name: 'plain', pool: plainPool, store: new PostgresEventStore(plainPool) };
      try {
        const head = await writeLog(sealed, options.events);
        if ((await writeLog(plain, options.events)) !== head) throw new Error('the two logs differ in length');
        const loadAtStart = os.loadavg()[0] as number;
        const best = { sealed: 0, plain: 0 };
        for (let round = 0; round < options.rounds; round++)
          for (const side of round % 2 === 0 ? [sealed, plain] : [plain, sealed])
            best[side.name] = Math.max(best[side.name], await catchUpRate(side));
        const what = `${head.toLocaleString('en-GB')} events, all ${ALL_PROJECTIONS.length} read models from zero`;
        return [
          {
            name: 'machine load average (1 min) when catch-up started',
            value: loadAtStart,
            unit: 'runnable processes',
          },
          ratioFigure(
            `projection catch-up, ${what}, personal data sealed / plain (best of ${options.rounds})`,
            { name: 'sealed', value: best.sealed, unit: 'events/s' },
            { name: 'plain', value: best.plain, unit: 'events/s' },
            '≥',
            0.9,
          ),
        ];
      } finally {
        await Promise.all([sealed.store.close(), plain.store.close()]);
      }
    }),
  );
}
