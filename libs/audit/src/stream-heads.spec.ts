import { createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { canonicalBytes } from './canonical-json';
import { encodeVerifierKey, signCheckpoint, verifySignedCheckpoint } from './checkpoint';
import { leafHash } from './leaf-hash';
import { InMemoryNodeStore, MerkleTreeAppender } from './merkle-tree';
import { inclusionProof } from './proofs';
import {
  BUNDLE_FORMAT,
  encodeEndLine,
  encodeEventLine,
  encodeHeader,
  encodeStreamHeadLine,
  splitLines,
} from './bundle/bundle-format';
import { verifyBundle } from './bundle/bundle-verifier';
import {
  findStreamHeads,
  formatStreamHeadsLine,
  streamHeadBytes,
  streamHeadLeafHash,
  StreamHeads,
  verifyStreamHead,
} from './stream-heads';
import { ed25519KeyFromSeed } from '../../../test/support/test-keys';
import { reproducesVectorFile } from '../../../test/support/vector-file';

/**
 * libs/audit/test-vectors/stream-heads.json: the stream heads commitment (docs/audit-bundle.md
 * "Stream heads") over a small fixed log, a checkpoint that carries it, and a partnership bundle
 * whole and with a stream's tail left out, with the verdict each must get. Another implementation
 * checks itself against the file; this suite regenerates it and insists it is byte-identical, and
 * checks it with the verifiers alone.
 *
 * After an intentional change: UPDATE_AUDIT_VECTORS=1 npx jest libs/audit/src/stream-heads
 */
const VECTORS_PATH = join(__dirname, '..', 'test-vectors', 'stream-heads.json');
const ORIGIN = 'accord.example/log';
/** A test-only key: the RFC 8032 seed is the bytes 0x40..0x5f. Never use it for anything real. */
const SEED = Buffer.from(Array.from({ length: 32 }, (_, i) => 0x40 + i));

interface HeadVector {
  streamId: string;
  revision: number;
  leafHash: string;
  /** The leaf's pre-image as text (RFC 8785 JSON, ASCII). */
  preImage: string;
  headLeafHash: string;
  index: number;
  proof: string[];
}

interface Vectors {
  description: string;
  log: { keyName: string; ed25519Seed: string; vkey: string };
  events: { position: number; streamId: string; revision: number; canonical: string; leafHash: string }[];
  heads: HeadVector[];
  commitment: { count: number; root: string; extensionLine: string };
  checkpoint: { body: string; signedNote: string };
  bundles: { description: string; text: string; ok: boolean; fault?: { kind: string; message: string } }[];
}

const hex = (b: Buffer) => b.toString('hex');
const linesOf = (text: string) =>
  splitLines(
    (async function* () {
      yield Buffer.from(text, 'utf8');
    })(),
  );
const STREAMS = [
  'partnership-p1',
  'decision-d1',
  'organisation-o1',
  'decision-d1',
  'partnership-p1',
  'decision-d1',
  'decision-d2',
];

async function generate(): Promise<Vectors> {
  const privateKey = ed25519KeyFromSeed(SEED);
  const vkey = encodeVerifierKey(ORIGIN, createPublicKey(privateKey));
  const store = new InMemoryNodeStore();
  const appender = new MerkleTreeAppender();
  const heads = new StreamHeads();
  const events: Vectors['events'] = [];
  STREAMS.forEach((streamId, i) => {
    const position = i + 1;
    const previous = heads.get(streamId)?.head;
    const revision = (previous?.revision ?? 0) + 1;
    const canonical = canonicalBytes({
      data: streamId.startsWith('decision-') && revision === 1 ? { partnershipId: 'p1' } : {},
      eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
      metadata: { occurredAt: '2026-12-01T10:00:00.000Z' },
      position,
      prevStreamLeafHash: previous ? hex(previous.leafHash) : null,
      recordedAt: '2026-12-01T10:00:00.000Z',
      revision,
      schemaVersion: 1,
      streamId,
      type: streamId.startsWith('decision-') && revision === 1 ? 'DecisionDrafted' : 'Noted',
    });
    const hash = leafHash(canonical);
    store.add(appender.append(hash));
    heads.set({ streamId, revision, leafHash: hash });
    events.push({ position, streamId, revision, canonical: canonical.toString('utf8'), leafHash: hex(hash) });
  });
  const commitment = heads.commitment();
  const extensionLine = formatStreamHeadsLine(commitment);
  const size = STREAMS.length;
  const signedNote = signCheckpoint(
    { origin: ORIGIN, size, rootHash: appender.root(), extensions: [extensionLine] },
    { name: ORIGIN, privateKey },
  );
  const headVectors: HeadVector[] = [];
  for (const streamId of new Set(STREAMS)) {
    const found = await heads.proof(streamId);
    if (found === undefined) throw new Error(streamId);
    headVectors.push({
      streamId,
      revision: found.head.revision,
      leafHash: hex(found.head.leafHash),
      preImage: streamHeadBytes(found.head).toString('utf8'),
      headLeafHash: hex(streamHeadLeafHash(found.head)),
      index: found.index,
      proof: found.proof.map(hex),
    });
  }

  const partnershipStreams = ['partnership-p1', 'decision-d1', 'decision-d2'];
  const bundle = async (leaveOut?: number) => {
    const kept = events.filter((e) => partnershipStreams.includes(e.streamId) && e.position !== leaveOut);
    const lines = [
      encodeHeader({
        format: BUNDLE_FORMAT,
        scope: 'partnership',
        partnershipId: 'p1',
        streams: partnershipStreams,
        origin: ORIGIN,
        vkey,
        publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
        checkpoint: signedNote,
        checkpointCreatedAt: '2026-12-01T10:00:01.000Z',
        exportedAt: '2026-12-01T10:00:02.000Z',
      }),
    ];
    for (const e of kept)
      lines.push(
        encodeEventLine({
          position: e.position,
          leafHash: e.leafHash,
          proof: (await inclusionProof(e.position - 1, size, store)).map(hex),
          canonical: Buffer.from(e.canonical, 'utf8'),
        }),
      );
    for (const h of headVectors.filter((v) => partnershipStreams.includes(v.streamId)))
      lines.push(encodeStreamHeadLine(h));
    lines.push(encodeEndLine(kept.length));
    const text = Buffer.concat(lines).toString('utf8');
    const result = await verifyBundle(linesOf(text), { trustedVkey: vkey });
    return {
      text,
      ok: result.ok,
      ...(result.fault ? { fault: { kind: result.fault.kind, message: result.fault.message } } : {}),
    };
  };

  return {
    description:
      'The accord-stream-heads checkpoint extension line: an RFC 9162 tree over each stream’s last event (leaf pre-image below), streams in order of first appearance; and a partnership bundle checked against it (docs/audit-bundle.md).',
    log: { keyName: ORIGIN, ed25519Seed: hex(SEED), vkey },
    events,
    heads: headVectors,
    commitment: { count: commitment.count, root: hex(commitment.root), extensionLine },
    checkpoint: { body: signedNote.slice(0, signedNote.indexOf('\n\n') + 1), signedNote },
    bundles: [
      { description: "partnership p1's bundle", ...(await bundle()) },
      {
        description: 'the same without decision-d1’s last event (position 6): truncated',
        ...(await bundle(6)),
      },
    ],
  };
}

describe('stream heads test vectors (libs/audit/test-vectors/stream-heads.json)', () => {
  let file: Vectors;
  reproducesVectorFile(VECTORS_PATH, generate, (loaded) => (file = loaded));

  it('verify with the verifiers alone: each head leads to the signed commitment', () => {
    const checkpoint = verifySignedCheckpoint(file.checkpoint.signedNote, file.log.vkey);
    const commitment = findStreamHeads(checkpoint.extensions);
    expect(commitment).toEqual({ count: file.heads.length, root: Buffer.from(file.commitment.root, 'hex') });
    for (const h of file.heads) {
      const head = { streamId: h.streamId, revision: h.revision, leafHash: Buffer.from(h.leafHash, 'hex') };
      expect(streamHeadBytes(head).toString('utf8')).toBe(h.preImage);
      expect(
        verifyStreamHead(
          head,
          h.index,
          h.proof.map((p) => Buffer.from(p, 'hex')),
          commitment!,
        ),
      ).toBe(true);
      expect(
        verifyStreamHead(
          { ...head, revision: h.revision + 1 },
          h.index,
          h.proof.map((p) => Buffer.from(p, 'hex')),
          commitment!,
        ),
      ).toBe(false);
    }
  });

  it('give each bundle its verdict: the whole one passes, the one without a tail is truncated naming the stream', async () => {
    const verdicts = await Promise.all(
      file.bundles.map(async (b) => {
        const result = await verifyBundle(linesOf(b.text), { trustedVkey: file.log.vkey });
        return { ok: result.ok, kind: result.fault?.kind };
      }),
    );
    expect(verdicts).toEqual([
      { ok: true, kind: undefined },
      { ok: false, kind: 'truncated' },
    ]);
    expect(file.bundles[1]?.fault?.message).toBe(
      'stream decision-d1 ends at revision 3 in the signed log, but the bundle stops at revision 2: revision 3 onwards was left out',
    );
  });

  it('keeps a stream’s leaf where it first appeared as its head moves, and rehashes only what changed', () => {
    const heads = StreamHeads.of(
      ['a', 'b', 'c', 'd', 'e'].map((streamId) => ({ streamId, revision: 1, leafHash: Buffer.alloc(32, streamId) })),
    );
    const before = heads.commitment();
    heads.set({ streamId: 'b', revision: 2, leafHash: Buffer.alloc(32, 1) });
    const moved = heads.commitment();
    expect(heads.get('b')?.index).toBe(1);
    expect(moved.count).toBe(5);
    expect(moved.root.equals(before.root)).toBe(false);
    const rebuilt = StreamHeads.of(['a', 'b', 'c', 'd', 'e'].map((streamId) => heads.get(streamId)!.head)).commitment();
    expect(rebuilt).toEqual(moved);
  });
});
