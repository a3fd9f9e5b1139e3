import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { canonicalBytes } from '../canonical-json';
import { encodeVerifierKey, rawPublicKey, signCheckpoint } from '../checkpoint';
import { cosignNoteText, encodeWitnessVerifierKey } from '../cosignature';
import { parsePolicy } from '../policy/policy';
import { formatPolicy } from '../policy/policy-printer';
import { leafHash } from '../leaf-hash';
import { InMemoryNodeStore, MerkleTreeAppender } from '../merkle-tree';
import { consistencyProof, inclusionProof } from '../proofs';
import {
  BUNDLE_FORMAT,
  type BundleHeader,
  encodeCheckpointLine,
  encodeEndLine,
  encodeEventLine,
  encodeHeader,
  encodeStreamHeadLine,
  splitLines,
} from './bundle-format';
import { formatStreamHeadsLine, StreamHeads } from '../stream-heads';
import { verifyBundle, type VerifyBundleOptions } from './bundle-verifier';

const ORIGIN = 'accord.test/log';
const { privateKey } = generateKeyPairSync('ed25519');
const VKEY = encodeVerifierKey(ORIGIN, createPublicKey(privateKey));

interface Leaf {
  position: number;
  streamId: string;
  canonical: Buffer;
  hash: Buffer;
}

/** A log of `n` events over three streams: a partnership, one of its decisions, and another organisation. */
function buildLog(
  n: number,
  mutate?: (envelope: Record<string, unknown>) => void,
): { leaves: Leaf[]; store: InMemoryNodeStore; roots: Buffer[]; heads: StreamHeads } {
  const store = new InMemoryNodeStore();
  const appender = new MerkleTreeAppender();
  const tips = new Map<string, { revision: number; hash: string }>();
  const leaves: Leaf[] = [];
  const roots: Buffer[] = [];
  const heads = new StreamHeads();
  for (let position = 1; position <= n; position++) {
    const streamId = position % 3 === 0 ? 'organisation-camden' : position % 3 === 1 ? 'partnership-p1' : 'decision-d1';
    const tip = tips.get(streamId);
    const revision = (tip?.revision ?? 0) + 1;
    const data = streamId === 'decision-d1' ? { partnershipId: 'p1', n: position } : { n: position };
    const envelope: Record<string, unknown> = {
      position,
      streamId,
      revision,
      eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
      type: revision === 1 && streamId === 'decision-d1' ? 'DecisionDrafted' : 'Something',
      schemaVersion: 1,
      data,
      metadata: {
        actor: { personId: 'ada', orgId: 'camden', roles: ['member'] },
        commandId: null,
        correlationId: null,
        causationId: null,
        occurredAt: '2026-03-14T10:02:00.000Z',
      },
      recordedAt: '2026-03-14T10:02:00.000Z',
      prevStreamLeafHash: tip?.hash ?? null,
    };
    mutate?.(envelope);
    const canonical = canonicalBytes(envelope);
    const hash = leafHash(canonical);
    store.add(appender.append(hash));
    roots.push(appender.root());
    tips.set(streamId, { revision, hash: hash.toString('hex') });
    heads.set({ streamId, revision, leafHash: hash });
    leaves.push({ position, streamId, canonical, hash });
  }
  return { leaves, store, roots, heads };
}

function note(size: number, root: Buffer, extensions?: string[]): string {
  return signCheckpoint({ origin: ORIGIN, size, rootHash: root, extensions }, { name: ORIGIN, privateKey });
}

function header(size: number, root: Buffer, extra: Partial<BundleHeader> = {}, extensions?: string[]): Buffer {
  return encodeHeader({
    format: BUNDLE_FORMAT,
    scope: 'log',
    origin: ORIGIN,
    vkey: VKEY,
    publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
    checkpoint: note(size, root, extensions),
    checkpointCreatedAt: '2026-03-14T10:03:00.000Z',
    exportedAt: '2026-03-14T10:04:00.000Z',
    ...extra,
  });
}

function wholeLogLines(n = 20, checkpointEvery = 8, log = buildLog(n)): Buffer[] {
  const { leaves, roots } = log;
  const lines = [header(n, roots[n - 1] as Buffer)];
  for (const leaf of leaves) {
    lines.push(
      encodeEventLine({ position: leaf.position, leafHash: leaf.hash.toString('hex'), canonical: leaf.canonical }),
    );
    if (leaf.position % checkpointEvery === 0)
      lines.push(encodeCheckpointLine(note(leaf.position, roots[leaf.position - 1] as Buffer)));
  }
  lines.push(encodeEndLine(n));
  return lines;
}

