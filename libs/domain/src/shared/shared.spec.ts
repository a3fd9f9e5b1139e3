import { evolveDecision, initialDecisionState } from '../decision/decision.state';
import { evolveOrganisation, initialOrganisationState } from '../organisation/organisation.state';
import { evolvePartnership, initialPartnershipState } from '../partnership/partnership.state';
import { ALL_EVENT_TYPES } from '..';
import { fold } from './event';
import { activePartnership, councilHistory } from './fixtures';
import { indexed, withIndexed, type GrowingIndex } from './growing-index';
import { own, withEntry } from './records';
import { decisionStreamId, organisationStreamId, parseStreamId, partnershipStreamId } from './stream-ids';
import { isCalendarDate, isInstant } from './time';
import { assertPlainJson } from './testing';
import { approvedDecision } from '../decision/decision.test-fixtures';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('stream ids', () => {
  it('are <kind>-<id>', () => {
    expect(organisationStreamId('council')).toBe('organisation-council');
    expect(partnershipStreamId('p1')).toBe('partnership-p1');
    expect(decisionStreamId('d-1')).toBe('decision-d-1');
  });

  it('parse back, ids with dashes included', () => {
    expect(parseStreamId('decision-d-1')).toEqual({ kind: 'decision', id: 'd-1' });
    expect(parseStreamId('widget-1')).toBeUndefined();
    expect(parseStreamId('decision-')).toBeUndefined();
  });

  it('refuse ids that are empty or carry spaces', () => {
    expect(() => decisionStreamId('')).toThrow(expect.objectContaining({ code: 'field-required' }));
    expect(() => decisionStreamId('a b')).toThrow(expect.objectContaining({ code: 'invalid-field' }));
  });
});

describe('time', () => {
  it.each(['2026-05-01T10:00:00Z', '2026-05-01T10:00:00.123Z', '2026-05-01T11:00:00+01:00', '2028-02-29T00:00:00Z'])(
    '%s is an instant',
    (v) => {
      expect(isInstant(v)).toBe(true);
    },
  );

  it.each([
    '2026-05-01',
    '2026-05-01T10:00:00',
    '2026-02-29T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-05-01T24:00:00Z',
    'soon',
    1714557600000,
  ])('%s is not', (v) => {
    expect(isInstant(v)).toBe(false);
  });

  it('calendar dates are checked against the calendar', () => {
    expect(isCalendarDate('2027-03-31')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-3-31')).toBe(false);
  });
});

describe('records', () => {
  it('see only own properties', () => {
    expect(own({}, 'constructor')).toBeUndefined();
    expect(own({}, 'toString')).toBeUndefined();
    const r = withEntry({}, '__proto__', 1);
    expect(own(r, '__proto__')).toBe(1);
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype);
  });
});

describe('plain JSON check used by the tests', () => {
  it('rejects undefined, Date and class instances', () => {
    expect(() => assertPlainJson({ a: undefined })).toThrow('$.a is undefined');
    expect(() => assertPlainJson({ at: new Date() })).toThrow('not plain JSON');
    expect(() => assertPlainJson({ m: new Map() })).toThrow('not plain JSON');
    expect(() => assertPlainJson({ n: NaN })).toThrow('non-finite');
    expect(() => assertPlainJson({ ok: [1, 'a', true, null, { b: {} }] })).not.toThrow();
  });
});

describe('evolve', () => {
  it('never mutates the state it is given', () => {
    const org = deepFreeze(fold(evolveOrganisation, initialOrganisationState, councilHistory.slice(0, 3)));
    expect(() => fold(evolveOrganisation, org, councilHistory.slice(3))).not.toThrow();
    const p = deepFreeze(fold(evolvePartnership, initialPartnershipState, activePartnership.slice(0, 2)));
    expect(() => fold(evolvePartnership, p, activePartnership.slice(2))).not.toThrow();
    const events = approvedDecision();
    const d = deepFreeze(fold(evolveDecision, initialDecisionState, events.slice(0, 2)));
    expect(() => fold(evolveDecision, d, events.slice(2))).not.toThrow();
  });

  it('ignores event types it does not know (newer writers, older readers)', () => {
    const unknown = { type: 'SomethingNew', data: { x: 1 } } as never;
    const org = fold(evolveOrganisation, initialOrganisationState, councilHistory);
    expect(evolveOrganisation(org, unknown)).toBe(org);
    expect(evolvePartnership(initialPartnershipState, unknown)).toBe(initialPartnershipState);
    expect(evolveDecision(initialDecisionState, unknown)).toBe(initialDecisionState);
  });

  it('remembers stored event ids so corrections can point at them', () => {
    const state = fold(evolveDecision, initialDecisionState, approvedDecision());
    expect(indexed(state.recorded, 'e-3')).toEqual({ type: 'SignOffRecorded', authorPersonId: 'ada' });
  });
});

describe('growing index', () => {
  it('finds every entry, the newest for a key added twice, and never changes an earlier index', () => {
    let index: GrowingIndex<number> = {};
    const earlier: GrowingIndex<number>[] = [];
    for (let i = 0; i < 300; i++) {
      earlier.push(deepFreeze(index));
      index = withIndexed(index, `e-${i}`, i);
    }
    index = withIndexed(index, 'e-5', 500);
    for (let i = 0; i < 300; i++) expect(indexed(index, `e-${i}`)).toBe(i === 5 ? 500 : i);
    expect(indexed(earlier[100], 'e-99')).toBe(99);
    expect(indexed(earlier[100], 'e-100')).toBeUndefined();
    expect(indexed(index, 'constructor')).toBeUndefined();
    expect(indexed({}, 'e-1')).toBeUndefined();
    expect(JSON.parse(JSON.stringify(index))).toEqual(index);
  });

  it('keeps ids that name Object.prototype members as ordinary entries, in full chunks too', () => {
    let index: GrowingIndex<string> = {};
    for (const key of ['__proto__', 'constructor', ...Array.from({ length: 130 }, (_, i) => `e-${i}`), 'toString'])
      index = withIndexed(index, key, `value of ${key}`);
    for (const key of ['__proto__', 'constructor', 'e-0', 'e-129', 'toString'])
      expect(indexed(index, key)).toBe(`value of ${key}`);
    expect(indexed(index, 'hasOwnProperty')).toBeUndefined();
    // "__proto__" did not become the chunk's prototype: full chunks have none.
    expect(Object.getPrototypeOf(index.full?.[0])).toBeNull();
    expect(JSON.parse(JSON.stringify(index))).toEqual(index);
  });
});

describe('event types', () => {
  it('are the stable names of DESIGN §1 (§4: PersonalDataErased and exempt items; §6: webhook endpoints), each once', () => {
    expect(new Set(ALL_EVENT_TYPES).size).toBe(ALL_EVENT_TYPES.length);
    expect(ALL_EVENT_TYPES).toHaveLength(10 + 6 + 15 + 30 + 12);
    expect(ALL_EVENT_TYPES).toEqual(
      expect.arrayContaining([
        'OrganisationRegistered',
        'MemberAdded',
        'VoteCast',
        'DecisionApproved',
        'CallInPeriodEnded',
        'RecordCorrected',
        'PartnershipDissolved',
        'PersonalDataErased',
        'ExemptItemRecorded',
        'ExemptItemDeclassified',
        'WebhookEndpointRegistered',
        'WitnessRegistered',
        'WitnessRetired',
      ]),
    );
  });
});
