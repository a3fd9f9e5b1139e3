import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { ApiHarness, Caller } from '../support/api-harness';
import { axeViolations, describeIfBrowser, postFromSession, SCREENSHOT_DIR, signInToConsole } from '../support/browser';
import { startConsoleStack } from '../support/console-stack';
import { readYourWrites } from '../support/read-your-writes';
import { addMember, approveWithNotice, asCaller, seedCouncilPartnership, SMALL_LEDGER } from '../support/small-ledger';

/**
 * The steps after a call-in from the console's Council procedure tab (issue 18), in Chromium
 * against the real API on real PostgreSQL: the scrutiny chair the terms name records the
 * committee's outcome, a board member records the board's reconsideration, and the drafter records
 * the decision implemented, each from their own session, in that order, while the others' tabs
 * follow live; implementing too early shows the API's refusal in its words. A member who holds
 * none of those offices sees no control, and the API refuses them from their session.
 */
const { camdenAdmin, patel } = SMALL_LEDGER;
const okafor: Caller = { personId: 'r.okafor', orgId: 'camden-council', roles: ['member'] };
const adams: Caller = { personId: 'k.adams', orgId: 'camden-council', roles: ['member', 'scrutiny'] };
const lowe: Caller = { personId: 'm.lowe', orgId: 'camden-council', roles: ['member'] };
const hale: Caller = { personId: 'g.hale', orgId: 'camden-council', roles: ['member', 'governance'] };
const partnershipId = 'camden-regeneration';
const RECOMMENDATIONS = 'Set out what the hostel’s residents were told';
const RECONSIDERED = 'The residents’ consultation is now set out';