async function check(lines: Buffer[] | Buffer, options?: VerifyBundleOptions) {
  const file = Buffer.isBuffer(lines) ? lines : Buffer.concat(lines);
  // Odd-sized chunks: the verifier must not depend on where a read happens to split the file.
  async function* chunks() {
    for (let i = 0; i < file.length; i += 997) yield file.subarray(i, i + 997);
  }
  const result = await verifyBundle(splitLines(chunks()), { ...options, threads: 1 });
  // Worker threads must never change the verdict: the same fault, at the same line, in the same words.
  expect(await verifyBundle(splitLines(chunks()), { ...options, threads: options?.threads ?? 2 })).toEqual(result);
  return result;
}

describe('verifyBundle: whole log', () => {
  it('passes a clean bundle and summarises it', async () => {
    const result = await check(wholeLogLines(20));
    expect(result.fault).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.summary).toMatchObject({
      scope: 'log',
      events: 20,
      streams: 3,
      treeSize: 20,
      firstPosition: 1,
      lastPosition: 20,
      origin: ORIGIN,
    });
    expect(result.summary.root).toBe(buildLog(20).roots[19]?.toString('hex'));
  });

  it('names a one-byte change in an event as altered, at its position', async () => {
    const file = Buffer.concat(wholeLogLines(20));
    const at = file.indexOf('"n":13}');
    file[at + 5] = '4'.charCodeAt(0);
    const result = await check(file);
    expect(result.fault).toMatchObject({ kind: 'altered', position: 13 });
  });

  it('names a missing event', async () => {
    const lines = wholeLogLines(20).filter((l) => !l.toString().startsWith('{"position":7,'));
    expect((await check(lines)).fault).toMatchObject({ kind: 'missing', position: 7 });
  });

  it('names an event that sits at another position as reordered', async () => {
    const { leaves, roots } = buildLog(6);
    const swapped = [header(6, roots[5] as Buffer)];
    for (const leaf of leaves) {
      // Positions 3 and 4 keep their places in the file but carry each other's events.
      const source = leaf.position === 3 ? leaves[3] : leaf.position === 4 ? leaves[2] : leaf;
      swapped.push(
        encodeEventLine({
          position: leaf.position,
          leafHash: (source as Leaf).hash.toString('hex'),
          canonical: (source as Leaf).canonical,
        }),
      );
    }
    swapped.push(encodeEndLine(6));
    expect((await check(swapped)).fault).toMatchObject({ kind: 'reordered', position: 3 });
  });

  it("checks the checkpoint's stream heads line against the last event of every stream", async () => {
    const { leaves, roots, heads } = buildLog(20);
    const bundle = (line: string) => [
      header(20, roots[19] as Buffer, {}, [line]),
      ...leaves.map((leaf) =>
        encodeEventLine({ position: leaf.position, leafHash: leaf.hash.toString('hex'), canonical: leaf.canonical }),
      ),
      encodeEndLine(20),
    ];
    expect((await check(bundle(formatStreamHeadsLine(heads.commitment())))).fault).toBeUndefined();
    heads.set({ streamId: 'decision-d1', revision: 6, leafHash: leaves[16]?.hash as Buffer });
    expect((await check(bundle(formatStreamHeadsLine(heads.commitment())))).fault).toMatchObject({ kind: 'altered' });
  });

  it('names a truncated log (the checkpoint covers more than the bundle holds)', async () => {
    const lines = wholeLogLines(20).filter((l) => !/^\{"position":(1[89]|20),/.test(l.toString()));
    lines[lines.length - 1] = encodeEndLine(17);
    expect((await check(lines)).fault).toMatchObject({ kind: 'truncated', position: 18 });
  });

  it('names a file cut short', async () => {
    const lines = wholeLogLines(20);
    expect((await check(lines.slice(0, -1))).fault).toMatchObject({ kind: 'truncated' });
  });

  it('names a bad checkpoint signature', async () => {
    const lines = wholeLogLines(5);
    const head = JSON.parse(lines[0]?.toString() as string) as BundleHeader;
    const sig = head.checkpoint.lastIndexOf(' ') + 10;
    head.checkpoint =
      head.checkpoint.slice(0, sig) + (head.checkpoint[sig] === 'A' ? 'B' : 'A') + head.checkpoint.slice(sig + 1);
    lines[0] = encodeHeader(head);
    expect((await check(lines)).fault).toMatchObject({ kind: 'bad-signature', position: null });
  });

  it('refuses a bundle signed by another key than the trusted one', async () => {
    const other = encodeVerifierKey(ORIGIN, createPublicKey(generateKeyPairSync('ed25519').privateKey));
    expect((await check(wholeLogLines(5), { trustedVkey: other })).fault).toMatchObject({ kind: 'bad-signature' });
    expect((await check(wholeLogLines(5), { trustedVkey: VKEY })).ok).toBe(true);
  });

  it('names a broken stream link even when the event was re-hashed', async () => {
    const { leaves, roots } = buildLog(9, (e) => {
      if (e.position === 7) e.prevStreamLeafHash = 'ab'.repeat(32);
    });
    const lines = [
      header(9, roots[8] as Buffer),
      ...leaves.map((l) =>
        encodeEventLine({ position: l.position, leafHash: l.hash.toString('hex'), canonical: l.canonical }),
      ),
      encodeEndLine(9),
    ];
    expect((await check(lines)).fault).toMatchObject({ kind: 'broken-link', position: 7 });
  });

  it('places a re-hashed alteration between two signed checkpoints', async () => {
    const good = buildLog(20);
    const bad = buildLog(20, (e) => {
      if (e.position === 19) (e.data as { n: number }).n = 999;
    });
    const lines = [header(20, good.roots[19] as Buffer)];
    for (const leaf of bad.leaves) {
      lines.push(
        encodeEventLine({ position: leaf.position, leafHash: leaf.hash.toString('hex'), canonical: leaf.canonical }),
      );
      if (leaf.position % 8 === 0)
        lines.push(encodeCheckpointLine(note(leaf.position, good.roots[leaf.position - 1] as Buffer)));
    }
    lines.push(encodeEndLine(20));
    const result = await check(lines);
    expect(result.fault?.kind).toBe('altered');
    expect(result.fault?.message).toMatch(/between positions 17 and 20/);
  });

  it('reads envelopes whose bytes are not in canonical key order in full, with the same result', async () => {
    const { leaves } = buildLog(4);
    const appender = new MerkleTreeAppender();
    const lines: Buffer[] = [];
    for (const leaf of leaves) {
      const envelope = JSON.parse(leaf.canonical.toString()) as Record<string, unknown>;
      // streamId first: the tail shortcut cannot apply, the full parse must.
      const bytes = Buffer.from(JSON.stringify({ streamId: envelope.streamId, ...envelope }));
      const hash = leafHash(bytes);
      appender.append(hash);
      lines.push(encodeEventLine({ position: leaf.position, leafHash: hash.toString('hex'), canonical: bytes }));
    }
    expect((await check([header(4, appender.root()), ...lines, encodeEndLine(4)])).fault).toMatchObject({
      kind: 'broken-link',
      position: 4,
    });
  });

  it('checks a kept older checkpoint against the leaves (--since)', async () => {
    const { roots } = buildLog(20);
    expect((await check(wholeLogLines(20), { since: note(11, roots[10] as Buffer) })).summary.since).toEqual({
      treeSize: 11,
      root: roots[10]?.toString('hex'),
    });
    const forked = buildLog(11, (e) => {
      if (e.position === 2) (e.data as { n: number }).n = -2;
    });
    expect((await check(wholeLogLines(20), { since: note(11, forked.roots[10] as Buffer) })).fault).toMatchObject({
      kind: 'inconsistent',
    });
    const later = buildLog(25);
    expect((await check(wholeLogLines(20), { since: note(25, later.roots[24] as Buffer) })).fault).toMatchObject({
      kind: 'truncated',
      position: 21,
    });
  });
});

