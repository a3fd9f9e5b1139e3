import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  checkCosignature,
  formatAddCheckpointRequest,
  openNote,
  parseCheckpointBody,
  parseSignedNote,
  witnessKeyFromVkey,
} from '@accord/audit';
import { createTestDatabase, type TestDatabase, testEngines } from '../../../test/support/engines';
import { seededRandom } from '../../../test/support/seeded-random';
import { TestLog } from '../../../test/support/test-log';

const WITNESS_MAIN = join(__dirname, '..', '..', '..', 'dist', 'apps', 'witness', 'src', 'main.js');
/** Every witness process started, so a failed test leaves none behind. */
const started = new Set<ChildProcess>();
afterAll(() => started.forEach((child) => child.kill('SIGKILL')));

interface Child {
  process: ChildProcess;
  url: string;
  vkey: string;
  exited: Promise<NodeJS.Signals | null>;
}

/** `npm run witness` as a real process; resolves once it listens (the banner on stderr). */
async function startWitnessProcess(env: Record<string, string>): Promise<Child> {
  const child = spawn(process.execPath, [WITNESS_MAIN], {
    env: { PATH: process.env.PATH ?? '', WITNESS_PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  started.add(child);
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once('exit', (_code, signal) => resolve(signal)),
  );
  const said: string[] = [];
  let url: string | undefined;
  let vkey: string | undefined;
  for await (const line of createInterface({ input: child.stderr as NodeJS.ReadableStream })) {
    said.push(line);
    url ??= /listening on (http:\/\/\S+)/.exec(line)?.[1];
    vkey ??= /^ {2}vkey {3}(\S+)$/.exec(line)?.[1];
    if (url && vkey) break;
  }
  if (!url || !vkey) throw new Error(`the witness did not start:\n${said.join('\n')}`);
  return { process: child, url, vkey, exited };
}

interface Modes {
  name: string;
  setUp(): Promise<{ env: Record<string, string>; tearDown(): Promise<void> }>;
}

const modes: Modes[] = [
  { name: 'its state file', setUp: async () => ({ env: {}, tearDown: async () => undefined }) },
  ...testEngines()
    .slice(0, 1)
    .map((engine): Modes => ({
      name: engine.name,
      setUp: async () => {
        const db: TestDatabase = await createTestDatabase(engine, 1);
        return { env: { WITNESS_DATABASE_URL: db.url }, tearDown: () => db.drop() };
      },
    })),
];

for (const mode of modes) {
  describe(`a witness SIGKILLed in the middle of add-checkpoint, on ${mode.name}`, () => {
    const logs = ['a', 'b', 'c'].map((n) => new TestLog(`accord.test/${n}`).grow(3000));
    let dir: string;
    let env: Record<string, string>;
    let tearDown: () => Promise<void>;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'accord-witness-crash-'));
      const setUp = await mode.setUp();
      tearDown = setUp.tearDown;
      env = { WITNESS_DATA_DIR: dir, WITNESS_LOGS: logs.map((l) => l.vkey).join(' '), ...setUp.env };
    });
    afterAll(async () => {
      await tearDown();
      rmSync(dir, { recursive: true, force: true });
    });

    it('never cosigns a smaller or a different tree after restart, and keeps every cosignature it answered', async () => {
      const random = seededRandom(7);
      /** What each log was told was cosigned (its largest size). */
      const acked = new Map<string, number>(logs.map((l) => [l.origin, 0]));
      /** What each submitter believes the witness holds. */
      const known = new Map<string, number>(logs.map((l) => [l.origin, 0]));
      for (let round = 0; round < 4; round++) {
        const witness = await startWitnessProcess(env);
        await checkAfterRestart(witness, acked, known);

        let acks = 0;
        let inFlightAtKill = -1;
        let inFlight = 0;
        const killAfter = 10 + Math.floor(random() * 30);
        const submitters = logs.map(async (log) => {
          for (;;) {
            const old = known.get(log.origin) as number;
            const size = Math.min(log.size, old + 1 + Math.floor(random() * 5));
            const body = formatAddCheckpointRequest({
              oldSize: old,
              proof: await log.proof(old, size),
              note: log.checkpoint(size),
            });
            inFlight += 1;
            let res: Response;
            try {
              res = await fetch(`${witness.url}/add-checkpoint`, { method: 'POST', body });
            } catch {
              return; // killed
            } finally {
              inFlight -= 1;
            }
            const text = await res.text().catch(() => undefined);
            if (text === undefined) return;
            if (res.status === 200) {
              acked.set(log.origin, size);
              known.set(log.origin, size);
              acks += 1;
              if (acks === killAfter) {
                inFlightAtKill = inFlight;
                witness.process.kill('SIGKILL');
              }
            } else {
              expect({ status: res.status, text }).toMatchObject({ status: 409 });
              known.set(log.origin, Number(text));
            }
          }
        });
        await Promise.all(submitters);
        expect(await witness.exited).toBe('SIGKILL');
        expect(inFlightAtKill).toBeGreaterThan(0);
      }
      const last = await startWitnessProcess(env);
      await checkAfterRestart(last, acked, known);
      last.process.kill('SIGTERM');
      await last.exited;
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });

    async function checkAfterRestart(witness: Child, acked: Map<string, number>, known: Map<string, number>) {
      const post = async (oldSize: number, note: string, proof: Buffer[] = []) => {
        const res = await fetch(`${witness.url}/add-checkpoint`, {
          method: 'POST',
          body: formatAddCheckpointRequest({ oldSize, proof, note }),
        });
        return { status: res.status, text: await res.text() };
      };
      for (const log of logs) {
        const hash = createHash('sha256').update(log.origin).digest('hex');
        const res = await fetch(`${witness.url}/${hash}/checkpoint`);
        const lastAcked = acked.get(log.origin) as number;
        if (res.status === 404) {
          expect(lastAcked).toBe(0);
          continue;
        }
        const note = await res.text();
        const size = parseCheckpointBody(openNote(note, log.vkey).text).size;
        // It holds at least what it answered, and exactly the honest tree at that size, cosigned.
        expect({ origin: log.origin, atLeastAcked: size >= lastAcked }).toEqual({
          origin: log.origin,
          atLeastAcked: true,
        });
        expect(parseCheckpointBody(parseSignedNote(note).text).rootHash.equals(log.root(size))).toBe(true);
        expect(checkCosignature(parseSignedNote(note), witnessKeyFromVkey(witness.vkey)).status).toBe('valid');
        known.set(log.origin, size);

        expect(await post(0, log.checkpoint(size - 1))).toEqual({ status: 409, text: `${size}\n` });
        expect(await post(size - 1, log.checkpoint(size - 1))).toEqual({ status: 409, text: `${size}\n` });
        const forked = log.fork(size - 1).grow(size + 3);
        expect((await post(size, forked.checkpoint(size))).status).toBe(422);
        expect((await post(size, forked.checkpoint(size + 3), await forked.proof(size, size + 3))).status).toBe(422);
      }
    }
  });
}
