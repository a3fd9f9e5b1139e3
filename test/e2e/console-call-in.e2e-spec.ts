import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { ApiHarness, Caller } from '../support/api-harness';
import { describeIfBrowser, postFromSession, SCREENSHOT_DIR, signInToConsole } from '../support/browser';
import { startConsoleStack } from '../support/console-stack';
import { readYourWrites } from '../support/read-your-writes';
import {
  addIslingtonOutsider,
  addMember,
  approveWithNotice,
  asCaller,
  planGospelOakDisposal,
  seedCouncilPartnership,
  SMALL_LEDGER,
} from '../support/small-ledger';

/**
 * The console's council procedure pages (issue 18) in Chromium against the real API on real
 * PostgreSQL: a partnership's forward plan, its decision notices and where each approved decision
 * stands in call-in, reached from the partnership's own tabs. A member the ledger grants the
 * scrutiny role calls a decision in from there while its period runs; a board member without that
 * role sees the period but no way to call it in, and the API refuses them; someone outside the
 * parties sees nothing.
 */
const { camdenAdmin, patel, reid } = SMALL_LEDGER;
const okafor: Caller = { personId: 'r.okafor', orgId: 'camden-council', roles: ['member'] };
const adams: Caller = { personId: 'k.adams', orgId: 'camden-council', roles: ['member', 'scrutiny'] };
const partnershipId = 'camden-regeneration';
/** A London date as the console shows it to a reader in London (en-GB). */
const shown = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Europe/London' }).format(new Date(date));
const REASON = 'The costs of the standing orders’ clerking are not set out';

