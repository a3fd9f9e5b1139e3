import { Injectable } from '@nestjs/common';
import type {
  PublicDecision,
  PublicForwardPlanEntry,
  PublicNotice,
  PublicPage,
  PublicPartnership,
  PublicPartnershipList,
  PublicPerson,
} from '@accord/contracts';
import { DecisionNoticePublishedData, ErrorCode } from '@accord/domain';
import {
  Names,
  PublishedDecision,
  PublishedDecisionFilter,
  readPublicPartnership,
  readPublicPartnerships,
  readPublishedDecisions,
  readPublishedForwardPlan,
  readPublishedNotices,
} from '@accord/projections';
import { NotFoundError } from '@accord/platform';
import { Storage } from '@accord/server';
import { AtomEntry, renderAtom } from './atom';
import { ReadModel } from './read-positions';
import { decodeCursor, encodeCursor } from './register-cursor';

/** Read models the public register reads: its answers change only when one of their checkpoints moves. */
export const PUBLIC_REGISTER_MODELS: readonly ReadModel[] = [
  'partnerships',
  'decisions',
  'decision-notices',
  'forward-plan',
  'directory',
];

/** Entries in a partnership's Atom feed: its newest notices and forward-plan entries. */
export const FEED_ENTRIES = 50;

/** Decisions read per query when the whole published register is streamed (open data). */
const STREAM_BATCH = 500;

type PublishedRows = (PublishedDecision & { position: number })[];

export interface PageRequest {
  limit: number;
  cursor?: string;
}

const notFound = (partnershipId: string) =>
  new NotFoundError(ErrorCode.PartnershipNotFound, `Partnership ${partnershipId} keeps no public register`, {
    partnershipId,
  });

/**
 * The public register (DESIGN §1 "Council procedure"): for a reader who has not signed in, what
 * the visibility policy publishes (libs/access `isPublished`), naming people only by name and role.
 * A partnership that keeps no public register is not found, as one that does not exist.
 */
@Injectable()
export class PublicRegisterViews {
  constructor(private readonly storage: Storage) {}

  async partnerships(limit: number): Promise<PublicPartnershipList> {
    const rows = await readPublicPartnerships(this.storage.readPool, limit);
    const names = await Names.load(this.storage.readPool, { orgIds: rows.flatMap((r) => r.parties) });
    return { items: rows.map((r) => publicPartnership(r, names)) };
  }

  async decisions(
    partnershipId: string,
    page: PageRequest,
    filter: PublishedDecisionFilter = {},
  ): Promise<PublicPage<PublicDecision>> {
    const partnership = await this.partnership(partnershipId);
    const rows = await readPublishedDecisions(this.storage.readPool, partnershipId, this.page(page), filter);
    return this.paged(partnership, rows, page.limit, publicDecision);
  }

  /**
   * Every published decision the filter keeps, newest draft first, as the pages above list them:
   * read in batches by drafting position (no connection held while the client reads), each batch
   * opened (DESIGN §4) before it is yielded. A decision drafted while this runs is not in it.
   * The next batch is read while this one is opened and written out: read one after the other,
   * the export waited on the database about as long as it worked.
   */
  async *allDecisions(partnershipId: string, filter: PublishedDecisionFilter): AsyncGenerator<PublicDecision[]> {
    const read = (before: number | undefined): Promise<PublishedRows> => {
      const batch = readPublishedDecisions(
        this.storage.readPool,
        partnershipId,
        { before, limit: STREAM_BATCH },
        filter,
      );
      // Awaited below; a client gone before then must not leave its failure unhandled.
      batch.catch(() => undefined);
      return batch;
    };
    for (let next: Promise<PublishedRows> | undefined = read(undefined); next !== undefined;) {
      const rows: PublishedRows = await next;
      next = rows.length < STREAM_BATCH ? undefined : read(rows[rows.length - 1].position);
      if (rows.length > 0) yield await this.storage.personalData.open(rows.map(publicDecision));
    }
  }

