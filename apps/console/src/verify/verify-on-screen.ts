import type { ApiClient } from '../api/client';
import type { InclusionAnswer } from '../api/types';
import { ApiError } from '../api/client';
import { base64ToBytes, bytesToHex, equalBytes, hexToBytes } from './bytes';
import { CheckpointInvalid, verifyCheckpointNote } from './checkpoint';
import { checkCosignatures, type CosignatureVerdict, type WitnessToCheck } from './cosignature';
import { leafHash, verifyInclusion } from './merkle';

/** An event as the page shows it: its log position and the leaf hash printed beside it. */
export interface ShownEvent {
  position: number;
  leafHash: string;
  eventId?: string;
  /** The event type the page names it by (its audit line), checked against the proven bytes. */
  type?: string;
}

/** An event as its proven bytes say it is: what the page's content is re-derived from. */
export interface ProvenEvent {
  position: number;
  eventId: string;
  type: string;
  streamId: string;
  revision: number;
  data: Record<string, unknown>;
}

export type VerifyResult =
  | {
      ok: true;
      treeSize: number;
      checkpointAt: string;
      keyName: string;
      checked: number;
      notYetSealed: number;
      /** The sealed events shown, parsed from the bytes that were proven, in log order. */
      proven: ProvenEvent[];
      /** Each registered witness's cosignature on that checkpoint, checked here too. */
      cosignatures: CosignatureVerdict[];
    }
  | { ok: false; reason: string; position?: number; checked: number };

/**
 * Checks what is on screen against the log's signed head, in the browser, trusting the server
 * for nothing but bytes: the checkpoint's Ed25519 signature under the published key; then for
 * each event, that its stored bytes hash to the leaf hash shown, that they are the event shown
 * (position, id), and that the inclusion proof leads from that leaf to the signed root. Events
 * newer than the latest checkpoint are counted, not failed: they are sealed within seconds.
 */
export async function verifyOnScreen(
  api: ApiClient,
  shown: ShownEvent[],
  onProgress: (checked: number, total: number) => void = () => {},
): Promise<VerifyResult> {
  let checked = 0;
  let checkpoint: { treeSize: number; root: Uint8Array; keyName: string; at: string };
  let cosignatures: CosignatureVerdict[];
  try {
    const [latest, key, witnesses] = await Promise.all([
      api.get<{ note: string; treeSize: number; createdAt: string }>('/v1/audit/checkpoints/latest'),
      api.get<{ vkey: string; keyName: string }>('/v1/audit/public-key'),
      // The witnesses the ledger names; without that list the events still verify, with no cosignatures shown.
      api
        .get<{ witnesses: WitnessToCheck[] }>('/health/witnesses')
        .then((h) => h.witnesses)
        .catch(() => []),
    ]);
    const verified = await verifyCheckpointNote(latest.note, key.vkey);
    checkpoint = { treeSize: verified.treeSize, root: verified.root, keyName: key.keyName, at: latest.createdAt };
    cosignatures = await checkCosignatures(latest.note, witnesses);
  } catch (err) {
    if (err instanceof CheckpointInvalid) return { ok: false, reason: `Signed checkpoint: ${err.message}`, checked };
    if (err instanceof ApiError && err.code === 'checkpoint-not-found')
      return {
        ok: false,
        reason: 'Nothing has been sealed in a signed checkpoint yet; try again in a few seconds.',
        checked,
      };
    throw err;
  }

  const sealed = shown.filter((e) => e.position <= checkpoint.treeSize);
  const failures: { position: number; reason: string }[] = [];
  const proven: ProvenEvent[] = [];
  let next = 0;
  const worker = async () => {
    while (next < sealed.length && failures.length === 0) {
      const event = sealed[next++] as ShownEvent;
      const outcome = await checkOne(api, event, checkpoint);
      if (typeof outcome === 'string') failures.push({ position: event.position, reason: outcome });
      else proven.push(outcome);
      onProgress(++checked, sealed.length);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  const first = failures.sort((a, b) => a.position - b.position)[0];
  if (first) return { ok: false, reason: first.reason, position: first.position, checked };
  return {
    ok: true,
    treeSize: checkpoint.treeSize,
    checkpointAt: checkpoint.at,
    keyName: checkpoint.keyName,
    checked,
    notYetSealed: shown.length - sealed.length,
    proven: proven.sort((a, b) => a.position - b.position),
    cosignatures,
  };
}

async function checkOne(
  api: ApiClient,
  event: ShownEvent,
  checkpoint: { treeSize: number; root: Uint8Array },
): Promise<string | ProvenEvent> {
  let answer: InclusionAnswer;
  try {
    answer = await api.get<InclusionAnswer>(
      `/v1/audit/proofs/inclusion?position=${event.position}&treeSize=${checkpoint.treeSize}`,
    );
  } catch (err) {
    if (err instanceof ApiError && err.code === 'event-not-found')
      return `the log holds no such event any more (deleted or moved).`;
    throw err;
  }
  const data = base64ToBytes(answer.leafData);
  const computed = await leafHash(data);
  if (bytesToHex(computed) !== event.leafHash.toLowerCase()) {
    return `the stored event no longer hashes to its leaf hash ${event.leafHash.slice(0, 12)}… (altered after it was recorded).`;
  }
  let stored: ProvenEvent;
  try {
    stored = JSON.parse(new TextDecoder().decode(data)) as typeof stored;
  } catch {
    return `the stored bytes are not an event.`;
  }
  if (stored.position !== event.position || (event.eventId !== undefined && stored.eventId !== event.eventId)) {
    return `the log holds a different event there than the one shown.`;
  }
  if (event.type !== undefined && stored.type !== event.type)
    return `type: the page shows ${event.type} but the log holds ${stored.type}.`;
  const ok = await verifyInclusion(
    answer.leafIndex,
    checkpoint.treeSize,
    computed,
    answer.proof.map(hexToBytes),
    checkpoint.root,
  );
  if (!ok || answer.leafIndex !== event.position - 1 || !equalBytes(hexToBytes(answer.leafHash), computed)) {
    return `its inclusion proof does not lead to the signed root (the log was rewritten).`;
  }
  return stored;
}
