import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { ApiHarness, Caller } from '../support/api-harness';
import { axeViolations, describeIfBrowser, postFromSession, SCREENSHOT_DIR, signInToConsole } from '../support/browser';
import { startConsoleStack } from '../support/console-stack';
import { readYourWrites } from '../support/read-your-writes';
import {
  addMember,
  approveGovernanceDecision,
  asCaller,
  draftGospelOakDisposal,
  EXTERNAL_AUDITOR,
  governanceOutcome,
  londonDateIn,
  openGovernanceDecision,
  registerExternalAuditor,
  seedCouncilPartnership,
  SMALL_LEDGER,
} from '../support/small-ledger';

/**
 * The council procedure acts from a decision's page in the console (issue 18), in Chromium against
 * the real API on real PostgreSQL: the drafter puts a key draft on the forward plan and records a
 * general exception, the scrutiny chair agrees special urgency, a party member publishes a
 * decision notice (refused, with the API's code, until the outcome is recorded), and a board member
 * records that a new decision supersedes an open one; each form checks its fields before sending and
 * the page shows what was recorded. A member who holds none of those offices sees no control, and the
 * API refuses them from their session with nothing written.
 */
const { camdenAdmin, patel } = SMALL_LEDGER;
const okafor: Caller = { personId: 'r.okafor', orgId: 'camden-council', roles: ['member'] };
const lowe: Caller = { personId: 'm.lowe', orgId: 'camden-council', roles: ['member'] };
const partnershipId = 'camden-regeneration';
const GOSPEL_OAK = 'Disposal of the Gospel Oak depot';
const EXCEPTION = 'The grant offer lapses before 28 days on the forward plan run';
const URGENCY = 'The buyer withdraws unless contracts are exchanged this month';
const SUPERSEDED = 'The revised plan keeps the depot’s north yard';

/** The London wall-clock time `minutes` from now, as a `datetime-local` input takes it in a London session. */
const londonLocalIn = (minutes: number): string =>
  new Date(Date.now() + minutes * 60_000)
    .toLocaleString('sv-SE', { timeZone: 'Europe/London' })
    .slice(0, 16)
    .replace(' ', 'T');

