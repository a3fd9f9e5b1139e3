import { StoredEvent } from '@accord/event-store';
import { decisionActOf } from './decision-acts';

const at = '2026-03-14T10:00:00.000Z';
/** When the acts happened: at a meeting the evening before they were recorded. */
const happened = '2026-03-13T18:40:00.000Z';
const stored = (type: string, data: object): StoredEvent => ({
  position: 9,
  streamId: 'decision-d',
  revision: 1,
  eventId: 'ev',
  type,
  schemaVersion: 1,
  data,
  metadata: {
    actor: { personId: 'x', orgId: 'o', roles: [] },
    commandId: null,
    correlationId: null,
    causationId: null,
    occurredAt: happened,
  },
  recordedAt: at,
  leafHash: 'h',
  prevStreamLeafHash: null,
});
const base = { decisionId: 'd', partnershipId: 'p' };

describe('decisionActOf', () => {
  it('records a dispensation against the interested member’s organisation, with its grantor, holding the member’s personal data', () => {
    expect(
      decisionActOf(
        stored('DispensationGranted', {
          ...base,
          personId: 'a.okafor',
          orgId: 'camden',
          reason: 'Remote',
          grantedBy: { personId: 's.reid', orgId: 'peabody' },
          grantedAs: 'board-member-of-another-party',
        }),
      ),
    ).toEqual({
      kind: 'dispensation',
      type: 'DispensationGranted',
      ...base,
      personId: 's.reid',
      orgId: 'camden',
      subject: { personId: 'a.okafor', orgId: 'camden' },
      grantedBy: { personId: 's.reid', orgId: 'peabody' },
      grantedAs: 'board-member-of-another-party',
      reason: 'Remote',
      dataSubject: 'a.okafor',
      position: 9,
      eventId: 'ev',
      at,
      occurredAt: happened,
      recordedAt: at,
    });
  });

  it('dates an act written before the two clocks as happened when it was recorded', () => {
    const vote = stored('VoteCast', { ...base, personId: 'a.okafor', orgId: 'camden', stance: 'agree' });
    const { occurredAt: _written, ...before } = vote.metadata;
    expect(decisionActOf({ ...vote, metadata: before as StoredEvent['metadata'] })).toMatchObject({
      at,
      occurredAt: at,
      recordedAt: at,
    });
  });

  it('says whose personal data an interest holds, and that a vote holds none', () => {
    const interest = stored('InterestDeclared', { ...base, personId: 'a.okafor', orgId: 'camden', nature: 'pd1:…' });
    expect(decisionActOf(interest)).toMatchObject({
      kind: 'interest',
      type: 'InterestDeclared',
      dataSubject: 'a.okafor',
    });
    const vote = decisionActOf(stored('VoteCast', { ...base, personId: 'a.okafor', orgId: 'camden', stance: 'agree' }));
    expect(vote).toMatchObject({ kind: 'vote', type: 'VoteCast' });
    expect(vote).not.toHaveProperty('dataSubject');
  });

  it('dates a sign-off when it was given and keeps the authority relied on', () => {
    const authority = {
      authorityId: 'a',
      instrument: 'Scheme §4',
      categories: ['funding'],
      valueLimitPence: 5,
      validFrom: at,
    };
    expect(
      decisionActOf(
        stored('SignOffRecorded', {
          ...base,
          party: 'camden',
          personId: 'j.patel',
          authority,
          signedAt: '2026-03-14T09:59:00.000Z',
        }),
      ),
    ).toMatchObject({ kind: 'sign-off', orgId: 'camden', authority, at: '2026-03-14T09:59:00.000Z' });
  });

  it('turns a refusal into an act of the refusing party and ignores events that are no act', () => {
    const refusal = {
      party: 'peabody',
      personId: 's.reid',
      authorityId: 'a',
      instrument: 'Board §2',
      reason: 'Too costly',
    };
    expect(
      decisionActOf(stored('DecisionRejected', { ...base, rule: 'all-parties-sign-off', rejectedAt: at, refusal })),
    ).toMatchObject({
      kind: 'sign-off-refused',
      personId: 's.reid',
      orgId: 'peabody',
      authority: { instrument: 'Board §2' },
      reason: 'Too costly',
    });
    expect(
      decisionActOf(stored('DecisionRejected', { ...base, rule: 'board-majority', rejectedAt: at })),
    ).toBeUndefined();
    expect(decisionActOf(stored('DecisionOpened', { ...base }))).toBeUndefined();
  });
});
