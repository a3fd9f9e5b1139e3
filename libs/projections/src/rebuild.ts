import { Pool } from 'pg';
import { EventStore } from '@accord/event-store';
import { Projection } from './projection';
import { BatchResult, catchUp, resetProjection } from './projection-runner';

export interface RebuildProgress {
  projection: string;
  position: number;
  head: number;
  applied: number;
  seconds: number;
}

/**
 * Rebuilds a read model from position 1: empties it and zeroes its checkpoint in one
 * transaction, then applies the whole log batch by batch. Safe while the API runs the same
 * projection: every batch, here or there, is applied under the checkpoint row's lock and only
 * if the checkpoint is where the batch starts, so the two share the work and never apply an
 * event twice (the leader simply finds the checkpoint moved and reads on from it).
 */
export async function rebuildProjection(
  pool: Pool,
  store: EventStore,
  projection: Projection,
  onProgress?: (progress: RebuildProgress) => void,
  batchSize?: number,
): Promise<RebuildProgress> {
  const started = process.hrtime.bigint();
  await resetProjection(pool, projection);
  let applied = 0;
  let head = await store.headPosition();
  const report = (result: BatchResult | null): RebuildProgress => ({
    projection: projection.name,
    position: result?.position ?? 0,
    head,
    applied,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  });
  let last: RebuildProgress = report(null);
  await catchUp(pool, store, projection, {
    batchSize,
    onBatch: (result) => {
      applied += result.applied;
      head = Math.max(head, result.position);
      last = report(result);
      onProgress?.(last);
    },
  });
  return last;
}
