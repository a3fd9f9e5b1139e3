import { Injectable } from '@nestjs/common';
import { maySee, Principal } from '@accord/access';
import { ErrorCode } from '@accord/domain';
import {
  DecisionActKind,
  Names,
  readActsOfPartnership,
  readPartnershipState,
  readRegister,
  RegisterQuery,
} from '@accord/projections';
import { NotFoundError } from '@accord/platform';
import { AggregateStates, Storage } from '@accord/server';
import { exemptReaderFor } from '../../http/personal-data.interceptor';
import { ActView, actView, idsInActs, RegisterEntry, registerEntry } from './decision-entries';
import { ReadPositions } from './read-positions';
import { Field, lines } from './tabular';

/**
 * The parties' downloads (issue 20): a partnership's decision register, votes and sign-offs as a
 * signed-in caller may see them, whole and streamed, with the register's filters. What is in them
 * is decided by the visibility policy (libs/access) where they are read, as for every other read:
 * the partnership's parties, auditors and admins see it, anyone else is told it does not exist.
 */

export type PartyFilter = Pick<RegisterQuery, 'status' | 'category' | 'from' | 'to'>;

/** Rows read per query while streaming: bounded memory, no connection held while the client reads. */
const BATCH = 500;

export const VOTE_KINDS: readonly DecisionActKind[] = ['vote', 'vote-changed'];
export const SIGN_OFF_KINDS: readonly DecisionActKind[] = ['sign-off', 'sign-off-withdrawn', 'sign-off-refused'];

/** A vote or sign-off as a download row: the act as the decision's record shows it, with its decision's title. */
export type ActRow = ActView & { decisionTitle: string | undefined };

const notFound = (id: string) => new NotFoundError(ErrorCode.PartnershipNotFound, `Partnership ${id} not found`);

@Injectable()
export class PartyOpenData {
  constructor(
    private readonly storage: Storage,
    private readonly states: AggregateStates,
    private readonly positions: ReadPositions,
  ) {}

  /** The partnership, once the read models hold `minPosition`, if the caller may see it; partnership-not-found otherwise. */
  async partnership(
    caller: Principal,
    partnershipId: string,
    minPosition?: number,
  ): Promise<{ partnershipId: string; title: string }> {
    await this.positions.await(['partnerships', 'decisions', 'decision-acts', 'directory'], minPosition);
    const state = await readPartnershipState(this.storage.readPool, partnershipId);
    if (state === undefined || !maySee(caller, state.parties)) throw notFound(partnershipId);
    return { partnershipId, title: state.title };
  }

  /** The register's entries of the partnership, newest drafted first, as GET /v1/decisions pages them. */
  async *decisions(
    caller: Principal,
    partnership: { partnershipId: string; title: string },
    filter: PartyFilter,
  ): AsyncGenerator<RegisterEntry[]> {
    let draftedBefore: number | undefined;
    for (;;) {
      const rows = await readRegister(this.storage.readPool, caller, {
        ...filter,
        partnershipId: partnership.partnershipId,
        draftedBefore,
        limit: BATCH,
      });
      if (rows.length > 0)
        yield await this.open(
          caller,
          rows.map((r) => registerEntry(r, partnership.title)),
        );
      if (rows.length < BATCH) return;
      draftedBefore = Number(rows[rows.length - 1].drafted_position);
    }
  }

  /** The partnership's acts of these kinds in log order, on the decisions the filter keeps. */
  async *acts(
    caller: Principal,
    partnershipId: string,
    kinds: readonly DecisionActKind[],
    filter: PartyFilter,
  ): AsyncGenerator<ActRow[]> {
    let after = 0;
    for (;;) {
      const acts = await readActsOfPartnership(this.storage.readPool, caller, partnershipId, kinds, filter, {
        after,
        limit: BATCH,
      });
      if (acts.length > 0) {
        const names = await Names.load(this.storage.readPool, {
          ...idsInActs(acts),
          decisionIds: acts.map((a) => a.decisionId),
        });
        const rows = acts.map((a) => ({ ...actView(a, names), decisionTitle: names.decisionTitle(a.decisionId) }));
        yield await this.open(caller, rows);
      }
      if (acts.length < BATCH) return;
      after = acts[acts.length - 1].position;
    }
  }

