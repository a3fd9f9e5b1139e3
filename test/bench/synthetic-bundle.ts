/**
 * A whole-log bundle written without PostgreSQL, for `npm run bench:audit -- --verifier-only`: the
 * shape bench:audit's own export has (VoteCast events over 1,000 decision streams, 500 at a time,
 * canonical envelopes as the event store writes them, a checkpoint signed every 1,000 events with
 * its stream heads), built in seconds rather than the minutes appending and sealing take.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { closeSync, createReadStream, createWriteStream, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import {
  BUNDLE_FORMAT,
  encodeCheckpointLine,
  encodeEndLine,
  encodeEventLine,
  encodeHeader,
  encodeVerifierKey,
  formatStreamHeadsLine,
  leafHash,
  MerkleTreeAppender,
  signCheckpoint,
  StreamHeads,
} from '@accord/audit';

const ORIGIN = 'accord.bench/log';

export async function writeSyntheticBundle(file: string, events: number): Promise<void> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const appender = new MerkleTreeAppender();
  const heads = new StreamHeads();
  const tips = new Map<string, { revision: number; hash: string }>();
  const sign = (size: number): string =>
    signCheckpoint(
      { origin: ORIGIN, size, rootHash: appender.root(), extensions: [formatStreamHeadsLine(heads.commitment())] },
      { name: ORIGIN, privateKey },
    );
  // The header carries the last checkpoint, known only at the end: the events are written apart
  // first, then appended after it.
  const body: Buffer[] = [];
  let held = 0;
  const rest = `${file}.events`;
  const fd = openSync(rest, 'w');
  const push = (bytes: Buffer): void => {
    body.push(bytes);
    held += bytes.length;
    if (held < 1 << 22) return;
    writeSync(fd, Buffer.concat(body));
    body.length = 0;
    held = 0;
  };
  const started = Date.UTC(2026, 11, 7, 16);
  for (let position = 1; position <= events; position++) {
    const streamId = `decision-bench-${Math.floor((position - 1) / 500) % 1000}`;
    const tip = tips.get(streamId);
    const revision = (tip?.revision ?? 0) + 1;
    const at = new Date(started + position).toISOString();
    const eventId = `0193a5b2-${String(position % 10_000).padStart(4, '0')}-4000-8000-${String(position).padStart(12, '0')}`;
    const canonical = Buffer.from(
      `{"data":{"n":${position - 1},"partnershipId":"station-road","reason":"The disposal supports the housing objective of the partnership.","stance":"agree"},"eventId":"${eventId}","metadata":{"actor":{"orgId":"bench-org","personId":"bench-person","roles":["member"]},"causationId":null,"commandId":null,"correlationId":null,"occurredAt":"${at}"},"position":${position},"prevStreamLeafHash":${tip ? `"${tip.hash}"` : 'null'},"recordedAt":"${at}","revision":${revision},"schemaVersion":1,"streamId":"${streamId}","type":"VoteCast"}`,
      'utf8',
    );
    const hash = leafHash(canonical);
    appender.append(hash);
    tips.set(streamId, { revision, hash: hash.toString('hex') });
    heads.set({ streamId, revision, leafHash: hash });
    push(encodeEventLine({ position, leafHash: hash.toString('hex'), canonical }));
    if (position % 1000 === 0) push(encodeCheckpointLine(sign(position)));
  }
  push(encodeEndLine(events));
  writeSync(fd, Buffer.concat(body));
  closeSync(fd);
  writeFileSync(
    file,
    encodeHeader({
      format: BUNDLE_FORMAT,
      scope: 'log',
      origin: ORIGIN,
      vkey: encodeVerifierKey(ORIGIN, createPublicKey(privateKey)),
      publicKeyPem: createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString(),
      checkpoint: sign(events),
      checkpointCreatedAt: new Date(started + events).toISOString(),
      exportedAt: new Date(started + events + 1000).toISOString(),
    }),
  );
  await pipeline(createReadStream(rest), createWriteStream(file, { flags: 'a' }));
  rmSync(rest);
}