describeIfBrowser('the console’s council procedure pages in Chromium', () => {
  let api: ApiHarness;
  let browser: Browser;
  let close: (() => Promise<void>) | undefined;
  let callInUntil: string;
  const base = `/v1/partnerships/${partnershipId}`;
  const { ok, settled } = readYourWrites(() => api, patel, [`${base}/forward-plan`, `${base}/decision-notices`]);
  /** Through the partnership's tabs, as a reader finds it. */
  const openCouncilProcedure = async (page: Page) => {
    await page.getByRole('link', { name: 'Camden Regeneration' }).click();
    await page.getByRole('link', { name: 'Council procedure' }).click();
    await page.getByRole('table', { name: 'Forward plan' }).waitFor();
    await page.locator('[data-call-in="standing-orders"]').waitFor();
  };

  beforeAll(async () => {
    ({ api, browser, close } = await startConsoleStack());
    await addMember(api, camdenAdmin, okafor, { jobTitle: 'Chair of Overview and Scrutiny' });
    await addMember(api, camdenAdmin, adams, { jobTitle: 'Member of Overview and Scrutiny', role: 'scrutiny' });
    await addIslingtonOutsider(api);
    await seedCouncilPartnership(api, okafor.personId);
    // A key decision on the forward plan, not yet open.
    await planGospelOakDisposal(api);
    // Called in, referred back by scrutiny and confirmed by the board.
    await approveWithNotice(ok, 'depot-lease', 'Lease of the depot yard');
    await ok(adams, 'POST', '/v1/decisions/depot-lease/call-in', { reason: 'No other use was considered' });
    await ok(okafor, 'POST', '/v1/decisions/depot-lease/scrutiny-outcome', {
      outcome: 'referred-back',
      recommendations: 'Set out the other uses considered',
    });
    await ok(reid, 'POST', '/v1/decisions/depot-lease/reconsideration', { reason: 'The other uses are now set out' });
    // Open to call-in now.
    await approveWithNotice(ok, 'standing-orders', 'Standing orders for board meetings');
    await settled();
    const notices = await asCaller(api, patel, 'GET', `${base}/decision-notices`);
    callInUntil = notices.body.notices.find(
      (n: { decisionId: string }) => n.decisionId === 'standing-orders',
    ).callInUntil;
  }, 120_000);

  afterAll(() => close?.());

  it('shows a board member the forward plan, the notices and each call-in, with no way to call one in; the API refuses them', async () => {
    const page = await signInToConsole(browser, api.baseUrl, /j\.patel/);
    await openCouncilProcedure(page);

    const entry = await page.locator('tr[data-plan-entry="gospel-oak-disposal"]').innerText();
    // Badges are capitalised by the style sheet.
    expect(entry).toMatch(/^Disposal of the Gospel Oak depot\s*key decision\t/i);
    expect(entry).toMatch(/\tCamden Regeneration board\t.+\tGospel Oak valuation report\tplanned\t/i);
    expect(entry).toContain('by j.patel');

    const open = page.locator('[data-call-in="standing-orders"]');
    expect(await open.innerText()).toContain(
      `Call-in: open until the end of ${shown(callInUntil)}. Members granted the scrutiny role may call it in.`,
    );
    const referred = await page.locator('[data-call-in="depot-lease"]').innerText();
    expect(referred).toMatch(/Call-in: called in .+; scrutiny: referred back to the board\./);
    expect(referred).toMatch(/The board reconsidered and confirmed it /);
    expect(referred).toContain('k.adams (camden-council) asked for a call-in: “No other use was considered”');
    const notice = await page.locator('li[data-notice="standing-orders"]').innerText();
    expect(notice).toContain('Reason: The board needs clear rules');
    expect(notice).toContain('Alternative rejected: Each party’s own rules');
    expect(notice).toContain('Published by s.reid');

    expect(await page.getByRole('button', { name: 'Call in' }).count()).toBe(0);
    expect(await page.locator('form[aria-label^="Call in"]').count()).toBe(0);
    // The same signed-in session, asking the API directly, is refused and nothing is written.
    const refused = await postFromSession(page, '/v1/decisions/standing-orders/call-in', {
      reason: 'I would rather it waited',
    });
    expect(refused).toEqual({ status: 403, code: 'not-scrutiny-member' });
    const state = await asCaller(api, patel, 'GET', '/v1/decisions/standing-orders');
    expect(state.body.callInRequests).toEqual({});
    await page.screenshot({ path: join(SCREENSHOT_DIR, '21-council-procedure.png'), fullPage: true });
    await page.context().close();
  });

  it('tells someone outside the parties there is nothing to see', async () => {
    const page = await signInToConsole(browser, api.baseUrl, /o\.stone/);
    await page.goto(`${api.baseUrl}/console/#/p/${partnershipId}/council`);
    await page.getByRole('heading', { name: 'Not found', level: 2 }).waitFor();
    expect(await page.getByRole('table', { name: 'Forward plan' }).count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toContain('Standing orders');
    await page.context().close();
  });

  it('lets a scrutiny member call a decision in within its period, with reasons, and shows it called in', async () => {
    const page = await signInToConsole(browser, api.baseUrl, /k\.adams/);
    await openCouncilProcedure(page);
    // Already asked for the depot lease: nothing more to do there.
    expect(await page.locator('[data-call-in="depot-lease"] form').count()).toBe(0);

    const form = page.getByRole('form', { name: 'Call in Standing orders for board meetings' });
    await form.getByLabel('Why should scrutiny look at it again?').fill(REASON);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '22-call-in-form.png'), fullPage: true });
    await form.getByRole('button', { name: 'Call in' }).click();
    const panel = page.locator('[data-call-in="standing-orders"]');
    await panel.getByText('awaiting the scrutiny committee').waitFor();
    expect(await panel.innerText()).toContain(`k.adams (camden-council) asked for a call-in: “${REASON}”`);
    expect(await panel.locator('form').count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '23-called-in.png'), fullPage: true });

    // The ledger has it: the board can no longer implement the decision.
    const state = await asCaller(api, patel, 'GET', '/v1/decisions/standing-orders');
    expect(state.body.callInRequests['k.adams']).toMatchObject({ reason: REASON });
    expect(state.body.calledInAt).toEqual(expect.any(String));
    const implemented = await api.request('POST', '/v1/decisions/standing-orders/implemented', {
      token: await api.token(patel),
      body: {},
    });
    expect([implemented.status, implemented.body.code]).toEqual([422, 'decision-called-in']);

    // The decision page keeps the call-in record: who asked and why, and what scrutiny recommended.
    await page.getByRole('link', { name: 'Lease of the depot yard' }).click();
    const record = page.getByRole('list', { name: 'Call-in record: Lease of the depot yard' });
    await record.waitFor();
    expect(await record.locator('li').allInnerTexts()).toEqual([
      expect.stringMatching(/k\.adams .*asked as a scrutiny member that .* be called in: No other use was considered/),
      expect.stringMatching(/called in .* for scrutiny \(1 members\)/),
      expect.stringMatching(/r\.okafor .*referred-back, recommending: Set out the other uses considered/),
      expect.stringMatching(/s\.reid .*the board, reconsidering, confirmed .*: The other uses are now set out/),
    ]);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '24-call-in-record.png'), fullPage: true });
    await page.context().close();
  });
});