describe('verifyBundle: whole log with worker threads', () => {
  // Checkpoints every 1,000 events, as the sealer signs them: runs of event lines span several
  // batches of the workers, and faults land in the middle of one, far from where reading stopped.
  const N = 3000;
  const log = buildLog(N);
  const clean = () => wholeLogLines(N, 1000, log);
  const lineOf = (lines: Buffer[], position: number) =>
    lines.findIndex((l) => l.toString('latin1', 0, 40).startsWith(`{"position":${position},`));

  it('passes a clean bundle with the same summary as one thread', async () => {
    expect(await check(clean(), { threads: 3 })).toMatchObject({ ok: true, summary: { events: N, streams: 3 } });
  });

  it('finds the same first fault as one thread, wherever it is', async () => {
    const altered = clean();
    const at = lineOf(altered, 1234);
    const bytes = Buffer.from(altered[at] as Buffer);
    bytes[bytes.indexOf('"n":1234') + 5] = '9'.charCodeAt(0);
    altered[at] = bytes;
    // Two faults: only the first counts, even when a later batch comes back from its worker first.
    const twice = [...altered];
    twice.splice(lineOf(twice, 2900), 1);
    const missing = clean();
    missing.splice(lineOf(missing, 2501), 1);
    const rehashed = buildLog(N, (e) => {
      if (e.position === 1999) (e.data as { n: number }).n = -1;
    });
    const swapped = wholeLogLines(N, 1000, { ...rehashed, roots: log.roots });
    const afterEnd = [...clean(), clean()[5] as Buffer];
    const cut = clean().slice(0, lineOf(clean(), 2700));
    for (const [lines, kind, position] of [
      [altered, 'altered', 1234],
      [twice, 'altered', 1234],
      [missing, 'missing', 2501],
      [swapped, 'altered', null],
      [afterEnd, 'malformed', null],
      [cut, 'truncated', 2700],
    ] as const) {
      const result = await check(lines, { threads: 2 });
      expect(result.fault).toMatchObject({ kind, position });
    }
  });
});