  // A streamed answer bypasses the interceptor that opens sealed values (DESIGN §4), so each batch
  // is opened here under the same rule: names in the clear, exempt values only with need to know.
  private open<T>(caller: Principal, rows: T[]): Promise<T[]> {
    return this.storage.personalData.open(rows, exemptReaderFor(caller, this.states));
  }
}

/** The register's columns: one row per decision, the JSON item's fields flattened. */
export const REGISTER_FIELDS: readonly Field<RegisterEntry>[] = [
  { name: 'decision_id', description: 'Identifier of the decision', value: (d) => d.decisionId },
  { name: 'title', description: 'Title of the decision', value: (d) => d.title },
  {
    name: 'status',
    description: 'draft, open, approved, rejected, lapsed, withdrawn, rescinded or superseded',
    value: (d) => d.status,
  },
  { name: 'category', description: 'Category of the decision', value: (d) => d.category },
  { name: 'value_pence', description: 'Value in pence, where one was given', value: (d) => d.valuePence },
  { name: 'approval_rule', description: 'all-parties-sign-off or board-majority', value: (d) => d.approvalRule },
  { name: 'drafted_at', description: 'When it was drafted (ISO 8601, UTC)', value: (d) => d.draftedAt },
  { name: 'closes_at', description: 'Closing time for sign-offs or votes', value: (d) => d.closesAt },
  { name: 'resolved_at', description: 'When it was decided, lapsed or withdrawn', value: (d) => d.resolvedAt },
  {
    name: 'signed_off_by',
    description: 'Organisations that have signed it off, one a line',
    value: (d) => lines(d.signedOffBy),
  },
  {
    name: 'outcome_recorded',
    description: 'true once its outcome is recorded',
    value: (d) => String(d.outcomeRecorded),
  },
  {
    name: 'call_in_ended_at',
    description: 'When the ledger recorded its call-in period’s end without a call-in',
    value: (d) => d.callInEndedAt,
  },
];

const actFields = (specific: readonly Field<ActRow>[]): readonly Field<ActRow>[] => [
  { name: 'decision_id', description: 'The decision acted on', value: (a) => a.decisionId },
  { name: 'decision_title', description: 'Its title', value: (a) => a.decisionTitle },
  { name: 'kind', description: 'What was done', value: (a) => a.kind },
  { name: 'person_id', description: 'Who did it', value: (a) => a.person.personId },
  {
    name: 'person_name',
    description: 'Their name, where the organisation gave one',
    value: (a) => a.person.displayName,
  },
  { name: 'job_title', description: 'Their job title in their organisation', value: (a) => a.person.jobTitle },
  { name: 'organisation_id', description: 'The organisation they acted for', value: (a) => a.orgId },
  { name: 'organisation', description: 'Its name', value: (a) => a.organisationName },
  ...specific,
  { name: 'reason', description: 'The reason given', value: (a) => a.reason },
  { name: 'at', description: 'When it was done (ISO 8601, UTC)', value: (a) => a.at },
  { name: 'position', description: 'Its position in the signed log', value: (a) => a.position },
  { name: 'event_id', description: 'The event recording it, to check against the log', value: (a) => a.eventId },
];

/** Votes and changed votes: one row each, a changed vote beside the vote it replaced. */
export const VOTE_FIELDS = actFields([
  { name: 'stance', description: 'agree, disagree or abstain', value: (a) => a.stance },
  {
    name: 'previous_stance',
    description: 'For a changed vote, the stance it replaced',
    value: (a) => a.previousStance,
  },
]);

/** Sign-offs, their withdrawals and refusals, each with the authority it was given under. */
export const SIGN_OFF_FIELDS = actFields([
  {
    name: 'authority_instrument',
    description: 'The delegated authority it was given under',
    value: (a) => a.authority?.instrument,
  },
  { name: 'withdrawn_by', description: 'For a withdrawal, who withdrew it', value: (a) => a.withdrawnBy?.personId },
]);
