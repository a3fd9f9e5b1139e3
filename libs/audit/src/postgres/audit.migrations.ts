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
  {
    version: 201,
    name: 'cosignatures from the witnesses and how far each got',
    sql: `
      -- A witness's cosignature/v1 line(s) on a checkpoint, exactly as it answered and checked
      -- against its vkey; written once, in the transaction that moves witness_progress.
      CREATE TABLE checkpoint_cosignatures (
        tree_size bigint NOT NULL REFERENCES checkpoints (tree_size),
        vkey text NOT NULL,
        lines text NOT NULL,
        cosigned_at timestamptz NOT NULL,
        PRIMARY KEY (tree_size, vkey)
      );

      -- Per witness (by vkey): the largest size it cosigned for this log, and when to ask again.
      CREATE TABLE witness_progress (
        vkey text PRIMARY KEY,
        cosigned_size bigint NOT NULL DEFAULT 0,
        cosigned_at timestamptz,
        failures integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        -- The size the witness last said it holds (409), when it said.
        reported_size bigint
      );
    `,
  },
  {
    version: 202,
    name: 'every stream head at the latest checkpoint',
    sql: `
      -- The last event of every stream at tree size merkle_head.heads_size (the latest checkpoint
      -- that commits to them): the leaves of its accord-stream-heads extension line, ord being the
      -- leaf index (streams in order of first appearance). Moves with the checkpoint, in its
      -- transaction; the sealer rebuilds the rest from the log after a restart.
      CREATE TABLE stream_heads (
        stream_id text PRIMARY KEY,
        ord bigint NOT NULL UNIQUE CHECK (ord >= 0),
        revision bigint NOT NULL CHECK (revision >= 1),
        leaf_hash bytea NOT NULL CHECK (length(leaf_hash) = 32)
      );
      ALTER TABLE merkle_head ADD COLUMN heads_size bigint NOT NULL DEFAULT 0;
    `,
  },
];
