import { CouncilOffices, officesOf } from './call-in-steps';
import {
  awaitingProcedure,
  checkForwardPlan,
  checkGeneralException,
  councilActs,
  isKey,
  successorsOf,
} from './council-acts';

const offices: CouncilOffices = officesOf({
  parties: ['camden-council', 'peabody'],
  board: { 'j.patel': { party: 'camden-council' }, 's.reid': { party: 'peabody' } },
  terms: {
    keyDecisions: { thresholdPence: 50_000_000, categories: ['land-disposal'], scrutinyChairPersonId: 'r.okafor' },
  },
});
const patel = { personId: 'j.patel', orgId: 'camden-council' };
const reid = { personId: 's.reid', orgId: 'peabody' };
const okafor = { personId: 'r.okafor', orgId: 'camden-council' };
const lowe = { personId: 'm.lowe', orgId: 'camden-council' };
const auditor = { personId: 'e.auditor', orgId: 'external-audit' };
const keyDraft = {
  status: 'draft',
  category: 'land-disposal',
  valuePence: 30_000_000,
  draftedBy: { personId: 'm.lowe', orgId: 'camden-council' },
};
const none = { forwardPlan: false, generalException: false, specialUrgency: false, notice: false, supersede: false };

describe('the council procedure acts the console offers', () => {
  it('calls a decision key by its value or its category, as the terms say, and nothing key without council procedure', () => {
    expect(isKey(keyDraft, offices)).toBe(true);
    expect(isKey({ category: 'funding', valuePence: 50_000_000 }, offices)).toBe(true);
    expect(isKey({ category: 'funding', valuePence: 49_999_999 }, offices)).toBe(false);
    expect(isKey({ category: 'funding' }, offices)).toBe(false);
    expect(isKey(keyDraft, officesOf({ parties: ['camden-council'], board: {} }))).toBe(false);
  });

  it('offers the drafter and board members the forward plan and a general exception for a key draft, once each', () => {
    for (const who of [patel, reid, lowe])
      expect(councilActs(who, offices, keyDraft)).toEqual({ ...none, forwardPlan: true, generalException: true });
    const planned = { ...keyDraft, forwardPlanPublishedAt: '2026-12-07T10:00:00Z' };
    expect(councilActs(patel, offices, planned)).toEqual({ ...none, generalException: true });
    const excepted = { ...planned, generalExceptionPublishedAt: '2026-12-07T11:00:00Z' };
    expect(councilActs(patel, offices, excepted)).toEqual(none);
  });

  it('offers a general exception only for a key decision under terms that name a scrutiny chair', () => {
    expect(councilActs(patel, offices, { ...keyDraft, category: 'funding' }).generalException).toBe(false);
    const noChair = officesOf({ ...offices, terms: { keyDecisions: { categories: ['land-disposal'] } } });
    expect(councilActs(patel, noChair, keyDraft)).toEqual({ ...none, forwardPlan: true });
  });

  it('offers special urgency to the scrutiny chair alone, for a key draft, once', () => {
    expect(councilActs(okafor, offices, keyDraft)).toEqual({ ...none, specialUrgency: true });
    for (const who of [patel, reid, lowe]) expect(councilActs(who, offices, keyDraft).specialUrgency).toBe(false);
    expect(councilActs(okafor, offices, { ...keyDraft, specialUrgencyAgreedAt: '2026-12-07T10:00:00Z' })).toEqual(none);
    expect(councilActs(okafor, offices, { ...keyDraft, valuePence: 1, category: 'funding' })).toEqual(none);
    expect(councilActs(okafor, offices, { ...keyDraft, status: 'open' })).toEqual(none);
    // The chair's name on a token of another organisation is not the chair.
    expect(councilActs({ ...okafor, orgId: 'external-audit' }, offices, keyDraft)).toEqual(none);
  });

  it('offers any party member the notice of an approved or rejected decision until it is published', () => {
    for (const resolution of ['approved', 'rejected'])
      for (const who of [patel, reid, okafor, lowe])
        expect(councilActs(who, offices, { status: resolution, resolution }).notice).toBe(true);
    expect(councilActs(auditor, offices, { status: 'approved', resolution: 'approved' })).toEqual(none);
    expect(councilActs(lowe, offices, { status: 'lapsed', resolution: 'lapsed' }).notice).toBe(false);
    // Rescinded since: its notice is still due.
    expect(councilActs(lowe, offices, { status: 'rescinded', resolution: 'approved' }).notice).toBe(true);
    const published = { status: 'approved', resolution: 'approved', noticePublishedAt: '2026-12-07T10:00:00Z' };
    expect(councilActs(lowe, offices, published).notice).toBe(false);
  });

  it('offers the drafter and board members the supersession of an open or approved decision', () => {
    const drafted = { draftedBy: { personId: 'm.lowe', orgId: 'camden-council' } };
    for (const status of ['open', 'approved']) {
      for (const who of [patel, reid, lowe])
        expect(councilActs(who, offices, { ...drafted, status }).supersede).toBe(true);
      expect(councilActs(okafor, offices, { ...drafted, status }).supersede).toBe(false);
    }
    for (const status of ['draft', 'rejected', 'lapsed', 'superseded'])
      expect(councilActs(patel, offices, { ...drafted, status }).supersede).toBe(false);
  });

  it('lists as successors the decisions the ledger accepts: any live one for an open decision, an approved one for an approved', () => {
    const decisions = ['draft', 'open', 'approved', 'rejected', 'superseded'].map((status) => ({
      decisionId: status,
      status,
    }));
    expect(successorsOf({ decisionId: 'x', status: 'open' }, decisions).map((s) => s.decisionId)).toEqual([
      'draft',
      'open',
      'approved',
    ]);
    expect(successorsOf({ decisionId: 'x', status: 'approved' }, decisions).map((s) => s.decisionId)).toEqual([
      'approved',
    ]);
    expect(successorsOf({ decisionId: 'open', status: 'open' }, decisions).map((s) => s.decisionId)).toEqual([
      'draft',
      'approved',
    ]);
  });
});

