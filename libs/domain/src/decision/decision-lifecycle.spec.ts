/**
 * The happy paths end to end, driven only by commands through the three aggregates' decide and
 * evolve (no hand-written events): a tiny in-memory ledger plays the application layer.
 */
import { organisationAggregate } from '../organisation/organisation.aggregate';
import type { OrganisationCommand } from '../organisation/organisation.commands';
import type { OrganisationState } from '../organisation/organisation.state';
import { partnershipAggregate } from '../partnership/partnership.aggregate';
import type { PartnershipCommand } from '../partnership/partnership.commands';
import type { PartnershipState } from '../partnership/partnership.state';
import type { Actor } from '../shared/actor';
import type { DomainEvent } from '../shared/event';
import { streamKindOf } from '../shared/stream-ids';
import { assertPlainJson } from '../shared/testing';
import { decisionAggregate } from './decision.aggregate';
import type { DecisionCommand } from './decision.commands';
import type { DecisionState } from './decision.state';

const SHA = 'b'.repeat(64);
/** A command without its `now` (distributes over the union). */
type At<C> = C extends unknown ? Omit<C, 'now'> : never;
const root: Actor = { personId: 'root', orgId: 'platform', roles: ['admin'] };
const person = (personId: string, orgId: string): Actor => ({ personId, orgId, roles: ['member'] });
const ada = person('ada', 'council');
const col = person('col', 'council');
const dan = person('dan', 'assoc');
const ben = person('ben', 'council');

class Ledger {
  readonly streams = new Map<string, DomainEvent[]>();

  private fold<S, E extends DomainEvent>(agg: { initialState: S; evolve(s: S, e: E): S }, streamId: string): S {
    return ((this.streams.get(streamId) ?? []) as E[]).reduce((s, e) => agg.evolve(s, e), agg.initialState);
  }
  private append(streamId: string, events: DomainEvent[]): string[] {
    events.forEach((e) => assertPlainJson(e));
    this.streams.set(streamId, [...(this.streams.get(streamId) ?? []), ...events]);
    return events.map((e) => e.type);
  }
  org(id: string): OrganisationState {
    return this.fold(organisationAggregate, organisationAggregate.streamId(id));
  }
  partnership(id: string): PartnershipState {
    return this.fold(partnershipAggregate, partnershipAggregate.streamId(id));
  }
  decision(id: string): DecisionState {
    return this.fold(decisionAggregate, decisionAggregate.streamId(id));
  }
  organisation(c: At<OrganisationCommand>, now: string): string[] {
    const cmd = { ...c, now } as OrganisationCommand;
    return this.append(
      organisationAggregate.streamId(cmd.organisationId),
      organisationAggregate.decide(cmd, this.org(cmd.organisationId)),
    );
  }
  inPartnership(c: At<PartnershipCommand>, now: string): string[] {
    const cmd = { ...c, now } as PartnershipCommand;
    const state = this.partnership(cmd.partnershipId);
    const needs = partnershipAggregate.contextNeeds(cmd, state);
    const ctx = {
      organisations: Object.fromEntries(needs.organisationIds.map((id) => [id, this.org(id)])),
      decisions: Object.fromEntries(needs.decisionIds.map((id) => [id, this.decision(id)])),
    };
    return this.append(partnershipAggregate.streamId(cmd.partnershipId), partnershipAggregate.decide(cmd, state, ctx));
  }
  onDecision(c: At<DecisionCommand>, now: string): string[] {
    const cmd = { ...c, now } as DecisionCommand;
    const state = this.decision(cmd.decisionId);
    const needs = decisionAggregate.contextNeeds(cmd, state);
    const ctx = {
      ...(needs.partnershipId ? { partnership: this.partnership(needs.partnershipId) } : {}),
      organisations: Object.fromEntries(needs.organisationIds.map((id) => [id, this.org(id)])),
      decisions: Object.fromEntries(needs.decisionIds.map((id) => [id, this.decision(id)])),
    };
    return this.append(decisionAggregate.streamId(cmd.decisionId), decisionAggregate.decide(cmd, state, ctx));
  }
  /** What the scheduler does: resolve every open decision whose closing time has passed. */
  tick(now: string): string[] {
    const out: string[] = [];
    for (const streamId of [...this.streams.keys()].filter((s) => streamKindOf(s) === 'decision')) {
      const state = this.fold(decisionAggregate, streamId);
      out.push(...this.append(streamId, decisionAggregate.resolveAtClosingTime(state, now)));
    }
    return out;
  }
}

