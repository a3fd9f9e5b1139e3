import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createPublicKey, type KeyObject } from 'node:crypto';
import {
  BUNDLE_FORMAT,
  canonicalBytes,
  encodeCheckpointLine,
  encodeEndLine,
  encodeEventLine,
  encodeHeader,
  encodeVerifierKey,
  leafHash,
  MerkleTreeAppender,
  signCheckpoint,
} from '@accord/audit';

export interface SyntheticBundleOptions {
  events: number;
  /** A signed checkpoint line after every this many events (the sealer's AUDIT_CHECKPOINT_EVERY_EVENTS). */
  checkpointEvery: number;
  origin: string;
  logKey: KeyObject;
  /** Cosignature lines to append to the bundle's checkpoint (say, from real witnesses). */
  cosignHeader?: (signedNote: string) => Promise<string>;
  /** The event at this position says something else: the log a host rewrote. */
  rewrite?: number;
}

/**
 * Writes a whole-log audit bundle of `events` vote events over 1,000 decision streams, with
 * stream links, interim checkpoints and the final one in the header, to `file`, without holding
 * the events in memory: a first pass computes the roots, a second writes the same events.
 */
export async function writeSyntheticBundle(file: string, options: SyntheticBundleOptions): Promise<{ vkey: string }> {
  const roots = new Map<number, Buffer>();
  const tree = new MerkleTreeAppender();
  for (const { hash } of syntheticEvents(options.events, options.rewrite)) {
    tree.append(hash);
    if (tree.size % options.checkpointEvery === 0 || tree.size === options.events) roots.set(tree.size, tree.root());
  }
  const note = (size: number) =>
    signCheckpoint(
      { origin: options.origin, size, rootHash: roots.get(size) as Buffer },
      { name: options.origin, privateKey: options.logKey },
    );
  const vkey = encodeVerifierKey(options.origin, options.logKey);
  const out = createWriteStream(file);
  const write = async (chunk: Buffer) => {
    if (!out.write(chunk)) await once(out, 'drain');
  };
  await write(
    encodeHeader({
      format: BUNDLE_FORMAT,
      scope: 'log',
      origin: options.origin,
      vkey,
      publicKeyPem: createPublicKey(options.logKey).export({ type: 'spki', format: 'pem' }).toString(),
      checkpoint: options.cosignHeader
        ? `${note(options.events)}${await options.cosignHeader(note(options.events))}`
        : note(options.events),
      checkpointCreatedAt: '2026-03-14T10:00:00.000Z',
      exportedAt: '2026-03-14T10:00:01.000Z',
    }),
  );
  for (const { position, canonical, hash } of syntheticEvents(options.events, options.rewrite)) {
    await write(encodeEventLine({ position, leafHash: hash.toString('hex'), canonical }));
    if (position % options.checkpointEvery === 0 && position !== options.events)
      await write(encodeCheckpointLine(note(position)));
  }
  await write(encodeEndLine(options.events));
  out.end();
  await once(out, 'finish');
  return { vkey };
}

function* syntheticEvents(
  events: number,
  rewrite?: number,
): Generator<{ position: number; canonical: Buffer; hash: Buffer }> {
  const tips = new Map<string, { revision: number; hash: string }>();
  for (let position = 1; position <= events; position++) {
    const streamId = `decision-${position % 1000}`;
    const tip = tips.get(streamId);
    const canonical = canonicalBytes({
      position,
      streamId,
      revision: (tip?.revision ?? 0) + 1,
      eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
      type: 'VoteCast',
      schemaVersion: 1,
      data: {
        partnershipId: 'station-road',
        stance: position === rewrite ? 'disagree' : 'agree',
        reason: 'The disposal supports the housing objective.',
      },
      metadata: {
        actor: { personId: 'ada', orgId: 'camden', roles: ['member'] },
        commandId: null,
        correlationId: null,
        causationId: null,
        occurredAt: '2026-03-14T10:00:00.000Z',
      },
      recordedAt: '2026-03-14T10:00:00.000Z',
      prevStreamLeafHash: tip?.hash ?? null,
    });
    const hash = leafHash(canonical);
    tips.set(streamId, { revision: (tip?.revision ?? 0) + 1, hash: hash.toString('hex') });
    yield { position, canonical, hash };
  }
}
