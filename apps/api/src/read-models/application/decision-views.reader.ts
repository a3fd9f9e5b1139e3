import { Injectable } from '@nestjs/common';
import { maySee, Principal } from '@accord/access';
import { ErrorCode } from '@accord/domain';
import {
  Names,
  readActsOfDecision,
  readDecisionRecord,
  readErasures,
  readRegister,
  readVisiblePartnerships,
  replayPartnershipAsOf,
} from '@accord/projections';
import { NotFoundError } from '@accord/platform';
import { Storage } from '@accord/server';
import { actView, idsInActs, RegisterEntry, registerEntry } from './decision-entries';
import { ReadPositions } from './read-positions';
import { decodeCursor, encodeCursor } from './register-cursor';
import { decisionThen, Then, thenView } from './then';

export interface RegisterFilter {
  partnershipId?: string;
  status?: string;
  category?: string;
  party?: string;
  /** Period: decisions resolved (or, if unresolved, drafted) at or after `from` and before `to`. */
  from?: Date;
  to?: Date;
  limit: number;
  cursor?: string;
  minPosition?: number;
  /** As the ledger said then (recordedAt); DESIGN §5 "Two clocks". */
  asOf?: Date;
  /** As it had happened by then (occurredAt). */
  at?: Date;
}

const notFound = (id: string) => new NotFoundError(ErrorCode.DecisionNotFound, `Decision ${id} not found`);

/** The decision register (filters, cursor paging) and the full record of one decision. */
@Injectable()
export class DecisionViews {
  constructor(
    private readonly storage: Storage,
    private readonly positions: ReadPositions,
  ) {}

  async register(
    caller: Principal,
    filter: RegisterFilter,
  ): Promise<{ items: RegisterEntry[]; nextCursor: string | null; position: number }> {
    const position = await this.positions.await(['decisions', 'partnerships'], filter.minPosition);
    if (filter.asOf !== undefined || filter.at !== undefined) return this.registerThen(caller, filter, position);
    const rows = await readRegister(this.storage.readPool, caller, {
      partnershipId: filter.partnershipId,
      status: filter.status,
      category: filter.category,
      party: filter.party,
      from: filter.from,
      to: filter.to,
      draftedBefore: filter.cursor ? decodeCursor(filter.cursor) : undefined,
      limit: filter.limit + 1,
    });
    const page = rows.slice(0, filter.limit);
    const names = await Names.load(this.storage.readPool, { partnershipIds: page.map((r) => r.partnership_id) });
    return {
      items: page.map((r) => registerEntry(r, names.partnershipTitle(r.partnership_id))),
      nextCursor: rows.length > filter.limit ? encodeCursor(Number(page[page.length - 1].drafted_position)) : null,
      position,
    };
  }