/** Council and association registered, with members and delegated authority; a partnership between them, active, with a board. */
function setUp(termsRule?: 'board-majority'): Ledger {
  const l = new Ledger();
  const t = '2026-04-01T08:00:00Z';
  l.organisation(
    {
      type: 'RegisterOrganisation',
      actor: root,
      organisationId: 'council',
      name: 'Northborough Council',
      kind: 'local-authority',
    },
    t,
  );
  l.organisation(
    {
      type: 'RegisterOrganisation',
      actor: root,
      organisationId: 'assoc',
      name: 'Riverside Homes',
      kind: 'housing-association',
    },
    t,
  );
  for (const p of [ada, col, ben, dan])
    l.organisation({ type: 'AddMember', actor: root, organisationId: p.orgId, personId: p.personId }, t);
  const delegate = (authorityId: string, p: Actor, valueLimitPence: number) =>
    l.organisation(
      {
        type: 'DelegateAuthority',
        actor: root,
        organisationId: p.orgId,
        authorityId,
        personId: p.personId,
        categories: ['governance', 'development', 'funding'],
        valueLimitPence,
        instrument: `Scheme of delegation 2026 (${p.personId})`,
        validFrom: '2026-04-01T00:00:00Z',
        validTo: '2027-04-01T00:00:00Z',
      },
      t,
    );
  delegate('ada-1', ada, 100_000_000);
  delegate('dan-1', dan, 25_000_000);

  const p = { partnershipId: 'p1' };
  expect(
    l.inPartnership(
      {
        type: 'ProposePartnership',
        ...p,
        actor: ada,
        title: 'North Riverside',
        purpose: '400 homes',
        parties: ['council', 'assoc'],
      },
      '2026-04-02T09:00:00Z',
    ),
  ).toEqual(['PartnershipProposed']);
  if (termsRule) {
    l.inPartnership(
      {
        type: 'AgreeTermsOfReference',
        ...p,
        actor: ada,
        version: 1,
        approvalRule: termsRule,
        quorum: 2,
        textSha256: SHA,
      },
      '2026-04-02T10:00:00Z',
    );
  }
  expect(l.inPartnership({ type: 'JoinPartnership', ...p, actor: ada }, '2026-04-03T09:00:00Z')).toEqual([
    'PartyJoined',
  ]);
  expect(l.inPartnership({ type: 'JoinPartnership', ...p, actor: dan }, '2026-04-04T09:00:00Z')).toEqual([
    'PartyJoined',
    'PartnershipActivated',
  ]);
  l.inPartnership({ type: 'AppointBoardMember', ...p, actor: ada, personId: 'ada' }, '2026-04-05T09:00:00Z');
  l.inPartnership({ type: 'AppointBoardMember', ...p, actor: ada, personId: 'col' }, '2026-04-05T09:00:00Z');
  l.inPartnership({ type: 'AppointBoardMember', ...p, actor: dan, personId: 'dan' }, '2026-04-05T09:00:00Z');
  return l;
}

const draftAndOpen = (l: Ledger) => {
  const d = { decisionId: 'd1' };
  expect(
    l.onDecision(
      {
        type: 'DraftDecision',
        ...d,
        actor: ben,
        partnershipId: 'p1',
        title: 'Mill Lane design',
        motion: 'Commit £100,000 to design work',
        category: 'development',
        valuePence: 10_000_000,
      },
      '2026-05-01T09:00:00Z',
    ),
  ).toEqual(['DecisionDrafted']);
  expect(
    l.onDecision(
      { type: 'AmendDecision', ...d, actor: ben, motion: 'Commit £100,000 to design work at Mill Lane' },
      '2026-05-01T09:30:00Z',
    ),
  ).toEqual(['DecisionAmended']);
  expect(
    l.onDecision({ type: 'OpenDecision', ...d, actor: ben, closesAt: '2026-05-15T17:00:00Z' }, '2026-05-01T10:00:00Z'),
  ).toEqual(['DecisionOpened']);
  return d;
};

