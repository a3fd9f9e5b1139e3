// The audit log's PostgreSQL side: the sealer that builds and signs the tree, the node store,
// the log of checkpoints and proofs, the exporter. Apart from the pure index so the offline
// verifier never pulls in a database driver.
export * from './audit-log';
export * from './audit-signing-key';
export * from './audit.migrations';
export * from './bundle-exporter';
export * from './log-verification';
export * from './merkle-sealer';
export * from './postgres-node-reader';
export * from './witness-submitter';