  async notices(partnershipId: string, page: PageRequest): Promise<PublicPage<PublicNotice>> {
    const partnership = await this.partnership(partnershipId);
    const rows = await readPublishedNotices(this.storage.readPool, partnershipId, this.page(page));
    const names = await this.namesIn(rows.slice(0, page.limit).map((r) => r.notice));
    return this.paged(partnership, rows, page.limit, (r) => publicNotice(r.notice, names));
  }

  async forwardPlan(partnershipId: string, page: PageRequest): Promise<PublicPage<PublicForwardPlanEntry>> {
    const partnership = await this.partnership(partnershipId);
    const rows = await readPublishedForwardPlan(this.storage.readPool, partnershipId, this.page(page));
    return this.paged(partnership, rows, page.limit, (r) => r.entry);
  }

  /** The newest notices and forward-plan entries as an Atom feed (RFC 4287). */
  async feed(partnershipId: string, selfHref: string): Promise<string> {
    const partnership = await this.partnership(partnershipId);
    const page = { limit: FEED_ENTRIES };
    const [notices, plan] = await Promise.all([
      readPublishedNotices(this.storage.readPool, partnershipId, page),
      readPublishedForwardPlan(this.storage.readPool, partnershipId, page),
    ]);
    const names = await this.namesIn(notices.map((r) => r.notice));
    // Names are sealed personal data in the read models (DESIGN §4): opened before they become text.
    const opened = await this.storage.personalData.open(notices.map((r) => publicNotice(r.notice, names)));
    const entries = [
      ...notices.map((r, i) => ({ position: r.position, entry: noticeEntry(opened[i]) })),
      ...plan.map((r) => ({ position: r.position, entry: forwardPlanEntry(r.entry) })),
    ]
      .sort((a, b) => b.position - a.position)
      .slice(0, FEED_ENTRIES)
      .map((e) => e.entry);
    return renderAtom({
      id: `urn:accord:public-register:${partnershipId}`,
      title: `${partnership.title}: public register`,
      subtitle: 'Decision notices and forward plan (Local Authorities (Executive Arrangements) Regulations 2012)',
      author: partnership.title,
      selfHref,
      updated: entries.reduce((latest, e) => (e.updated > latest ? e.updated : latest), '1970-01-01T00:00:00.000Z'),
      entries,
    });
  }

  /** A partnership that keeps a public register; partnership-not-found for any other. */
  async partnership(partnershipId: string): Promise<PublicPartnership> {
    const row = await readPublicPartnership(this.storage.readPool, partnershipId);
    if (row === undefined) throw notFound(partnershipId);
    return publicPartnership(row, await Names.load(this.storage.readPool, { orgIds: row.parties }));
  }

  private page(page: PageRequest): { before?: number; limit: number } {
    return { before: page.cursor === undefined ? undefined : decodeCursor(page.cursor), limit: page.limit + 1 };
  }

  private paged<R extends { position: number }, T>(
    partnership: PublicPartnership,
    rows: R[],
    limit: number,
    view: (row: R) => T,
  ): PublicPage<T> {
    const page = rows.slice(0, limit);
    return {
      partnership,
      items: page.map(view),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].position) : null,
    };
  }

  private namesIn(notices: DecisionNoticePublishedData[]): Promise<Names> {
    const people = notices.flatMap((n) => [
      n.publishedBy,
      ...n.interests.flatMap((i) => (i.dispensation ? [i, i.dispensation.grantedBy] : [i])),
    ]);
    return Names.load(this.storage.readPool, {
      orgIds: people.map((p) => p.orgId),
      personIds: people.map((p) => p.personId),
    });
  }
}

function publicPartnership(
  row: { partnership_id: string; title: string; status: string; parties: string[] },
  names: Names,
): PublicPartnership {
  return {
    partnershipId: row.partnership_id,
    title: row.title,
    status: row.status,
    parties: row.parties.map((orgId) => ({ name: names.organisationName(orgId) })),
  };
}

