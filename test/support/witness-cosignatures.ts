import { checkCosignature, parseSignedNote, witnessKeyFromVkey } from '@accord/audit';
import type { ApiHarness } from './api-harness';
import type { WitnessProcess } from './witness-processes';

/** Polls (bounded, about 30 s) until `done` holds: the log submits checkpoints to its witnesses in the background. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  let value = await read();
  for (let attempt = 0; attempt < 300 && !done(value); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** The parties whose witness validly cosigned the latest checkpoint, once it seals the whole log (else none). */
export async function cosignedAtHead(api: ApiHarness, witnesses: readonly WitnessProcess[]): Promise<string[]> {
  const latest = (await api.request('GET', '/v1/audit/checkpoints/latest')).body;
  const { head } = (await api.request('GET', '/health/feeds')).body as { head: number };
  if (latest.treeSize !== head) return [];
  const note = parseSignedNote(latest.note as string);
  return witnesses
    .filter((w) => checkCosignature(note, witnessKeyFromVkey(w.vkey)).status === 'valid')
    .map((w) => w.party);
}
