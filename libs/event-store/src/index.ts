export * from './event-store.port';
export * from './event-store.errors';
export { validateStreamId, MAX_STREAM_ID_LENGTH } from './envelope';
export * from './postgres/postgres-event-store';
export * from './postgres/migrations';
export * from './postgres/pg-errors';
export * from './postgres/embedded-postgres';
export * from './postgres/create-pool';
export * from './postgres/leader-lock';
