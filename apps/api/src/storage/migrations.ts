import { Migration } from '@accord/event-store';

/**
 * Every library's schema migrations besides the event store's own, applied at start by
 * Storage.open (and by the test databases). Add a library's list here when it gets tables.
 */
export const APP_MIGRATIONS: Migration[] = [];
