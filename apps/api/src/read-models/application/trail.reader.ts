import { Injectable } from '@nestjs/common';
import { maySee, Principal } from '@accord/access';
import { TrailLine } from '@accord/contracts';
import { ErrorCode } from '@accord/domain';
import { StoredEvent } from '@accord/event-store';
import {
  Names,
  readDecisionParties,
  readErasuresOf,
  readPartnershipParties,
  readTrail,
  renderTrailLine,
  trailEntryOf,
  TrailSubject,
} from '@accord/projections';
import { NotFoundError } from '@accord/platform';
import { Storage } from '@accord/server';
import { ReadPositions } from './read-positions';

/** A page of a trail; `asOf` and `at` as the query's (DESIGN §5 "Two clocks"). */
export interface TrailPage {
  after?: number;
  limit: number;
  minPosition?: number;
  asOf?: Date;
  at?: Date;
}

/** The page a trail query asks for. */
export function trailPage(query: {
  after?: number;
  limit?: number;
  minPosition?: number;
  asOf?: string;
  at?: string;
}): TrailPage {
  return {
    after: query.after,
    limit: query.limit ?? 200,
    minPosition: query.minPosition,
    ...(query.asOf ? { asOf: new Date(query.asOf) } : {}),
    ...(query.at ? { at: new Date(query.at) } : {}),
  };
}

/**
 * The audit trail: one readable line per event, oldest first, with the position, event id and
 * leaf hash an auditor checks against the verifiable log. Lines are rendered from the stored
 * events on read (the index only says which positions concern whom), so they always show the
 * event as recorded.
 */
@Injectable()
export class TrailReader {
  constructor(
    private readonly storage: Storage,
    private readonly positions: ReadPositions,
  ) {}

  async trail(caller: Principal, subject: TrailSubject, page: TrailPage) {
    const position = await this.positions.await(
      ['trail', 'partnerships', 'decisions', 'directory', 'erasures'],
      page.minPosition,
    );
    const pool = this.storage.readPool;
    if (subject.kind === 'partnership') {
      const parties = await readPartnershipParties(pool, subject.id);
      if (parties === undefined || !maySee(caller, parties))
        throw new NotFoundError(ErrorCode.PartnershipNotFound, `Partnership ${subject.id} not found`);
    } else if (subject.kind === 'decision') {
      const parties = await readDecisionParties(pool, subject.id);
      if (parties === undefined || !maySee(caller, parties))
        throw new NotFoundError(ErrorCode.DecisionNotFound, `Decision ${subject.id} not found`);
    }
    const { events, more } = await readTrail(pool, caller, subject, {
      after: page.after ?? 0,
      limit: page.limit,
      ...(page.asOf === undefined ? {} : { asOf: page.asOf }),
      ...(page.at === undefined ? {} : { at: page.at }),
    });
    const [names, erasures] = await Promise.all([this.namesFor(events), readErasuresOf(pool, events)]);
    const lines: TrailLine[] = events.map((e) => ({
      position: e.position,
      eventId: e.eventId,
      leafHash: e.leafHash,
      recordedAt: e.recordedAt,
      occurredAt: e.metadata.occurredAt ?? e.recordedAt,
      type: e.type,
      streamId: e.streamId,
      line: renderTrailLine(e, names),
      ...erasures.fieldOf(e),
    }));
    return { subject, lines, nextAfter: more ? lines[lines.length - 1].position : null, position };
  }

  private namesFor(events: StoredEvent[]): Promise<Names> {
    const orgIds = new Set<string>();
    const personIds = new Set<string>();
    const partnershipIds = new Set<string>();
    const decisionIds = new Set<string>();
    for (const e of events) {
      orgIds.add(e.metadata.actor.orgId);
      personIds.add(e.metadata.actor.personId);
      const d = e.data as Record<string, unknown>;
      for (const key of ['party', 'ownerParty', 'orgId', 'organisationId'])
        if (typeof d[key] === 'string') orgIds.add(d[key] as string);
      for (const party of Array.isArray(d.parties) ? d.parties : []) if (typeof party === 'string') orgIds.add(party);
      const refusal = d.refusal as { party?: string } | undefined;
      if (refusal?.party) orgIds.add(refusal.party);
      const entry = trailEntryOf(e);
      if (entry.partnership_id) partnershipIds.add(entry.partnership_id);
      if (entry.decision_id) decisionIds.add(entry.decision_id);
    }
    return Names.load(this.storage.readPool, { orgIds, personIds, partnershipIds, decisionIds });
  }
}
