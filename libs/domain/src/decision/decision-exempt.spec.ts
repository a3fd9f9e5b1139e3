/** Exempt information (Schedule 12A): a part withheld as a salted commitment, then declassified as the value committed to. */
import { actor, BEN, COL, DAN, EVE, OLI, T } from '../shared/fixtures';
import { exemptCommitment } from '@accord/platform';
import type { DecisionEvent } from './decision.events';
import { drafted, opened, ref, spec } from './decision.test-fixtures';

const SALT = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8'; // bytes 0..31
const OTHER_SALT = 'Hx4dHBsaGRgXFhUUExIREA8ODQwLCgkIBwYFBAMCAQA'; // bytes 31..0
const PRICE = '£1,250,000 for the freehold of 12 Mill Lane';

const record = (person = BEN, over: Record<string, unknown> = {}) =>
  ({
    type: 'RecordExemptItem',
    decisionId: ref.decisionId,
    actor: actor(person),
    now: T.now,
    itemId: 'land-price',
    part: 'value',
    paragraph: 3,
    publicInterestReason: 'Disclosure before exchange would weaken the council’s negotiating position',
    value: PRICE,
    salt: SALT,
    ...over,
  }) as const;

const recorded: DecisionEvent = {
  type: 'ExemptItemRecorded',
  data: {
    ...ref,
    itemId: 'land-price',
    part: 'value',
    paragraph: 3,
    publicInterestReason: 'Disclosure before exchange would weaken the council’s negotiating position',
    commitment: exemptCommitment(SALT, PRICE),
    value: PRICE,
    salt: SALT,
    recordedBy: BEN,
  },
};

const declassify = (person = COL, over: Record<string, unknown> = {}) =>
  ({
    type: 'DeclassifyExemptItem',
    decisionId: ref.decisionId,
    actor: actor(person),
    now: T.now,
    itemId: 'land-price',
    value: PRICE,
    salt: SALT,
    reason: 'Contracts exchanged',
    ...over,
  }) as const;

describe('RecordExemptItem', () => {
  it('commits to the salted value under the paragraph and reason given by the drafter', () => {
    const state = spec.given(drafted(), opened()).when(record()).then(recorded);
    expect(state.exemptItems['land-price']).toMatchObject({ paragraph: 3, commitment: exemptCommitment(SALT, PRICE) });
  });

  it('lets a board member withhold a part too', () => {
    spec
      .given(drafted())
      .when(record(DAN))
      .then({ ...recorded, data: { ...recorded.data, recordedBy: DAN } } as DecisionEvent);
  });

  it('refuses a party member who is neither the drafter nor on the board', () => {
    spec.given(drafted()).when(record(EVE)).thenRejects('not-drafter-or-board-member', 'forbidden');
  });

  it('refuses someone outside the partnership', () => {
    spec.given(drafted()).when(record(OLI)).thenRejects('not-a-party', 'forbidden');
  });

  it.each([0, 8, 3.5, '3'])('refuses paragraph %p: only Schedule 12A paragraphs 1 to 7 are grounds', (paragraph) => {
    spec.given(drafted()).when(record(BEN, { paragraph })).thenRejects('invalid-field', 'bad-input');
  });

  it('refuses an unknown part, a blank reason, a short salt', () => {
    spec
      .given(drafted())
      .when(record(BEN, { part: 'title' }))
      .thenRejects('invalid-field', 'bad-input');
    spec
      .given(drafted())
      .when(record(BEN, { publicInterestReason: ' ' }))
      .thenRejects('field-required', 'bad-input');
    spec
      .given(drafted())
      .when(record(BEN, { salt: 'AAEC' }))
      .thenRejects('invalid-field', 'bad-input');
  });

  it('refuses an item id already used', () => {
    spec.given(drafted(), recorded).when(record()).thenRejects('exempt-item-already-exists', 'rule-violated');
  });
});

describe('DeclassifyExemptItem', () => {
  const declassified: DecisionEvent = {
    type: 'ExemptItemDeclassified',
    data: {
      ...ref,
      itemId: 'land-price',
      commitment: exemptCommitment(SALT, PRICE),
      value: PRICE,
      salt: SALT,
      reason: 'Contracts exchanged',
      declassifiedAt: T.now,
      declassifiedBy: COL,
    },
  };

  it('publishes the value committed to, readable by all from then on', () => {
    const state = spec.given(drafted(), recorded).when(declassify()).then(declassified);
    expect(state.exemptItems['land-price']).toMatchObject({ value: PRICE, salt: SALT, declassifiedAt: T.now });
  });

  it('refuses a value other than the one committed to', () => {
    spec
      .given(drafted(), recorded)
      .when(declassify(COL, { value: '£1,000,000 for the freehold of 12 Mill Lane' }))
      .thenRejects('exempt-value-mismatch', 'rule-violated');
    spec
      .given(drafted(), recorded)
      .when(declassify(COL, { salt: OTHER_SALT }))
      .thenRejects('exempt-value-mismatch', 'rule-violated');
  });

  it('refuses an unknown item, and one already declassified', () => {
    spec
      .given(drafted(), recorded)
      .when(declassify(COL, { itemId: 'other' }))
      .thenRejects('exempt-item-not-found', 'not-found');
    spec
      .given(drafted(), recorded, declassified)
      .when(declassify())
      .thenRejects('exempt-item-already-declassified', 'rule-violated');
  });

  it('refuses a party member who is neither the drafter nor on the board, and a missing reason', () => {
    spec.given(drafted(), recorded).when(declassify(EVE)).thenRejects('not-drafter-or-board-member', 'forbidden');
    spec
      .given(drafted(), recorded)
      .when(declassify(COL, { reason: '' }))
      .thenRejects('reason-required', 'rule-violated');
  });
});