describe('verifyBundle: one partnership', () => {
  async function partnershipLines(n: number, since?: number, withHeads = true): Promise<Buffer[]> {
    const { leaves, store, roots, heads } = buildLog(n);
    const root = roots[n - 1] as Buffer;
    const consistency =
      since === undefined
        ? undefined
        : {
            fromSize: since,
            toSize: n,
            proof: (await consistencyProof(since, n, store)).map((p) => p.toString('hex')),
          };
    const lines = [
      header(
        n,
        root,
        { scope: 'partnership', partnershipId: 'p1', ...(consistency ? { consistency } : {}) },
        withHeads ? [formatStreamHeadsLine(heads.commitment())] : undefined,
      ),
    ];
    const mine = leaves.filter((l) => l.streamId !== 'organisation-camden');
    for (const leaf of mine) {
      const proof = (await inclusionProof(leaf.position - 1, n, store)).map((p) => p.toString('hex'));
      lines.push(
        encodeEventLine({
          position: leaf.position,
          leafHash: leaf.hash.toString('hex'),
          proof,
          canonical: leaf.canonical,
        }),
      );
    }
    for (const streamId of withHeads ? ['partnership-p1', 'decision-d1'] : []) {
      const found = await heads.proof(streamId);
      lines.push(
        encodeStreamHeadLine({
          streamId,
          revision: found?.head.revision as number,
          leafHash: found?.head.leafHash.toString('hex') as string,
          index: found?.index as number,
          proof: found?.proof.map((p) => p.toString('hex')) as string[],
        }),
      );
    }
    lines.push(encodeEndLine(mine.length));
    return lines;
  }

  /** The bundle without its last event of `streamId` (and the end line counting one fewer). */
  function withoutTail(lines: Buffer[], streamId: string): Buffer[] {
    const last = lines.findLastIndex((l) => l.toString().includes(`"streamId":"${streamId}","type"`));
    const events = lines.filter((l) => l.toString().startsWith('{"position"')).length;
    return [...lines.slice(0, last), ...lines.slice(last + 1, -1), encodeEndLine(events - 1)];
  }

  it('verifies without the rest of the log', async () => {
    const result = await check(await partnershipLines(30));
    expect(result.fault).toBeUndefined();
    expect(result.summary).toMatchObject({
      scope: 'partnership',
      partnershipId: 'p1',
      events: 20,
      streams: 2,
      treeSize: 30,
      streamEnds: 'proven',
    });
  });

  it('names a stream whose last events were dropped as truncated, with the revision it ends at in the signed log', async () => {
    const result = await check(withoutTail(await partnershipLines(30), 'decision-d1'));
    expect(result.fault).toMatchObject({ kind: 'truncated', position: null });
    expect(result.fault?.message).toBe(
      'stream decision-d1 ends at revision 10 in the signed log, but the bundle stops at revision 9: revision 10 onwards was left out',
    );
  });

  it('names a stream whose head line was dropped with its tail', async () => {
    const lines = withoutTail(await partnershipLines(30), 'decision-d1').filter(
      (l) => !l.toString().startsWith('{"streamHead":{"streamId":"decision-d1"'),
    );
    const result = await check(lines);
    expect(result.fault).toMatchObject({ kind: 'truncated' });
    expect(result.fault?.message).toMatch(/^stream decision-d1 has no stream head line/);
  });

  it('refuses a head line whose proof does not lead to the signed stream heads', async () => {
    const lines = (await partnershipLines(30)).map((l) =>
      l.toString().startsWith('{"streamHead":{"streamId":"decision-d1"')
        ? Buffer.from(l.toString().replace('"revision":10', '"revision":9'))
        : l,
    );
    expect((await check(lines)).fault).toMatchObject({ kind: 'altered' });
  });

  it('says it could not prove where streams end for a checkpoint without stream heads', async () => {
    const result = await check(withoutTail(await partnershipLines(30, undefined, false), 'decision-d1'));
    expect(result.ok).toBe(true);
    expect(result.summary.streamEnds).toBe('unproven');
  });

  it('names an event whose proof does not reach the signed root', async () => {
    const lines = await partnershipLines(30);
    lines[3] = Buffer.from(
      lines[3]
        ?.toString()
        .replace(/"proof":\["[0-9a-f]/, (m) => `${m.slice(0, -1)}${m.endsWith('0') ? '1' : '0'}`) as string,
    );
    expect((await check(lines)).fault).toMatchObject({ kind: 'altered' });
  });

  it('names a missing event by the stream revision it skips', async () => {
    const lines = (await partnershipLines(30)).filter((l) => !l.toString().startsWith('{"position":10,'));
    lines[lines.length - 1] = encodeEndLine(19);
    expect((await check(lines)).fault).toMatchObject({ kind: 'missing', position: 13 });
  });

  it('checks consistency with a kept checkpoint through the bundled proof', async () => {
    const { roots } = buildLog(30);
    const since = note(12, roots[11] as Buffer);
    expect((await check(await partnershipLines(30, 12), { since })).ok).toBe(true);
    expect((await check(await partnershipLines(30), { since })).fault).toMatchObject({ kind: 'inconsistent' });
  });
});

describe('verifyBundle: cosigned checkpoints and a policy', () => {
  const witnesses = ['camden', 'peabody', 'southwark'].map((party) => ({
    party,
    name: `witness.${party}.test/accord`,
    key: generateKeyPairSync('ed25519').privateKey,
  }));
  const policyText = (quorum = 'all') =>
    formatPolicy({
      logVkey: VKEY,
      witnesses: witnesses.map((w) => ({ name: w.party, vkey: encodeWitnessVerifierKey(w.name, w.key) })),
    }).replace(/^group (\S+) all/m, `group $1 ${quorum}`);
  const policy = (quorum?: string) => parsePolicy(policyText(quorum));

  /** The note with the cosignatures of the witnesses at those indexes. */
  function cosigned(signed: string, by: number[], at = 1_800_000_000): string {
    const text = signed.slice(0, signed.lastIndexOf('\n\n') + 1);
    return (
      signed +
      by.map((i) => cosignNoteText(text, { name: witnesses[i]!.name, privateKey: witnesses[i]!.key }, at + i)).join('')
    );
  }

  function cosignedBundle(
    n: number,
    headerBy: number[],
    interimBy: (size: number) => number[] = () => headerBy,
  ): Buffer[] {
    const { leaves, roots } = buildLog(n);
    const lines = [
      header(n, roots[n - 1] as Buffer, { checkpoint: cosigned(note(n, roots[n - 1] as Buffer), headerBy) }),
    ];
    for (const leaf of leaves) {
      lines.push(
        encodeEventLine({ position: leaf.position, leafHash: leaf.hash.toString('hex'), canonical: leaf.canonical }),
      );
      if (leaf.position % 8 === 0)
        lines.push(
          encodeCheckpointLine(
            cosigned(note(leaf.position, roots[leaf.position - 1] as Buffer), interimBy(leaf.position)),
          ),
        );
    }
    lines.push(encodeEndLine(n));
    return lines;
  }

  it('passes when every witness of the policy cosigned, and says when each did', async () => {
    const result = await check(cosignedBundle(20, [0, 1, 2]), { policy: policy() });
    expect(result.fault).toBeUndefined();
    expect(result.summary.cosignatures).toEqual({
      quorum: true,
      witnesses: witnesses.map((w, i) => ({
        witness: w.party,
        status: 'valid',
        keyName: w.name,
        timestamp: 1_800_000_000 + i,
      })),
    });
  });

  it('still verifies cosigned and uncosigned bundles without a policy (cosignatures are extra signature lines)', async () => {
    expect((await check(cosignedBundle(20, [0, 1, 2]))).ok).toBe(true);
    expect((await check(wholeLogLines(20))).summary.cosignatures).toBeUndefined();
    expect((await check(wholeLogLines(20), { policy: parsePolicy('quorum none\n') })).ok).toBe(true);
  });

  it('fails no-quorum naming the witness whose cosignature is missing', async () => {
    const result = await check(cosignedBundle(20, [0, 2]), { policy: policy() });
    expect(result.fault).toMatchObject({ kind: 'no-quorum', position: null, line: 1 });
    expect(result.fault?.message).toMatch(
      /tree size 20\) lacks the cosignatures its policy requires: no cosignature by peabody$/,
    );
    expect(result.summary.cosignatures?.quorum).toBe(false);
    expect((await check(cosignedBundle(20, [0, 2]), { policy: policy('2') })).ok).toBe(true);
  });

  it('fails no-quorum on an old bundle, naming every witness', async () => {
    expect((await check(wholeLogLines(20), { policy: policy() })).fault?.message).toMatch(
      /no cosignature by camden, peabody, southwark$/,
    );
  });

  it('fails no-quorum when the host rewrote the log, re-signed it and copied the old cosignatures onto it', async () => {
    const honest = buildLog(20);
    const rewritten = buildLog(20, (e) => {
      if (e.position === 5) (e.data as { n: number }).n = 500;
    });
    const honestHead = cosigned(note(20, honest.roots[19] as Buffer), [0, 1, 2]);
    const copiedLines = honestHead
      .slice(honestHead.lastIndexOf('\n\n') + 2)
      .split('\n')
      .slice(1)
      .join('\n');
    const lines = [
      header(20, rewritten.roots[19] as Buffer, {
        checkpoint: `${note(20, rewritten.roots[19] as Buffer)}${copiedLines}`,
      }),
    ];
    for (const leaf of rewritten.leaves)
      lines.push(
        encodeEventLine({ position: leaf.position, leafHash: leaf.hash.toString('hex'), canonical: leaf.canonical }),
      );
    lines.push(encodeEndLine(20));
    expect((await check(lines)).ok).toBe(true); // the log's key alone cannot tell
    const result = await check(lines, { policy: policy() });
    expect(result.fault?.kind).toBe('no-quorum');
    expect(result.fault?.message).toMatch(/an invalid cosignature by camden \(.*\); peabody \(.*\); southwark \(.*\)$/);
  });

  it("needs cosignatures on the bundle's checkpoint only (a witness that was down cosigns a later one, never those it missed)", async () => {
    expect(
      (
        await check(
          cosignedBundle(20, [0, 1, 2], () => []),
          { policy: policy() },
        )
      ).ok,
    ).toBe(true);
  });

  it("fails bad-signature when a policy witness's cosignature on the checkpoint does not verify, though the others make the quorum", async () => {
    const { roots } = buildLog(20);
    const lines = cosignedBundle(20, [0, 1]);
    const head = JSON.parse(lines[0]!.toString()) as BundleHeader;
    // Witness 2's line for size 16 put on the checkpoint of size 20.
    const line16 = cosigned(note(16, roots[15] as Buffer), [2])
      .split('\n')
      .slice(-2)
      .join('\n');
    lines[0] = encodeHeader({ ...head, checkpoint: `${head.checkpoint}${line16}` });
    const result = await check(lines, { policy: policy('2') });
    expect(result.fault).toMatchObject({ kind: 'bad-signature', position: null });
    expect(result.fault?.message).toMatch(
      /the cosignature of witness southwark \(witness\.southwark\.test\/accord\) is invalid/,
    );
    expect(result.summary.cosignatures?.quorum).toBe(true);
  });

  it("accepts only the policy's log keys when it lists any", async () => {
    const other = encodeVerifierKey(ORIGIN, createPublicKey(generateKeyPairSync('ed25519').privateKey));
    const foreign = parsePolicy(policyText().replace(`log ${VKEY}`, `log ${other}`));
    expect((await check(cosignedBundle(20, [0, 1, 2]), { policy: foreign })).fault).toMatchObject({
      kind: 'bad-signature',
      message: expect.stringMatching(/is not one of the policy's logs/),
    });
    const bare = parsePolicy(
      policyText().replace(`log ${VKEY}`, `log ${rawPublicKey(createPublicKey(privateKey)).toString('hex')}`),
    );
    expect((await check(cosignedBundle(20, [0, 1, 2]), { policy: bare })).ok).toBe(true);
  });
});
