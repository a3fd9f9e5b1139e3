import { Injectable } from '@nestjs/common';
import { Principal } from '@accord/access';
import { TrailLine } from '@accord/contracts';
import { ErrorCode, streamIdOf } from '@accord/domain';
import { logSelect, parseStoredEvent, StoredEvent } from '@accord/event-store';
import { renderTrailLine, trailEntryOf } from '@accord/projections';
import { NotFoundError } from '@accord/platform';
import { Storage } from '@accord/server';
import { Names } from './names';
import { ReadPositions } from './read-positions';
import { maySeeParties, seesAll } from './scope';

export type TrailSubject =
  { kind: 'partnership'; id: string } | { kind: 'decision'; id: string } | { kind: 'person'; id: string };

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

  async trail(caller: Principal, subject: TrailSubject, page: { after?: number; limit: number; minPosition?: number }) {
    const position = await this.positions.await(['trail', 'partnerships', 'decisions', 'directory'], page.minPosition);
    const pool = this.storage.pool;
    const params: unknown[] = [subject.id, page.after ?? 0, page.limit + 1];
    let where: string;
    if (subject.kind === 'partnership') {
      await this.assertVisible(caller, 'partnership', subject.id);
      where = 't.partnership_id = $1';
    } else if (subject.kind === 'decision') {
      await this.assertVisible(caller, 'decision', subject.id);
      where = 't.decision_id = $1';
    } else {
      // A person's acts across partnerships: only those in partnerships the caller may see, and
      // organisation events of the caller's own organisation.
      params.push(seesAll(caller), caller.orgId, streamIdOf('organisation', caller.orgId));
      where = `t.person_ids @> ARRAY[$1]::text[] AND ($4::boolean
        OR (t.partnership_id IS NULL AND e.stream_id = $6)
        OR t.partnership_id IN (SELECT partnership_id FROM rm_partnerships WHERE parties @> ARRAY[$5]::text[]))`;
    }
    const { rows } = await pool.query<{ canonical_text: string; leaf_hash_hex: string }>(
      `SELECT e.canonical_text, e.leaf_hash_hex
       FROM rm_trail t JOIN ${logSelect(['position', 'stream_id', 'canonical_text', 'leaf_hash_hex'])} e ON e.position = t.position
       WHERE ${where} AND t.position > $2 ORDER BY t.position LIMIT $3`,
      params,
    );
    const events = rows.slice(0, page.limit).map((r) => parseStoredEvent(r.canonical_text, r.leaf_hash_hex));
    const names = await this.namesFor(events);
    const lines: TrailLine[] = events.map((e) => ({
      position: e.position,
      eventId: e.eventId,
      leafHash: e.leafHash,
      recordedAt: e.recordedAt,
      type: e.type,
      streamId: e.streamId,
      line: renderTrailLine(e, names),
    }));
    return { subject, lines, nextAfter: rows.length > page.limit ? lines[lines.length - 1].position : null, position };
  }

  private async assertVisible(caller: Principal, kind: 'partnership' | 'decision', id: string): Promise<void> {
    const sql =
      kind === 'partnership'
        ? 'SELECT parties FROM rm_partnerships WHERE partnership_id = $1'
        : 'SELECT p.parties FROM rm_decisions d JOIN rm_partnerships p USING (partnership_id) WHERE d.decision_id = $1';
    const { rows } = await this.storage.pool.query<{ parties: string[] }>(sql, [id]);
    if (rows.length === 0 || !maySeeParties(caller, rows[0].parties))
      throw kind === 'partnership'
        ? new NotFoundError(ErrorCode.PartnershipNotFound, `Partnership ${id} not found`)
        : new NotFoundError(ErrorCode.DecisionNotFound, `Decision ${id} not found`);
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
    return Names.load(this.storage.pool, { orgIds, personIds, partnershipIds, decisionIds });
  }
}
