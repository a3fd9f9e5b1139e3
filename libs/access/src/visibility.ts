import { createPrincipal, hasRole, isPlatformAdmin, Principal, Role } from './principal';

/**
 * Who sees what (DESIGN §7), decided here and nowhere else.
 *
 * Every record has an audience: the organisations it belongs to. A partnership's audience (and
 * that of its decisions and of their events) is its parties; an organisation's own records (its
 * members, authorities and events) have that organisation as their audience, except that the
 * erasure of a person's personal data also belongs to every party of each partnership that data
 * appeared in, whose systems must purge their copies (the feeds' PartyDirectory works it out);
 * anything else has none. A viewer sees a record when they see everything (auditors and platform admins) or their
 * organisation is in its audience. Callers tell anyone else the record does not exist, so ids
 * cannot be probed.
 *
 * The rule is rendered twice from the same two facts: as a predicate ({@link maySee}) and as SQL
 * ({@link visibleSql}) for readers that filter rows in the database.
 *
 * The viewer is the caller as the ledger has them now ({@link callerAsLedgerSays}), not as their
 * token was issued: a removal or a revoked role takes effect on the next request, and on an open
 * feed at the event that records it ({@link changesStandingOf}).
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

/**
 * {@link maySee} for an audience that costs a read: it is looked up only when the viewer's roles
 * leave the answer open. Answered at once when the audience is (a feed asks per event and
 * subscriber, and an await each would cost more than the decision).
 */
export function maySeeLazily(viewer: Viewer, audience: () => Audience | Promise<Audience>): boolean | Promise<boolean> {
  if (seesEverything(viewer)) return true;
  const known = audience();
  return known instanceof Promise ? known.then((a) => maySee(viewer, a)) : maySee(viewer, known);
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

/**
 * Exempt information (LGA 1972 Schedule 12A, DESIGN §4): only members of the record's own
 * organisations have need to know. Seeing everything is not enough: auditors (a party's own
 * internal auditor too, when reading as one) and platform admins read the commitment and the
 * paragraph, not the value; so does a viewer with no organisation (`null`: an anonymous reader of
 * a public page). Whatever shows a record asks this before opening its exempt values; everyone
 * else gets the withheld form.
 */
export function hasNeedToKnow(viewer: Viewer | null | undefined, audience: Audience): boolean {
  if (viewer == null || viewer.orgId === '' || hasRole(viewer, 'auditor') || isPlatformAdmin(viewer)) return false;
  return audience.includes(viewer.orgId);
}

/**
 * The public: a reader who has not signed in (DESIGN §1 "Council procedure", the public
 * register). In no organisation and with no role, they are in no record's audience, so the rules
 * above grant them nothing and whatever is withheld from a viewer without need to know is withheld
 * from them too; they read only what is published ({@link isPublished}).
 */
export const THE_PUBLIC: Viewer = Object.freeze({ orgId: '', roles: [] });

/**
 * What decides whether a record is published (Local Authorities (Executive Arrangements) (Meetings
 * and Access to Information) (England) Regulations 2012, regs 9, 12 and 13). Only a partnership
 * under council procedure (its terms name key decisions) keeps a public register; in it the forward
 * plan is public as entered, and a decision, with its notice, once it is opened: a draft is the
 * parties' working paper, and one withdrawn as a draft never was public.
 */
export interface PublicationFacts {
  readonly councilProcedure: boolean;
  /** Absent for a record that is not a decision (a forward-plan entry). */
  readonly decisionOpened?: boolean;
}

export function isPublished(facts: PublicationFacts): boolean {
  return facts.councilProcedure && facts.decisionOpened !== false;
}

/**
 * {@link isPublished} as an SQL condition: `partnershipTerms` is the partnership's terms of
 * reference as jsonb, `decisionState` (for a decision's rows) the decision's folded state as jsonb.
 */
export function publishedSql(partnershipTerms: string, decisionState?: string): string {
  const council = `(${partnershipTerms}) ? 'keyDecisions'`;
  return decisionState === undefined ? `(${council})` : `(${council} AND (${decisionState}) ? 'openedAt')`;
}

/** An organisation's accountability report: its own governance readers, and whoever sees everything. */
export function maySeeReportsOf(viewer: Viewer, organisationId: string): boolean {
  return seesEverything(viewer) || (hasRole(viewer, 'governance') && viewer.orgId === organisationId);
}

/**
 * What the ledger records now of a caller in the organisation their token names (DESIGN §7:
 * reads, like writes, check current membership in the ledger).
 * - `member`: a current member, with the roles the ledger grants them;
 * - `removed`: removed and not added again;
 * - `unlisted`: the organisation is in the ledger but has never listed them, so the ledger grants
 *   them nothing;
 * - `outside`: their organisation is not in the ledger at all (the platform's own people: its
 *   admins, an external auditor). The ledger can grant or revoke nothing there, and only a
 *   platform admin brings an organisation into it, so whatever else such a token claims reaches
 *   no organisation's records.
 */
export type Standing =
  | { readonly kind: 'member'; readonly granted: readonly Role[] }
  | { readonly kind: 'removed' }
  | { readonly kind: 'unlisted' }
  | { readonly kind: 'outside' };

/** Roles that are not an organisation's to grant: every member is a `member`; `admin` is the platform's. */
const NOT_GRANTED_IN_THE_LEDGER: readonly Role[] = ['member', 'admin'];

/**
 * The caller as the ledger has them: null (refused) once it shows them removed, on reads and
 * writes alike and before the record asked for is looked up (403 `not-a-member` whatever the id:
 * an answer about the caller, so it tells nothing of which records exist). In an organisation the
 * ledger holds, the token's roles are narrowed to what the ledger grants (a revoked role is gone at
 * once; a token may ask for fewer), so an organisation's roles, its first org-admin's included,
 * are never the token issuer's word; in one it does not hold, they are.
 */
export function callerAsLedgerSays(claims: Principal, standing: Standing): Principal | null {
  switch (standing.kind) {
    case 'removed':
      return null;
    case 'outside':
      return claims;
    case 'unlisted':
    case 'member': {
      const granted = standing.kind === 'member' ? standing.granted : [];
      const roles = claims.roles.filter((role) => NOT_GRANTED_IN_THE_LEDGER.includes(role) || granted.includes(role));
      return roles.length === claims.roles.length ? claims : createPrincipal({ ...claims, roles });
    }
  }
}

/** The events by which the ledger takes access away from a person. */
export const STANDING_EVENT_TYPES: readonly string[] = ['MemberRemoved', 'RoleRevoked'];

/**
 * The event changes what the ledger grants `caller` (their removal, a role revoked), so whoever
 * serves them a stream looks their standing up again before sending anything after it.
 */
export function changesStandingOf(
  caller: Pick<Principal, 'personId' | 'orgId'>,
  event: { readonly type: string; readonly data: unknown },
): boolean {
  if (!STANDING_EVENT_TYPES.includes(event.type)) return false;
  const data = event.data as { organisationId?: unknown; personId?: unknown } | null;
  return data?.organisationId === caller.orgId && data?.personId === caller.personId;
}