describeIfBrowser('the steps after a call-in, from the console', () => {
  let api: ApiHarness;
  let browser: Browser;
  let close: (() => Promise<void>) | undefined;
  const base = `/v1/partnerships/${partnershipId}`;
  const { ok, settled } = readYourWrites(() => api, patel, [`${base}/decision-notices`]);
  const openCouncilProcedure = async (who: RegExp): Promise<Page> => {
    const page = await signInToConsole(browser, api.baseUrl, who);
    await page.getByRole('link', { name: 'Camden Regeneration' }).click();
    await page.getByRole('link', { name: 'Council procedure' }).click();
    for (const id of ['hostel-lease', 'depot-lease', 'yard-lease'])
      await page.locator(`[data-call-in="${id}"] p`).first().waitFor();
    return page;
  };
  const decision = async (id: string) => (await asCaller(api, patel, 'GET', `/v1/decisions/${id}`)).body;

  beforeAll(async () => {
    ({ api, browser, close } = await startConsoleStack());
    await addMember(api, camdenAdmin, okafor, { jobTitle: 'Chair of Overview and Scrutiny' });
    await addMember(api, camdenAdmin, adams, { jobTitle: 'Member of Overview and Scrutiny', role: 'scrutiny' });
    await addMember(api, camdenAdmin, lowe, { jobTitle: 'Housing officer' });
    await addMember(api, camdenAdmin, hale, { jobTitle: 'Monitoring Officer', role: 'governance' });
    await seedCouncilPartnership(api, okafor.personId);
    // In its call-in period: walked through every step by the first test.
    await approveWithNotice(ok, 'hostel-lease', 'Lease of the Kentish Town hostel');
    // Called in, awaiting scrutiny's outcome.
    await approveWithNotice(ok, 'depot-lease', 'Lease of the depot yard');
    await ok(adams, 'POST', '/v1/decisions/depot-lease/call-in', { reason: 'No other use was considered' });
    // Referred back, awaiting the board's reconsideration.
    await approveWithNotice(ok, 'yard-lease', 'Lease of the builders’ yard');
    await ok(adams, 'POST', '/v1/decisions/yard-lease/call-in', { reason: 'The rent is below market' });
    await ok(okafor, 'POST', '/v1/decisions/yard-lease/scrutiny-outcome', {
      outcome: 'referred-back',
      recommendations: 'Obtain a second valuation',
    });
    // Called in, no further action, implemented.
    await approveWithNotice(ok, 'store-lease', 'Lease of the grit store');
    await ok(adams, 'POST', '/v1/decisions/store-lease/call-in', { reason: 'The term is too long' });
    await ok(okafor, 'POST', '/v1/decisions/store-lease/scrutiny-outcome', { outcome: 'no-further-action' });
    await ok(patel, 'POST', '/v1/decisions/store-lease/implemented', {});
    await settled();
  }, 120_000);

  afterAll(() => close?.());

  it('has the scrutiny chair, the board and the drafter record each step in order, every tab following live', async () => {
    const drafter = await openCouncilProcedure(/j\.patel/);
    const chair = await openCouncilProcedure(/r\.okafor/);
    const atDrafter = drafter.locator('[data-call-in="hostel-lease"]');
    const atChair = chair.locator('[data-call-in="hostel-lease"]');

    // Within the call-in period the drafter is offered implementation, and the API's refusal says why not yet.
    const implement = async () => {
      await atDrafter.getByRole('button', { name: 'Record as implemented' }).click();
      await atDrafter.getByRole('button', { name: 'Confirm: implemented' }).click();
    };
    expect(await atChair.getByRole('group', { name: /^Implementation/ }).count()).toBe(0);
    expect(await atDrafter.getByRole('group', { name: /^Implementation/ }).innerText()).toContain(
      'The ledger refuses implementation until the call-in period has ended',
    );
    await implement();
    await atDrafter.getByRole('alert').getByText('(decision-in-call-in-period)').waitFor();
    expect(await atDrafter.getByRole('alert').innerText()).toMatch(
      /^Not recorded: it may be called in until the end of \d{4}-\d\d-\d\d \(decision-in-call-in-period\)$/,
    );

    // Called in by scrutiny: both tabs show it without a reload; still not to be implemented.
    await ok(adams, 'POST', '/v1/decisions/hostel-lease/call-in', { reason: 'The residents were not consulted' });
    await atDrafter.getByText('awaiting the scrutiny committee').waitFor();
    await atDrafter.getByText('Called in: the ledger refuses implementation until scrutiny decides.').waitFor();
    await implement();
    await atDrafter.getByRole('alert').getByText('(decision-called-in)').waitFor();
    expect(await atDrafter.getByRole('form').count()).toBe(0);

    // The scrutiny chair refers it back with recommendations; the form goes once it is recorded.
    const outcome = atChair.getByRole('form', { name: 'Scrutiny outcome: Lease of the Kentish Town hostel' });
    await outcome.getByLabel('The scrutiny committee’s outcome').selectOption('referred-back');
    await outcome.getByLabel(/^Recommendations/).fill(RECOMMENDATIONS);
    await chair.screenshot({ path: join(SCREENSHOT_DIR, '25-scrutiny-outcome-form.png'), fullPage: true });
    await outcome.getByRole('button', { name: 'Record the outcome' }).click();
    await atChair.getByText('scrutiny: referred back to the board.').waitFor();
    expect(await atChair.getByRole('form').count()).toBe(0);

    // The drafter, a board member, sees the referral arrive and confirms the decision with reasons.
    const reconsider = atDrafter.getByRole('form', { name: 'Reconsider Lease of the Kentish Town hostel' });
    await reconsider.waitFor();
    expect(await atDrafter.innerText()).toContain(
      'scrutiny: referred back to the board. Awaiting the board’s reconsideration.',
    );
    await reconsider.getByLabel('Why does the board confirm it?').fill(RECONSIDERED);
    await drafter.screenshot({ path: join(SCREENSHOT_DIR, '26-reconsideration-form.png'), fullPage: true });
    await reconsider.getByRole('button', { name: 'Confirm the decision' }).click();
    await atDrafter.getByText('The board reconsidered and confirmed it').waitFor();
    expect(await atDrafter.getByRole('form').count()).toBe(0);

    // Now it may be put into effect; the chair's tab sees that too.
    await implement();
    await atDrafter.getByText(/Implemented \d/).waitFor();
    expect(await atDrafter.getByRole('group', { name: /^Implementation/ }).count()).toBe(0);
    await atChair.getByText(/Implemented \d/).waitFor();
    await drafter.screenshot({ path: join(SCREENSHOT_DIR, '27-implemented.png'), fullPage: true });

    const recorded = await decision('hostel-lease');
    expect(recorded).toMatchObject({ scrutinyOutcome: 'referred-back' });
    expect([recorded.calledInAt, recorded.reconsideredAt, recorded.implementedAt]).toEqual([
      expect.any(String),
      expect.any(String),
      expect.any(String),
    ]);
    const trail = await asCaller(api, patel, 'GET', '/v1/decisions/hostel-lease/trail');
    const lines = (trail.body.lines as { type: string; line: string }[]).filter((l) =>
      ['ScrutinyOutcomeRecorded', 'DecisionReconsidered', 'DecisionImplemented'].includes(l.type),
    );
    expect(lines.map((l) => l.type)).toEqual([
      'ScrutinyOutcomeRecorded',
      'DecisionReconsidered',
      'DecisionImplemented',
    ]);
    expect(lines[0]?.line).toContain(`r.okafor`);
    expect(lines[0]?.line).toContain(RECOMMENDATIONS);
    expect(lines[1]?.line).toContain(RECONSIDERED);
    for (const page of [drafter, chair]) await page.context().close();
  });

  it('offers a member who holds none of those offices no control, and the API refuses them from their session', async () => {
    const page = await openCouncilProcedure(/m\.lowe/);
    expect(await page.locator('[data-call-in="depot-lease"]').innerText()).toContain('awaiting the scrutiny committee');
    expect(await page.locator('[data-call-in="yard-lease"]').innerText()).toContain('referred back to the board');
    expect(await page.locator('[data-call-in] form').count()).toBe(0);
    expect(await page.locator('[data-call-in] button').count()).toBe(0);

    expect(
      await postFromSession(page, '/v1/decisions/depot-lease/scrutiny-outcome', { outcome: 'no-further-action' }),
    ).toEqual({ status: 403, code: 'not-scrutiny-chair' });
    expect(await postFromSession(page, '/v1/decisions/yard-lease/reconsideration', { reason: 'It was fine' })).toEqual({
      status: 403,
      code: 'not-a-board-member',
    });
    expect(await postFromSession(page, '/v1/decisions/yard-lease/implemented', {})).toEqual({
      status: 403,
      code: 'not-drafter-or-board-member',
    });
    const [depot, yard] = [await decision('depot-lease'), await decision('yard-lease')];
    expect([depot.scrutinyOutcome, yard.reconsideredAt, yard.implementedAt]).toEqual([undefined, undefined, undefined]);
    await page.context().close();
  });

  it('passes axe-core’s WCAG 2 A/AA checks with each control on screen', async () => {
    const chair = await openCouncilProcedure(/r\.okafor/);
    await chair.locator('form[aria-label^="Scrutiny outcome"]').waitFor();
    const board = await openCouncilProcedure(/s\.reid/);
    await board.locator('form[aria-label^="Reconsider"]').waitFor();
    // The implementation control's confirmation on screen too, beside another's first button.
    await board.getByRole('button', { name: 'Record as implemented' }).first().click();
    await board.getByRole('button', { name: 'Confirm: implemented' }).waitFor();
    const found = [...(await axeViolations(chair, 'scrutiny chair')), ...(await axeViolations(board, 'board member'))];
    // The decision's own page offers the same step to the same member.
    await board.getByRole('link', { name: 'Lease of the builders’ yard' }).click();
    await board.getByRole('form', { name: 'Reconsider Lease of the builders’ yard' }).waitFor();
    await board.locator('main .state[role=status]').first().waitFor({ state: 'detached' });
    found.push(...(await axeViolations(board, 'decision page')));
    for (const page of [chair, board]) await page.context().close();
    expect(found).toEqual([]);
  });

  it('shows governance the call-ins, their outcomes and what was implemented on the accountability dashboard', async () => {
    const page = await signInToConsole(browser, api.baseUrl, /g\.hale/);
    await page.getByRole('link', { name: 'Accountability' }).click();
    const calledIn = page.getByRole('list', { name: 'Called in' });
    await calledIn.waitFor();
    const lines = await calledIn.locator('li').allInnerTexts();
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Lease of the depot yard — called in .+; awaiting scrutiny$/),
        expect.stringMatching(/^Lease of the builders’ yard — called in .+; scrutiny: referred back to the board$/),
        expect.stringMatching(/^Lease of the grit store — called in .+; scrutiny: no further action$/),
      ]),
    );
    expect(await page.getByRole('list', { name: 'Implemented' }).locator('li').allInnerTexts()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Lease of the grit store — implemented \d/)]),
    );
    expect(await page.locator('main').innerText()).toContain(
      'None: every key decision was on the forward plan for 28 clear days.',
    );
    await page.screenshot({ path: join(SCREENSHOT_DIR, '28-accountability-council-procedure.png'), fullPage: true });
    expect(await axeViolations(page, 'accountability')).toEqual([]);
    await page.context().close();
  });

  it('offers no control on a decision shown as it stood at another time: an act would apply to it as it is now', async () => {
    const page = await signInToConsole(browser, api.baseUrl, /j\.patel/);
    const implement = page.getByRole('button', { name: 'Record as implemented' });
    await page.goto(`${api.baseUrl}/console/#/d/depot-lease`);
    await implement.waitFor();
    await page.goto(`${api.baseUrl}/console/#/d/depot-lease?at=${encodeURIComponent(new Date().toISOString())}`);
    await page.getByText('Showing the decision as it stood at').waitFor();
    await page.locator('[data-call-in="depot-lease"] p').first().waitFor();
    expect(await implement.count()).toBe(0);
    await page.context().close();
  });
});