describe('what awaits the council procedure tab', () => {
  it('lists key drafts not on the forward plan and resolutions without their notice', () => {
    const decisions = [
      { decisionId: 'key-draft', status: 'draft', category: 'land-disposal' },
      { decisionId: 'planned-draft', status: 'draft', category: 'land-disposal' },
      { decisionId: 'minor-draft', status: 'draft', category: 'governance' },
      { decisionId: 'approved', status: 'approved' },
      { decisionId: 'rejected', status: 'rejected' },
      { decisionId: 'noticed', status: 'approved' },
      { decisionId: 'lapsed', status: 'lapsed' },
      { decisionId: 'open', status: 'open', category: 'land-disposal' },
    ];
    const awaiting = awaitingProcedure(decisions, offices, new Set(['planned-draft']), new Set(['noticed']));
    expect(awaiting.unplanned.map((d) => d.decisionId)).toEqual(['key-draft']);
    expect(awaiting.unnoticed.map((d) => d.decisionId)).toEqual(['approved', 'rejected']);
  });
});

describe('the forms’ field checks', () => {
  const plan = { decisionMaker: 'Camden Regeneration board', expectedDate: '2027-01-11', documents: '' };

  it('sends a forward-plan entry once its maker and date are given, with a document a line', () => {
    expect(checkForwardPlan({ ...plan, documents: ' Valuation report \n\n Site plan ' }, '2026-12-07')).toEqual({
      problems: {},
      body: { ...plan, documents: ['Valuation report', 'Site plan'] },
    });
    expect(checkForwardPlan({ ...plan, decisionMaker: '  ' }, '2026-12-07').body).toBeUndefined();
    expect(checkForwardPlan({ ...plan, expectedDate: '' }, '2026-12-07')).toEqual({ problems: {} });
  });

  it('refuses an expected date already past, but not today', () => {
    expect(checkForwardPlan(plan, '2027-01-12')).toEqual({
      problems: { expectedDate: 'The expected date cannot be before today (2027-01-12).' },
    });
    expect(checkForwardPlan(plan, '2027-01-11').body).toBeDefined();
  });

  it('bounds the documents as the API does', () => {
    const many = Array.from({ length: 51 }, (_, i) => `Paper ${i}`).join('\n');
    expect(checkForwardPlan({ ...plan, documents: many }, '2026-12-07').problems.documents).toMatch(/^At most 50/);
    expect(checkForwardPlan({ ...plan, documents: 'x'.repeat(501) }, '2026-12-07').problems.documents).toMatch(
      /at most 500 characters/,
    );
  });

  it('sends a general exception with the chair’s notice as an instant, not later than now', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    const notifiedAt = '2026-12-07T09:30';
    expect(checkGeneralException({ reason: ' Grant lapses ', notifiedAt }, now)).toEqual({
      problems: {},
      body: { reason: 'Grant lapses', scrutinyChairNotifiedAt: new Date(notifiedAt).toISOString() },
    });
    expect(checkGeneralException({ reason: '', notifiedAt }, now).body).toBeUndefined();
    expect(checkGeneralException({ reason: 'Grant lapses', notifiedAt: '' }, now)).toEqual({ problems: {} });
    expect(checkGeneralException({ reason: 'Grant lapses', notifiedAt: '2099-01-01T09:00' }, now)).toEqual({
      problems: { notifiedAt: 'The scrutiny chair’s notice cannot be later than now: the exception follows it.' },
    });
  });
});