function publicPerson(names: Names, who: { personId: string; orgId: string }): PublicPerson {
  return {
    name: names.displayName(who.orgId, who.personId),
    role: names.jobTitle(who.orgId, who.personId),
    organisation: names.organisationName(who.orgId),
  };
}

function publicDecision(d: PublishedDecision): PublicDecision {
  return {
    decisionId: d.decisionId,
    title: d.title,
    status: d.status,
    category: d.category ?? null,
    valuePence: d.valuePence ?? null,
    openedAt: d.openedAt ?? null,
    closesAt: d.closesAt ?? null,
    resolvedAt: d.resolvedAt ?? null,
    keyDecision: d.keyDecision ?? null,
    outcome: d.outcome
      ? {
          statement: d.outcome.statement,
          reasons: [...d.outcome.reasons],
          alternativesRejected: [...d.outcome.alternativesRejected],
        }
      : null,
    noticePublishedAt: d.noticePublishedAt ?? null,
    callIn: {
      until: d.callInUntil ?? null,
      calledInAt: d.calledInAt ?? null,
      endedAt: d.callInEndedAt ?? null,
      scrutinyOutcome: d.scrutinyOutcome ?? null,
      reconsideredAt: d.reconsideredAt ?? null,
    },
    implementedAt: d.implementedAt ?? null,
    supersededBy: d.supersededBy ?? null,
  };
}

// The nature of an interest and a dispensation's reason are about the person, not the office:
// the notice says that an interest was declared and who dispensed it, as reg 13 asks.
function publicNotice(n: DecisionNoticePublishedData, names: Names): PublicNotice {
  return {
    decisionId: n.decisionId,
    title: n.title,
    decision: n.decision,
    decidedAt: n.decidedAt,
    statement: n.statement,
    reasons: n.reasons,
    alternativesRejected: n.alternativesRejected,
    interests: n.interests.map((i) => ({
      member: publicPerson(names, i),
      dispensationGrantedBy: i.dispensation ? publicPerson(names, i.dispensation.grantedBy) : null,
    })),
    keyDecision: n.keyDecision ?? null,
    callInUntil: n.callInUntil ?? null,
    callInExemptReason: n.callInExemptReason ?? null,
    publishedAt: n.publishedAt,
    publishedBy: publicPerson(names, n.publishedBy),
  };
}

function noticeEntry(n: PublicNotice): AtomEntry {
  const lines = [
    `Decision: ${n.decision} on ${n.decidedAt.slice(0, 10)}.`,
    n.statement,
    ...n.reasons.map((r) => `Reason: ${r}`),
    ...n.alternativesRejected.map((a) => `Alternative considered and rejected: ${a}`),
    ...n.interests.map(
      (i) =>
        `Interest declared by ${personLine(i.member)}${i.dispensationGrantedBy ? `; dispensation granted by ${personLine(i.dispensationGrantedBy)}` : ''}.`,
    ),
    ...(n.keyDecision ? [`Key decision, taken on: ${n.keyDecision}.`] : []),
    ...(n.callInUntil ? [`May be called in until ${n.callInUntil}.`] : []),
    ...(n.callInExemptReason ? [`Exempt from call-in: ${n.callInExemptReason}`] : []),
  ];
  return {
    id: `urn:accord:decision-notice:${n.decisionId}`,
    title: `Decision notice: ${n.title}`,
    updated: n.publishedAt,
    category: 'decision-notice',
    content: lines.join('\n'),
  };
}

function forwardPlanEntry(e: PublicForwardPlanEntry): AtomEntry {
  return {
    id: `urn:accord:forward-plan:${e.decisionId}`,
    title: `Forward plan: ${e.item}`,
    updated: e.publishedAt,
    category: 'forward-plan',
    content: [
      `${e.key ? 'Key decision' : 'Decision'} expected on ${e.expectedDate}, by ${e.decisionMaker}.`,
      ...e.documents.map((d) => `Document: ${d}`),
    ].join('\n'),
  };
}

function personLine(p: PublicPerson): string {
  return [p.name ?? 'a member', p.role, p.organisation].filter((s) => s !== undefined).join(', ');
}
