import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkCosignature,
  checkCosignatureLines,
  formatAddCheckpointRequest,
  openNote,
  parseSignedNote,
  parseWitnessVerifierKey,
  signNote,
  TLOG_SIZE_CONTENT_TYPE,
  WitnessClient,
  witnessKeyFromVkey,
} from '@accord/audit';
import { TestLog } from '../../../test/support/test-log';
import { type RunningWitness, startWitness } from './run-witness';
import { loadWitnessConfig } from './witness-config';
import type { WitnessLogger } from './witness-server';

interface Logged {
  level: 'info' | 'warn' | 'error';
  fields: object;
  message: string;
}

function capturingLogger(into: Logged[]): WitnessLogger {
  return {
    info: (fields, message) => into.push({ level: 'info', fields, message }),
    warn: (fields, message) => into.push({ level: 'warn', fields, message }),
    error: (fields, message) => into.push({ level: 'error', fields, message }),
  };
}

async function post(url: string, body: string | Buffer, method = 'POST') {
  const res = await fetch(`${url}/add-checkpoint`, { method, body });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('the witness over HTTP (C2SP tlog-witness add-checkpoint), state file', () => {
  const log = new TestLog('accord.test/log').grow(40);
  const other = new TestLog('other.test/log').grow(3);
  let dir: string;
  let witness: RunningWitness;
  const logged: Logged[] = [];

  const submit = async (oldSize: number, note: string, proof: Buffer[] = []) =>
    post(witness.url, formatAddCheckpointRequest({ oldSize, proof, note }));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accord-witness-'));
    const config = loadWitnessConfig({
      WITNESS_PORT: '0',
      WITNESS_DATA_DIR: dir,
      WITNESS_NAME: 'witness.test/w1',
      WITNESS_LOGS: `${log.vkey}\n${other.vkey}`,
    });
    witness = await startWitness(config, capturingLogger(logged));
  });
  afterAll(async () => {
    await witness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates its key on first start, readable by its owner only, and publishes it as a cosignature/v1 vkey', () => {
    expect(statSync(join(dir, 'witness-key.pem')).mode & 0o777).toBe(0o600);
    const key = parseWitnessVerifierKey(witness.vkey);
    expect(key.name).toBe('witness.test/w1');
  });

  it('cosigns a first checkpoint (old 0, no proof) with a timestamped cosignature/v1 line', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await submit(0, log.checkpoint(5));
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/^— witness\.test\/w1 [A-Za-z0-9+/]+={0,2}\n$/);
    const check = checkCosignatureLines(
      parseSignedNote(log.checkpoint(5)).text,
      res.text,
      witnessKeyFromVkey(witness.vkey),
    );
    expect(check.status).toBe('valid');
    expect((check as { timestamp: number }).timestamp).toBeGreaterThanOrEqual(before);
    expect((check as { timestamp: number }).timestamp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it('cosigns growth proven by a consistency proof from the size it holds', async () => {
    const res = await submit(5, log.checkpoint(12), await log.proof(5, 12));
    expect(res.status).toBe(200);
    expect(
      checkCosignatureLines(parseSignedNote(log.checkpoint(12)).text, res.text, witnessKeyFromVkey(witness.vkey))
        .status,
    ).toBe('valid');
  });

  it('answers a rollback with 409 and its size as text/x.tlog.size, and an old size above the checkpoint with 400', async () => {
    const smaller = await submit(5, log.checkpoint(8), await log.proof(5, 8));
    expect(smaller).toEqual({ status: 409, type: TLOG_SIZE_CONTENT_TYPE, text: '12\n' });
    const fromZero = await submit(0, log.checkpoint(8));
    expect(fromZero).toEqual({ status: 409, type: TLOG_SIZE_CONTENT_TYPE, text: '12\n' });
    const oldAbove = await submit(12, log.checkpoint(8));
    expect(oldAbove.status).toBe(400);
    expect(JSON.parse(oldAbove.text)).toMatchObject({ code: 'witness-old-size-too-large' });
  });

  it('refuses a fork: another root at the size it holds, or a larger tree that does not extend it (422), and logs it as evidence', async () => {
    const forked = log.fork(10).grow(20);
    const sameSize = await submit(12, forked.checkpoint(12));
    expect(sameSize.status).toBe(422);
    expect(JSON.parse(sameSize.text)).toMatchObject({ status: 422, code: 'witness-fork' });
    const larger = await submit(12, forked.checkpoint(20), await forked.proof(12, 20));
    expect(larger.status).toBe(422);
    expect(JSON.parse(larger.text)).toMatchObject({ code: 'witness-bad-proof' });
    const evidence = logged.filter((l) => l.level === 'warn').map((l) => (l.fields as { request: string }).request);
    expect(evidence.some((r) => r.includes(forked.checkpoint(12)))).toBe(true);
  });

  it('refuses a bad consistency proof (422), and a proof from the empty tree (422)', async () => {
    const proof = await log.proof(12, 16);
    proof[0] = Buffer.alloc(32, 7);
    expect((await submit(12, log.checkpoint(16), proof)).status).toBe(422);
    expect((await submit(12, log.checkpoint(16), [])).status).toBe(422);
    const fresh = new TestLog('other.test/log', other.privateKey).grow(3);
    expect((await submit(0, fresh.checkpoint(3), [Buffer.alloc(32)])).status).toBe(422);
  });

  it('refuses a checkpoint without a signature by a key it trusts (403) and an origin it does not witness (404)', async () => {
    const stranger = generateKeyPairSync('ed25519').privateKey;
    const unknownKey = await submit(12, log.checkpoint(16, stranger), await log.proof(12, 16));
    expect(unknownKey.status).toBe(403);
    expect(JSON.parse(unknownKey.text)).toMatchObject({ code: 'witness-unknown-key' });

    const note = log.checkpoint(16);
    const at = note.lastIndexOf(' ') + 20;
    const tampered = `${note.slice(0, at)}${note[at] === 'A' ? 'B' : 'A'}${note.slice(at + 1)}`;
    const badSignature = await submit(12, tampered, await log.proof(12, 16));
    expect(badSignature.status).toBe(403);
    expect(JSON.parse(badSignature.text)).toMatchObject({ code: 'witness-bad-signature' });

    const unknownLog = await submit(0, new TestLog('unknown.test/log').grow(2).checkpoint());
    expect(unknownLog.status).toBe(404);
    expect(JSON.parse(unknownLog.text)).toMatchObject({ code: 'witness-unknown-log' });
    // Nothing moved.
    expect((await submit(0, log.checkpoint(16))).text).toBe('12\n');
  });

  it('ignores signatures by keys it does not know beside the trusted one', async () => {
    const note = log.checkpoint(14);
    const stranger = signNote(parseSignedNote(note).text, {
      name: 'stranger.test/key',
      privateKey: generateKeyPairSync('ed25519').privateKey,
    });
    const withStranger = `${note}${stranger.slice(stranger.lastIndexOf('\n\n') + 2)}`;
    expect((await submit(12, withStranger, await log.proof(12, 14))).status).toBe(200);
  });

  it('cosigns the same checkpoint again (old size = its size, same root): a log whose answer was lost retries', async () => {
    const res = await submit(14, log.checkpoint(14));
    expect(res.status).toBe(200);
  });

  it('answers malformed requests with 400, an oversized one with 413 and other methods with 405', async () => {
    for (const body of [
      '',
      'old 01\n\n',
      'old 14\nnot-base64\n\n',
      'old 14\n',
      Buffer.from([0x6f, 0x6c, 0x64, 0x20, 0xff]),
    ]) {
      const res = await post(witness.url, body);
      expect({ body: String(body), status: res.status }).toEqual({ body: String(body), status: 400 });
      expect(JSON.parse(res.text)).toMatchObject({ code: 'witness-bad-request' });
    }
    expect((await submit(14, 'not a note\n')).status).toBe(400);
    const proof = Array.from({ length: 64 }, () => Buffer.alloc(32));
    const tooMany = `old 14\n${proof.map((p) => `${p.toString('base64')}\n`).join('')}\n${log.checkpoint(20)}`;
    expect((await post(witness.url, tooMany)).status).toBe(400);
    expect((await post(witness.url, Buffer.alloc(70_000, 0x61))).status).toBe(413);
    expect((await post(witness.url, '', 'PUT')).status).toBe(405);
    expect((await fetch(`${witness.url}/`)).status).toBe(404);
  });

  it('serves the latest checkpoint it cosigned at /<sha256(origin)>/checkpoint, with the log signature and its cosignature', async () => {
    const hash = createHash('sha256').update(log.origin).digest('hex');
    const res = await fetch(`${witness.url}/${hash}/checkpoint`);
    expect(res.status).toBe(200);
    const note = await res.text();
    expect(openNote(note, log.vkey).text).toBe(parseSignedNote(log.checkpoint(14)).text);
    expect(checkCosignature(parseSignedNote(note), witnessKeyFromVkey(witness.vkey)).status).toBe('valid');
    const never = createHash('sha256').update('unknown.test/log').digest('hex');
    expect((await fetch(`${witness.url}/${never}/checkpoint`)).status).toBe(404);
  });

  it('through the witness client: catches up from the size a 409 names, and reports a witness ahead or a fork as refusals', async () => {
    const client = new WitnessClient({ url: witness.url, key: witness.vkey });
    const proofs = (o: number, n: number) => log.proof(o, n);
    const caughtUp = await client.addCheckpoint({ note: log.checkpoint(30), witnessSize: 0, proofs });
    expect(caughtUp).toMatchObject({ kind: 'cosigned', witnessSize: 30 });
    expect(
      checkCosignatureLines(
        parseSignedNote(log.checkpoint(30)).text,
        (caughtUp as { lines: string }).lines,
        witnessKeyFromVkey(witness.vkey),
      ).status,
    ).toBe('valid');

    expect(await client.addCheckpoint({ note: log.checkpoint(25), witnessSize: 20, proofs })).toMatchObject({
      kind: 'refused',
      reason: 'witness-ahead',
      witnessSize: 30,
    });
    const forked = log.fork(29).grow(40);
    expect(
      await client.addCheckpoint({
        note: forked.checkpoint(40),
        witnessSize: 30,
        proofs: (o, n) => forked.proof(o, n),
      }),
    ).toMatchObject({ kind: 'refused', reason: 'bad-proof', status: 422 });
    const unreachable = new WitnessClient({ url: 'http://127.0.0.1:9', key: witness.vkey }, { timeoutMs: 2000 });
    expect(await unreachable.addCheckpoint({ note: log.checkpoint(40), witnessSize: 30, proofs })).toMatchObject({
      kind: 'refused',
      reason: 'unavailable',
      status: 0,
    });
  });

  it('keeps what it cosigned across a restart, with the same key', async () => {
    const vkey = witness.vkey;
    await witness.close();
    witness = await startWitness(
      loadWitnessConfig({
        WITNESS_PORT: '0',
        WITNESS_DATA_DIR: dir,
        WITNESS_NAME: 'witness.test/w1',
        WITNESS_LOGS: log.vkey,
      }),
      capturingLogger(logged),
    );
    expect(witness.vkey).toBe(vkey);
    expect(await submit(0, log.checkpoint(35))).toMatchObject({ status: 409, text: '30\n' });
  });
});