  /**
   * The register as it stood on the two clocks: each visible partnership in the filter replayed
   * from the log (replayPartnershipAsOf) and its decisions listed as the live register lists them,
   * newest drafted first, with the same filters and cursor (the position a decision was drafted at).
   */
  private async registerThen(
    caller: Principal,
    filter: RegisterFilter,
    position: number,
  ): Promise<{ items: RegisterEntry[]; nextCursor: string | null; position: number }> {
    const partnerships = (await readVisiblePartnerships(this.storage.readPool, caller)).filter(
      (p) =>
        (filter.partnershipId === undefined || p.partnership_id === filter.partnershipId) &&
        (filter.party === undefined || p.parties.includes(filter.party)),
    );
    const draftedBefore = filter.cursor ? decodeCursor(filter.cursor) : undefined;
    const asOf = filter.asOf ?? new Date();
    const entries: (RegisterEntry & { draftedPosition: number })[] = [];
    for (const p of partnerships) {
      const replayed = await replayPartnershipAsOf(
        this.storage.readPool,
        p.partnership_id,
        asOf,
        filter.at === undefined ? {} : { at: filter.at },
      );
      for (const d of replayed.decisions.values()) {
        const draft = replayed.drafted.get(d.decisionId);
        if (draft === undefined || (draftedBefore !== undefined && draft.position >= draftedBefore)) continue;
        if (filter.status !== undefined && d.status !== filter.status) continue;
        if (filter.category !== undefined && d.category !== filter.category) continue;
        const when = Date.parse(d.resolvedAt ?? draft.occurredAt);
        if (filter.from !== undefined && when < filter.from.getTime()) continue;
        if (filter.to !== undefined && when >= filter.to.getTime()) continue;
        entries.push({
          decisionId: d.decisionId,
          partnershipId: p.partnership_id,
          partnershipTitle: replayed.partnership.title || p.title,
          title: d.title,
          status: d.status,
          category: d.category ?? null,
          valuePence: d.valuePence ?? null,
          approvalRule: d.approvalRule,
          draftedAt: new Date(draft.occurredAt).toISOString(),
          closesAt: d.closesAt ?? null,
          resolvedAt: d.resolvedAt ?? null,
          signedOffBy: Object.keys(d.signOffs),
          outcomeRecorded: d.outcome !== undefined,
          callInEndedAt: d.callInEndedAt ?? null,
          draftedPosition: draft.position,
        });
      }
    }
    entries.sort((a, b) => b.draftedPosition - a.draftedPosition);
    const page = entries.slice(0, filter.limit);
    return {
      items: page.map(({ draftedPosition: _, ...entry }) => entry),
      nextCursor: entries.length > filter.limit ? encodeCursor(page[page.length - 1].draftedPosition) : null,
      position,
    };
  }

  /**
   * Every vote, sign-off, interest and dispensation: who, for which organisation, under which
   * authority, when (both clocks), why. Asked for another time, the decision as it then stood
   * (replayed from the log) with the acts recorded by `asOf` and, with `at`, done by then; 404
   * when it had not been drafted by then.
   */
  async record(caller: Principal, decisionId: string, minPosition?: number, then?: Then) {
    const position = await this.positions.await(
      ['decisions', 'decision-acts', 'partnerships', 'directory', 'erasures'],
      minPosition,
    );
    const found = await readDecisionRecord(this.storage.readPool, decisionId);
    if (found === undefined || !maySee(caller, found.parties ?? [])) throw notFound(decisionId);
    const state =
      then === undefined
        ? found.state
        : await decisionThen(this.storage.readPool, found.state.partnershipId, decisionId, then);
    if (state === undefined) throw notFound(decisionId);
    const details = await readActsOfDecision(this.storage.readPool, decisionId, then);
    const erasures = await readErasures(
      this.storage.readPool,
      details.map((a) => a.dataSubject),
    );
    const ids = idsInActs(details);
    const names = await Names.load(this.storage.readPool, {
      orgIds: [...(found.parties ?? []), ...ids.orgIds],
      personIds: ids.personIds,
      partnershipIds: [state.partnershipId],
    });
    return {
      decisionId: state.decisionId,
      partnership: { partnershipId: state.partnershipId, title: names.partnershipTitle(state.partnershipId) },
      title: state.title,
      motion: state.motion,
      status: state.status,
      category: state.category ?? null,
      valuePence: state.valuePence ?? null,
      approvalRule: state.approvalRule,
      draftedBy: state.draftedBy ?? null,
      openedAt: state.openedAt ?? null,
      closesAt: state.closesAt ?? null,
      resolvedAt: state.resolvedAt ?? null,
      parties: state.parties.map((organisationId) => ({
        organisationId,
        name: names.organisationName(organisationId),
        signedOff: organisationId in state.signOffs,
      })),
      outcome: state.outcome ?? null,
      supersededBy: state.supersededBy ?? null,
      rescindedByDecisionId: state.rescindedByDecisionId ?? null,
      corrections: state.corrections,
      acts: details.map((a) => ({ ...actView(a, names), ...erasures.field(a.dataSubject, a.position) })),
      position,
      ...(then === undefined ? {} : thenView(then)),
    };
  }
}
