import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeVerifierKey, formatPolicy, parseSignedCheckpoint, WitnessClient } from '@accord/audit';
import { writeSyntheticBundle } from '../support/synthetic-bundle';
import {
  accord,
  startWitnessProcess as startWitness,
  stopWitnessProcesses,
  type WitnessProcess as Witness,
} from '../support/witness-processes';

const ORIGIN = 'accord.test/log';
const EVENTS = 200;

describe('accord verify --policy, with bundles cosigned by three accord witness processes', () => {
  const logKey = generateKeyPairSync('ed25519').privateKey;
  const logVkey = encodeVerifierKey(ORIGIN, logKey);
  let dir: string;
  let witnesses: Witness[];
  let cosignatures: Map<string, string>;

  const path = (name: string) => join(dir, name);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-verify-policy-'));
    witnesses = await Promise.all(['camden', 'peabody', 'southwark'].map((p) => startWitness(p, dir, logVkey)));
    cosignatures = new Map();
    // The honest log: every witness cosigns its checkpoint.
    await writeSyntheticBundle(path('all.jsonl'), {
      events: EVENTS,
      checkpointEvery: 50,
      origin: ORIGIN,
      logKey,
      cosignHeader: async (note) => {
        for (const w of witnesses) {
          const answer = await new WitnessClient({ url: w.url, key: w.vkey }).addCheckpoint({
            note,
            witnessSize: 0,
            proofs: async () => [],
          });
          if (answer.kind !== 'cosigned') throw new Error(`${w.party} refused: ${answer.message}`);
          cosignatures.set(w.party, answer.lines);
        }
        return [...cosignatures.values()].join('');
      },
    });
    await writeSyntheticBundle(path('two.jsonl'), {
      events: EVENTS,
      checkpointEvery: 50,
      origin: ORIGIN,
      logKey,
      cosignHeader: async () => `${cosignatures.get('camden')}${cosignatures.get('peabody')}`,
    });
    writeFileSync(
      path('parties.policy'),
      formatPolicy({
        logVkey,
        witnesses: witnesses.map((w) => ({ name: w.party, vkey: w.vkey, url: w.url })),
        comments: ['Station Road partnership'],
      }),
    );
  });

  afterAll(async () => {
    await stopWitnessProcesses(witnesses ?? []);
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes a bundle whose checkpoint every party cosigned, listing when each did', async () => {
    const result = await accord(['verify', path('all.jsonl'), '--policy', path('parties.policy')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/OK: the bundle verifies/);
    for (const party of ['camden', 'peabody', 'southwark'])
      expect(result.stdout).toMatch(
        new RegExp(`${party} +cosigned at \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z \\(witness\\.${party}\\.test/accord\\)`),
      );
  });

  it('fails no-quorum naming the party whose witness did not cosign', async () => {
    const result = await accord(['verify', path('two.jsonl'), '--policy', path('parties.policy')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAILED at line 1: no-quorum\n.*no cosignature by southwark/);
    expect((await accord(['verify', path('two.jsonl')])).code).toBe(0);
  });

  it('fails a log the host rewrote and re-signed: the witnesses refuse it, and copied cosignatures do not count', async () => {
    await writeSyntheticBundle(path('rewritten.jsonl'), {
      events: EVENTS,
      checkpointEvery: 50,
      origin: ORIGIN,
      logKey,
      rewrite: 120,
      cosignHeader: async (note) => {
        const size = parseSignedCheckpoint(note).checkpoint.size;
        for (const w of witnesses) {
          const answer = await new WitnessClient({ url: w.url, key: w.vkey }).addCheckpoint({
            note,
            witnessSize: size,
            proofs: async () => [],
          });
          expect(answer).toMatchObject({ kind: 'refused', reason: 'bad-proof', status: 422 });
        }
        return [...cosignatures.values()].join('');
      },
    });
    const result = await accord(['verify', path('rewritten.jsonl'), '--policy', path('parties.policy'), '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { fault: { kind: string; message: string } };
    expect(report.fault.kind).toBe('no-quorum');
    expect(report.fault.message).toMatch(/an invalid cosignature by camden \(.*\); peabody \(.*\); southwark \(.*\)$/);
  });

  it('stops with the line of a mistake in the policy (exit 2)', async () => {
    writeFileSync(path('bad.policy'), `log ${logVkey}\ngroup all-witnesses all camden\nquorum all-witnesses\n`);
    const result = await accord(['verify', path('all.jsonl'), '--policy', path('bad.policy')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/the policy .*bad\.policy, line 2: group all-witnesses: camden is not defined above/);
  });
});
