import { Pool, PoolClient } from 'pg';
import { MissingNodeError, NodeKey, NodeReader } from '@accord/audit';
import { logSelect } from '@accord/event-store';

const LEAVES = logSelect(['position', 'leaf_hash']);

/**
 * Serves stored Merkle nodes: level 0 from the log's leaf hashes (leaf i is position i + 1), higher
 * levels from merkle_nodes. One round trip per call, as proofs ask for all their nodes at once.
 */
export class PostgresNodeReader implements NodeReader {
  constructor(private readonly db: Pool | PoolClient) {}

  async getNodes(keys: readonly NodeKey[]): Promise<Buffer[]> {
    if (keys.length === 0) return [];
    const levels = keys.map((k) => k.level);
    const indexes = keys.map((k) => k.index);
    const { rows } = await this.db.query<{ level: number; idx: number; hash: Buffer }>(
      `WITH wanted AS (SELECT * FROM unnest($1::smallint[], $2::bigint[]) AS w(level, idx))
       SELECT w.level, w.idx, e.leaf_hash AS hash FROM wanted w JOIN ${LEAVES} e ON w.level = 0 AND e.position = w.idx + 1
       UNION ALL
       SELECT w.level, w.idx, n.hash FROM wanted w JOIN merkle_nodes n ON w.level > 0 AND n.level = w.level AND n.idx = w.idx`,
      [levels, indexes],
    );
    const found = new Map(rows.map((r) => [`${r.level}/${r.idx}`, r.hash]));
    return keys.map((key) => {
      const hash = found.get(`${key.level}/${key.index}`);
      if (hash === undefined) throw new MissingNodeError(key);
      return hash;
    });
  }

  /**
   * The stored interior nodes whose last leaf is among leaves [start, end): at each level L ≥ 1,
   * indexes floor(start / 2^L) up to floor(end / 2^L), read as one index range per level rather
   * than a probe per node. Slot `index - first` of a level holds the node's hash, or nothing when
   * it is not stored.
   */
  async completedIn(
    start: number,
    end: number,
  ): Promise<Map<number, { first: number; hashes: (Buffer | undefined)[] }>> {
    const levels = new Map<number, { first: number; hashes: (Buffer | undefined)[] }>();
    for (let level = 1; 2 ** level <= end; level++) {
      const first = Math.floor(start / 2 ** level);
      const count = Math.floor(end / 2 ** level) - first;
      if (count > 0) levels.set(level, { first, hashes: new Array<Buffer | undefined>(count) });
    }
    if (levels.size === 0) return levels;
    const { rows } = await this.db.query<{ level: number; idx: number; hash: Buffer }>(
      `SELECT n.level, n.idx, n.hash
       FROM unnest($1::smallint[], $2::bigint[], $3::bigint[]) AS w(level, first, stop)
       JOIN merkle_nodes n ON n.level = w.level AND n.idx >= w.first AND n.idx < w.stop`,
      [
        [...levels.keys()],
        [...levels.values()].map((l) => l.first),
        [...levels.values()].map((l) => l.first + l.hashes.length),
      ],
    );
    for (const row of rows) {
      const level = levels.get(row.level) as { first: number; hashes: (Buffer | undefined)[] };
      level.hashes[row.idx - level.first] = row.hash;
    }
    return levels;
  }
}
