import { hasRole, isPlatformAdmin, Principal } from './principal';

/**
 * Who sees what (DESIGN §7), decided here and nowhere else.
 *
 * Every record has an audience: the organisations it belongs to. A partnership's audience (and
 * that of its decisions and of their events) is its parties; an organisation's own records (its
 * members, authorities and events) have that organisation as their audience; anything else has
 * none. A viewer sees a record when they see everything (auditors and platform admins) or their
 * organisation is in its audience. Callers tell anyone else the record does not exist, so ids
 * cannot be probed.
 *
 * The rule is rendered twice from the same two facts: as a predicate ({@link maySee}) and as SQL
 * ({@link visibleSql}) for readers that filter rows in the database.
 */
export type Viewer = Pick<Principal, 'orgId' | 'roles'>;

/** The organisations a record belongs to. */
export type Audience = readonly string[];

/** Auditors and platform admins see every organisation, partnership and event. */
export function seesEverything(viewer: Viewer): boolean {
  return isPlatformAdmin(viewer) || hasRole(viewer, 'auditor');
}

export function maySee(viewer: Viewer, audience: Audience): boolean {
  return seesEverything(viewer) || audience.includes(viewer.orgId);
}

/** {@link maySee} for an audience that costs a read: it is looked up only when the viewer's roles leave the answer open. */
export async function maySeeLazily(viewer: Viewer, audience: () => Audience | Promise<Audience>): Promise<boolean> {
  return seesEverything(viewer) || maySee(viewer, await audience());
}

/** The viewer as the one SQL parameter {@link visibleSql} reads: null for one who sees everything, else their organisation. */
export function viewerScope(viewer: Viewer): string | null {
  return seesEverything(viewer) ? null : viewer.orgId;
}

/**
 * The rule as an SQL condition on a row. `scope` is the placeholder bound to
 * {@link viewerScope}; `inAudience(org)` renders SQL that holds when the organisation `org` (an
 * SQL text expression) is in the row's audience. The reader that owns the tables supplies it.
 */
export function visibleSql(scope: string, inAudience: (org: string) => string): string {
  return `(${scope}::text IS NULL OR ${inAudience(scope)})`;
}

/** An organisation's accountability report: its own governance readers, and whoever sees everything. */
export function maySeeReportsOf(viewer: Viewer, organisationId: string): boolean {
  return seesEverything(viewer) || (hasRole(viewer, 'governance') && viewer.orgId === organisationId);
}
