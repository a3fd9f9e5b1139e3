import { Migration } from '@accord/event-store';

/** The audit log's tables (versions 200–299 belong to the audit library). */
export const AUDIT_MIGRATIONS: Migration[] = [
  {
    version: 200,
    name: 'merkle tree and signed checkpoints',
    sql: `
      -- Perfect subtrees of the RFC 9162 tree, level >= 1 (level 0 is the log's leaf hash at
      -- position idx + 1). Written once, never updated.
      CREATE TABLE merkle_nodes (
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 63),
        idx bigint NOT NULL CHECK (idx >= 0),
        hash bytea NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, idx)
      );

      -- How far the sealer got; moves in the same transaction as the nodes it adds.
      CREATE TABLE merkle_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        tree_size bigint NOT NULL,
        root bytea NOT NULL CHECK (length(root) = 32),
        sealed_at timestamptz NOT NULL DEFAULT now()
      );
      INSERT INTO merkle_head (tree_size, root) VALUES (0, sha256(''::bytea));

      CREATE TABLE checkpoints (
        tree_size bigint PRIMARY KEY,
        root bytea NOT NULL CHECK (length(root) = 32),
        -- The C2SP signed note, exactly as signed and served.
        note text NOT NULL,
        vkey text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];