describeIfBrowser('council procedure acts, from the console', () => {
  let api: ApiHarness;
  let browser: Browser;
  let close: (() => Promise<void>) | undefined;
  const base = `/v1/partnerships/${partnershipId}`;
  const { ok, settled } = readYourWrites(() => api, patel, [`${base}/decision-notices`, `${base}/timeline`]);
  /** Once a decision's page has loaded all it shows. */
  const loaded = async (page: Page) => {
    await page.getByRole('heading', { name: 'Audit lines' }).waitFor();
    await page.locator('main .state[role=status]').first().waitFor({ state: 'detached' });
  };
  const openDecision = async (who: Caller, decisionId: string): Promise<Page> => {
    const page = await signInToConsole(browser, api.baseUrl, new RegExp(who.personId));
    await page.goto(`${api.baseUrl}/console/#/d/${decisionId}`);
    await loaded(page);
    return page;
  };
  const decision = async (id: string) => (await asCaller(api, patel, 'GET', `/v1/decisions/${id}`)).body;
  /** A read model as it stands once it holds everything the log holds now (the browser's writes among them). */
  const readAtHead = async (path: string) => {
    const { head } = (await api.request('GET', '/health/feeds')).body as { head: number };
    return (await asCaller(api, patel, 'GET', `${path}?minPosition=${head}`)).body;
  };
  const procedure = (page: Page) => page.getByRole('list', { name: /^Council procedure: / });
  /** The council procedure controls on the page: forms and confirmations alike. */
  const controls = (page: Page) =>
    page.locator(
      'main [aria-label^="Forward plan:"], main [aria-label^="General exception:"], main [aria-label^="Special urgency:"], main [aria-label^="Decision notice:"], main [aria-label^="Supersede "]',
    );

  beforeAll(async () => {
    ({ api, browser, close } = await startConsoleStack());
    await addMember(api, camdenAdmin, okafor, { jobTitle: 'Chair of Overview and Scrutiny' });
    await addMember(api, camdenAdmin, lowe, { jobTitle: 'Housing officer' });
    await registerExternalAuditor(api);
    await seedCouncilPartnership(api, okafor.personId);
    // Key drafts: one walked through by the first test, one nobody but its offices may touch.
    await draftGospelOakDisposal(api);
    await ok(patel, 'POST', `${base}/decisions`, {
      decisionId: 'kentish-disposal',
      title: 'Disposal of the Kentish Town yard',
      motion: 'That the council disposes of the Kentish Town yard to Peabody.',
      category: 'land-disposal',
      valuePence: 80_000_000,
    });
    // Approved, no outcome recorded yet: their notices wait.
    await approveGovernanceDecision(ok, 'hall-lease', 'Lease of the church hall');
    await approveGovernanceDecision(ok, 'yard-rules', 'Rules of the yard');
    // Open, and the draft that re-drafts it.
    await openGovernanceDecision(ok, 'depot-plan', 'Depot plan');
    await ok(patel, 'POST', `${base}/decisions`, {
      decisionId: 'depot-plan-v2',
      title: 'Depot plan, revised',
      motion: 'That the board adopts the revised depot plan.',
      category: 'governance',
    });
    await settled();
  }, 180_000);

  afterAll(() => close?.());

  it('has the drafter put a key draft on the forward plan and record a general exception, and the chair agree special urgency', async () => {
    const drafter = await openDecision(patel, 'gospel-oak-disposal');
    const plan = drafter.getByRole('form', { name: `Forward plan: ${GOSPEL_OAK}` });
    await plan.waitFor();
    expect(await drafter.getByRole('form', { name: /^Special urgency/ }).count()).toBe(0);
    expect(await drafter.getByRole('list', { name: `Council procedure: ${GOSPEL_OAK}` }).innerText()).toBe(
      'A key decision under the terms of reference.',
    );

    // A date already past is said beside its field, and nothing is sent.
    const putOnPlan = plan.getByRole('button', { name: 'Put on the forward plan' });
    await plan.getByLabel('Decision maker').fill('Camden Regeneration board');
    const expected = plan.getByLabel('Date the decision is expected');
    await expected.fill(londonDateIn(-1));
    await plan.getByText(`The expected date cannot be before today (${londonDateIn(0)}).`).waitFor();
    expect(await expected.getAttribute('aria-invalid')).toBe('true');
    expect(await putOnPlan.isDisabled()).toBe(true);
    await expected.fill(londonDateIn(35));
    await plan.getByLabel(/^Documents/).fill('Gospel Oak valuation report\n\nSite plan');
    expect(await expected.getAttribute('aria-invalid')).toBeNull();
    await drafter.screenshot({ path: join(SCREENSHOT_DIR, '29-forward-plan-form.png'), fullPage: true });
    await putOnPlan.click();
    await procedure(drafter).getByText('On the forward plan since').waitFor();
    expect(await plan.count()).toBe(0);

    // The general exception: the chair's notice may not be later than now.
    const exception = drafter.getByRole('form', { name: `General exception: ${GOSPEL_OAK}` });
    const record = exception.getByRole('button', { name: 'Record the general exception' });
    await exception.getByLabel('Why can it not wait for the forward plan?').fill(EXCEPTION);
    const notified = exception.getByLabel('When the scrutiny chair was given notice');
    await notified.fill(londonLocalIn(60));
    await exception.getByText('The scrutiny chair’s notice cannot be later than now').waitFor();
    expect(await record.isDisabled()).toBe(true);
    await notified.fill(londonLocalIn(-60));
    await drafter.screenshot({ path: join(SCREENSHOT_DIR, '30-general-exception-form.png'), fullPage: true });
    await record.click();
    await procedure(drafter).getByText('General exception published').waitFor();
    expect(await exception.count()).toBe(0);

    // The scrutiny chair alone is offered special urgency; the drafter's tab sees it arrive live.
    const chair = await openDecision(okafor, 'gospel-oak-disposal');
    const urgency = chair.getByRole('form', { name: `Special urgency: ${GOSPEL_OAK}` });
    await urgency.getByLabel('Why can it not wait for notice?').fill(URGENCY);
    expect(await controls(chair).count()).toBe(1);
    await urgency.getByRole('button', { name: 'Agree special urgency' }).click();
    await procedure(chair).getByText(`: ${URGENCY}`).waitFor();
    expect(await urgency.count()).toBe(0);
    await procedure(drafter).getByText(`: ${URGENCY}`).waitFor();
    expect(await controls(drafter).count()).toBe(0);
    await drafter.screenshot({ path: join(SCREENSHOT_DIR, '31-council-procedure-recorded.png'), fullPage: true });

    const state = await decision('gospel-oak-disposal');
    expect(state).toMatchObject({ status: 'draft', specialUrgencyReason: URGENCY });
    expect(Date.parse(state.generalExceptionPublishedAt) - Date.parse(state.forwardPlanPublishedAt)).toBeGreaterThan(0);
    expect((await readAtHead(`${base}/forward-plan`)).entries).toEqual([
      expect.objectContaining({
        decisionId: 'gospel-oak-disposal',
        decisionMaker: 'Camden Regeneration board',
        expectedDate: londonDateIn(35),
        documents: ['Gospel Oak valuation report', 'Site plan'],
        publishedBy: patel.personId,
      }),
    ]);
    const trail = await readAtHead('/v1/decisions/gospel-oak-disposal/trail');
    const lines = (trail.lines as { type: string; line: string }[]).filter((l) =>
      ['ForwardPlanEntryPublished', 'GeneralExceptionRecorded', 'SpecialUrgencyAgreed'].includes(l.type),
    );
    expect(lines.map((l) => l.type)).toEqual([
      'ForwardPlanEntryPublished',
      'GeneralExceptionRecorded',
      'SpecialUrgencyAgreed',
    ]);
    expect(lines[1]?.line).toContain(EXCEPTION);
    expect(lines[2]?.line).toContain(okafor.personId);
    for (const page of [drafter, chair]) await page.context().close();
  });

  it('has a party member publish a decision notice, refused with the API’s code until the outcome is recorded', async () => {
    // The Council procedure tab lists what awaits it, each linked to the page where it is taken.
    const page = await signInToConsole(browser, api.baseUrl, /m\.lowe/);
    await page.goto(`${api.baseUrl}/console/#/p/${partnershipId}/council`);
    const awaiting = page.getByRole('list', { name: 'Awaiting council procedure' });
    await awaiting.locator('[data-awaiting="hall-lease"]').waitFor();
    const waiting = await awaiting.locator('li').allInnerTexts();
    expect(waiting).toEqual(
      expect.arrayContaining([
        'Lease of the church hall: approved, its decision notice not yet published.',
        'Disposal of the Kentish Town yard: a key decision in draft, not on the forward plan.',
      ]),
    );
    // Put on the forward plan by the first test.
    expect(waiting.join('\n')).not.toContain(GOSPEL_OAK);
    expect(await axeViolations(page, 'council procedure tab')).toEqual([]);
    await awaiting.getByRole('link', { name: 'Lease of the church hall' }).click();
    await loaded(page);
    const notice = page.getByRole('group', { name: 'Decision notice: Lease of the church hall' });
    const publish = async () => {
      await notice.getByRole('button', { name: 'Publish the decision notice' }).click();
      await notice.getByRole('button', { name: 'Confirm: publish the notice' }).click();
    };
    expect(await notice.innerText()).toContain('No outcome is recorded yet');
    await publish();
    await notice.getByRole('alert').getByText('(notice-needs-outcome)').waitFor();
    expect(await notice.getByRole('alert').innerText()).toMatch(/^Not published: .+ \(notice-needs-outcome\)$/);

    // Patel records the outcome elsewhere; the page follows, and now the notice goes.
    await ok(patel, 'POST', '/v1/decisions/hall-lease/outcome', governanceOutcome('Lease of the church hall'));
    await notice.getByText('Publish the notice of this decision').waitFor();
    await publish();
    await procedure(page).getByText('Decision notice published').waitFor();
    await page
      .locator('[data-call-in="hall-lease"]')
      .getByText(/^Call-in: open until the end of/)
      .waitFor();
    expect(await notice.count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '32-decision-notice-published.png'), fullPage: true });
    await page.goBack();
    await page.locator('li[data-notice="hall-lease"]').waitFor();
    expect(await page.locator('[data-awaiting="hall-lease"]').count()).toBe(0);

    const state = await decision('hall-lease');
    expect((await readAtHead(`${base}/decision-notices`)).notices).toEqual([
      expect.objectContaining({
        decisionId: 'hall-lease',
        decision: 'approved',
        callInUntil: state.callInUntil,
        publishedBy: expect.objectContaining({ personId: lowe.personId }),
      }),
    ]);
    await page.context().close();
  });

  it('has a board member record that a new decision supersedes an open one, offering only those the ledger accepts', async () => {
    const page = await openDecision(patel, 'depot-plan');
    const form = page.getByRole('form', { name: 'Supersede Depot plan' });
    const by = form.getByLabel('Superseded by');
    await by.locator('option[value="depot-plan-v2"]').waitFor({ state: 'attached' });
    const options = await by.locator('option').allInnerTexts();
    expect(options).toEqual(expect.arrayContaining(['Choose…', 'Depot plan, revised (draft)']));
    // Not itself, and nothing lapsed, rejected or superseded.
    expect(options.some((o) => o.startsWith('Depot plan ('))).toBe(false);
    await by.selectOption('depot-plan-v2');
    await form.getByLabel('Why?').fill(SUPERSEDED);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '33-supersede-form.png'), fullPage: true });
    await form.getByRole('button', { name: 'Supersede it' }).click();
    await page
      .locator('section[aria-labelledby="outcome-heading"]')
      .getByText('Superseded by depot-plan-v2.')
      .waitFor();
    expect(await form.count()).toBe(0);
    expect(await decision('depot-plan')).toMatchObject({ status: 'superseded', supersededBy: 'depot-plan-v2' });
    await page.context().close();
  });

  it('offers a member who holds none of those offices no control, and the API refuses them from their session', async () => {
    const page = await openDecision(lowe, 'kentish-disposal');
    expect(await procedure(page).innerText()).toBe('A key decision under the terms of reference.');
    expect(await controls(page).count()).toBe(0);
    const kentish = '/v1/decisions/kentish-disposal';
    expect(
      await postFromSession(page, `${kentish}/forward-plan`, {
        decisionMaker: 'Camden Regeneration board',
        expectedDate: londonDateIn(35),
      }),
    ).toEqual({ status: 403, code: 'not-drafter-or-board-member' });
    expect(
      await postFromSession(page, `${kentish}/general-exception`, {
        reason: EXCEPTION,
        scrutinyChairNotifiedAt: new Date().toISOString(),
      }),
    ).toEqual({ status: 403, code: 'not-drafter-or-board-member' });
    expect(await postFromSession(page, `${kentish}/special-urgency`, { reason: URGENCY })).toEqual({
      status: 403,
      code: 'not-scrutiny-chair',
    });
    // An approved decision whose notice is out: the drafter or a board member supersedes it, not Lowe.
    await page.goto(`${api.baseUrl}/console/#/d/hall-lease`);
    await procedure(page).getByText('Decision notice published').waitFor();
    expect(await controls(page).count()).toBe(0);
    expect(
      await postFromSession(page, '/v1/decisions/hall-lease/supersede', { by: 'yard-rules', reason: 'x' }),
    ).toEqual({
      status: 403,
      code: 'not-drafter-or-board-member',
    });
    const kentishState = await decision('kentish-disposal');
    expect([
      kentishState.forwardPlanPublishedAt,
      kentishState.generalExceptionPublishedAt,
      kentishState.specialUrgencyAgreedAt,
      (await decision('hall-lease')).supersededBy,
    ]).toEqual([undefined, undefined, undefined, undefined]);
    await page.context().close();

    // The external auditor reads the decision, but no party of theirs publishes its notice.
    const auditor = await openDecision(EXTERNAL_AUDITOR, 'yard-rules');
    expect(await controls(auditor).count()).toBe(0);
    expect(await postFromSession(auditor, '/v1/decisions/yard-rules/notice', {})).toEqual({
      status: 403,
      code: 'not-a-party',
    });
    expect((await decision('yard-rules')).noticePublishedAt).toBeUndefined();
    await auditor.context().close();
  });

  it('passes axe-core’s WCAG 2 A/AA checks with each form on screen, a field’s problem and a refusal among them', async () => {
    const drafter = await openDecision(patel, 'kentish-disposal');
    const plan = drafter.getByRole('form', { name: /^Forward plan/ });
    await plan.getByLabel('Date the decision is expected').fill(londonDateIn(-1));
    await plan.getByText('The expected date cannot be before today').waitFor();
    await drafter.getByRole('form', { name: /^General exception/ }).waitFor();
    const found = await axeViolations(drafter, 'forward plan and general exception');
    const chair = await openDecision(okafor, 'kentish-disposal');
    await chair.getByRole('form', { name: /^Special urgency/ }).waitFor();
    found.push(...(await axeViolations(chair, 'special urgency')));
    const notice = await openDecision(patel, 'yard-rules');
    await notice.getByRole('button', { name: 'Publish the decision notice' }).click();
    await notice.getByRole('button', { name: 'Confirm: publish the notice' }).click();
    await notice.getByRole('alert').waitFor();
    await notice.getByRole('form', { name: /^Supersede/ }).waitFor();
    found.push(...(await axeViolations(notice, 'notice refused and supersession')));
    for (const page of [drafter, chair, notice]) await page.context().close();
    expect(found).toEqual([]);
  });
});
