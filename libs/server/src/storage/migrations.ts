import { Migration } from '@accord/event-store';
import { FEEDS_MIGRATIONS } from '@accord/feeds';
import { AUDIT_MIGRATIONS } from '@accord/audit/postgres';
import { PROJECTION_MIGRATIONS } from '@accord/projections';

/**
 * Every library's schema migrations besides the event store's own, applied at start by
 * Storage.open (and by the test databases). Add a library's list here when it gets tables.
 */
export const APP_MIGRATIONS: Migration[] = [...PROJECTION_MIGRATIONS, ...AUDIT_MIGRATIONS, ...FEEDS_MIGRATIONS];