describe('happy paths, command by command', () => {
  it('all-parties-sign-off: each party signs off with its authority; the last sign-off approves; the outcome is recorded', () => {
    const l = setUp();
    const d = draftAndOpen(l);
    expect(
      l.onDecision(
        { type: 'CastVote', ...d, actor: col, stance: 'agree', reason: 'Good value' },
        '2026-05-02T09:00:00Z',
      ),
    ).toEqual(['VoteCast']);
    expect(l.onDecision({ type: 'SignOff', ...d, actor: ada }, '2026-05-03T09:00:00Z')).toEqual(['SignOffRecorded']);
    expect(l.onDecision({ type: 'SignOff', ...d, actor: dan }, '2026-05-04T09:00:00Z')).toEqual([
      'SignOffRecorded',
      'DecisionApproved',
    ]);
    expect(
      l.onDecision(
        {
          type: 'RecordOutcome',
          ...d,
          actor: ben,
          statement: 'Design work commissioned.',
          reasons: ['Unlocks the site'],
          alternativesRejected: ['Defer a year'],
        },
        '2026-05-05T09:00:00Z',
      ),
    ).toEqual(['OutcomeRecorded']);
    const state = l.decision('d1');
    expect(state).toMatchObject({ status: 'approved', motion: 'Commit £100,000 to design work at Mill Lane' });
    expect(state.signOffs.assoc.authority).toMatchObject({
      authorityId: 'dan-1',
      instrument: 'Scheme of delegation 2026 (dan)',
    });
    expect(l.tick('2026-05-16T00:00:00Z')).toEqual([]); // nothing left for the scheduler
  });

  it('board-majority: the last board member to vote, with the quorum met, carries it', () => {
    const l = setUp('board-majority');
    const d = draftAndOpen(l);
    expect(
      l.onDecision(
        { type: 'CastVote', ...d, actor: ada, stance: 'agree', reason: 'Good value' },
        '2026-05-02T09:00:00Z',
      ),
    ).toEqual(['VoteCast']);
    expect(
      l.onDecision(
        { type: 'CastVote', ...d, actor: col, stance: 'disagree', reason: 'Too early' },
        '2026-05-02T10:00:00Z',
      ),
    ).toEqual(['VoteCast']);
    expect(
      l.onDecision(
        { type: 'ChangeVote', ...d, actor: col, stance: 'abstain', reason: 'Persuaded on timing, not on cost' },
        '2026-05-02T11:00:00Z',
      ),
    ).toEqual(['VoteChanged']);
    expect(
      l.onDecision(
        { type: 'CastVote', ...d, actor: dan, stance: 'agree', reason: 'Fits our plan' },
        '2026-05-03T09:00:00Z',
      ),
    ).toEqual(['VoteCast', 'DecisionApproved']);
    const approved = l.streams.get('decision-d1')!.at(-1)!;
    expect(approved).toEqual({
      type: 'DecisionApproved',
      data: {
        decisionId: 'd1',
        partnershipId: 'p1',
        rule: 'board-majority',
        approvedAt: '2026-05-03T09:00:00Z',
        tally: { agree: 2, disagree: 0, abstain: 1, quorum: 2 },
      },
    });
  });

  it('board-majority with quorum met at close is decided by the scheduler', () => {
    const l = setUp('board-majority');
    const d = draftAndOpen(l);
    l.onDecision({ type: 'CastVote', ...d, actor: ada, stance: 'agree', reason: 'r' }, '2026-05-02T09:00:00Z');
    l.onDecision({ type: 'CastVote', ...d, actor: dan, stance: 'agree', reason: 'r' }, '2026-05-02T09:00:00Z');
    expect(l.tick('2026-05-15T16:59:59Z')).toEqual([]);
    expect(l.tick('2026-05-15T17:00:00Z')).toEqual(['DecisionApproved']);
  });

  it('lapse at close: a sign-off missing when the closing time passes', () => {
    const l = setUp();
    const d = draftAndOpen(l);
    l.onDecision({ type: 'SignOff', ...d, actor: ada }, '2026-05-03T09:00:00Z');
    expect(decisionAggregate.closesAt(l.decision('d1'))).toBe('2026-05-15T17:00:00Z');
    expect(() => l.onDecision({ type: 'SignOff', ...d, actor: dan }, '2026-05-15T17:00:00Z')).toThrow(
      expect.objectContaining({ code: 'closing-time-passed' }),
    );
    expect(l.tick('2026-05-15T17:05:00Z')).toEqual(['DecisionLapsed']);
    expect(l.decision('d1').status).toBe('lapsed');
    expect(l.tick('2026-05-15T17:10:00Z')).toEqual([]);
  });

  it('authority revoked after a sign-off leaves that sign-off standing', () => {
    const l = setUp();
    const d = draftAndOpen(l);
    l.onDecision({ type: 'SignOff', ...d, actor: ada }, '2026-05-03T09:00:00Z');
    l.organisation(
      {
        type: 'RevokeAuthority',
        actor: root,
        organisationId: 'council',
        authorityId: 'ada-1',
        reason: 'New scheme of delegation',
      },
      '2026-05-03T12:00:00Z',
    );
    expect(l.onDecision({ type: 'SignOff', ...d, actor: dan }, '2026-05-04T09:00:00Z')).toEqual([
      'SignOffRecorded',
      'DecisionApproved',
    ]);
  });
});
