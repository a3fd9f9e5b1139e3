import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatAddCheckpointRequest } from '@accord/audit';
import { createTestDatabase, type TestDatabase, testEngines } from '../../../test/support/engines';
import { TestLog } from '../../../test/support/test-log';
import { type RunningWitness, startWitness } from './run-witness';
import { loadWitnessConfig } from './witness-config';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface Mode {
  name: string;
  /** Witness processes' worth of servers sharing one state. */
  servers: number;
  setUp(): Promise<{ env: Record<string, string>; tearDown(): Promise<void> }>;
}

const modes: Mode[] = [
  {
    name: 'the state file',
    servers: 1,
    setUp: async () => ({ env: {}, tearDown: async () => undefined }),
  },
  ...testEngines().map((engine): Mode => ({
    name: `${engine.name}, two witness servers on one database`,
    servers: 2,
    setUp: async () => {
      const db: TestDatabase = await createTestDatabase(engine, 2);
      return { env: { WITNESS_DATABASE_URL: db.url }, tearDown: () => db.drop() };
    },
  })),
];

for (const mode of modes) {
  describe(`concurrent add-checkpoint from the same old size, on ${mode.name}`, () => {
    const log = new TestLog('accord.test/log').grow(400);
    let dir: string;
    let witnesses: RunningWitness[];
    let tearDown: () => Promise<void>;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'accord-witness-race-'));
      const setUp = await mode.setUp();
      tearDown = setUp.tearDown;
      const config = loadWitnessConfig({
        WITNESS_PORT: '0',
        WITNESS_DATA_DIR: dir,
        WITNESS_LOGS: log.vkey,
        ...setUp.env,
      });
      witnesses = [];
      for (let i = 0; i < mode.servers; i++) witnesses.push(await startWitness(config, silent));
    });
    afterAll(async () => {
      for (const w of witnesses) await w.close();
      await tearDown();
      rmSync(dir, { recursive: true, force: true });
    });

    it('cosigns exactly one of them each time; the others get 409 with the size that won', async () => {
      let size = 0;
      for (let round = 0; round < 12; round++) {
        const sizes = Array.from({ length: 8 }, (_, i) => size + 1 + i * 3);
        const answers = await Promise.all(
          sizes.map(async (newSize, i) => {
            const body = formatAddCheckpointRequest({
              oldSize: size,
              proof: await log.proof(size, newSize),
              note: log.checkpoint(newSize),
            });
            const url = (witnesses[i % witnesses.length] as RunningWitness).url;
            const res = await fetch(`${url}/add-checkpoint`, { method: 'POST', body });
            return { newSize, status: res.status, text: await res.text() };
          }),
        );
        const won = answers.filter((a) => a.status === 200);
        expect({ round, cosigned: won.length }).toEqual({ round, cosigned: 1 });
        const winner = (won[0] as { newSize: number }).newSize;
        for (const lost of answers.filter((a) => a.status !== 200))
          expect(lost).toMatchObject({ status: 409, text: `${winner}\n` });
        size = winner;
      }
      // Every server sees the same final state.
      for (const w of witnesses) {
        const probe = formatAddCheckpointRequest({ oldSize: 0, proof: [], note: log.checkpoint(size) });
        const res = await fetch(`${w.url}/add-checkpoint`, { method: 'POST', body: probe });
        expect({ status: res.status, text: await res.text() }).toEqual({ status: 409, text: `${size}\n` });
      }
    });
  });
}
