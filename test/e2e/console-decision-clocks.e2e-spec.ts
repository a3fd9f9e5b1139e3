import { Browser, Page } from 'playwright-core';
import { ApiHarness } from '../support/api-harness';
import { axeViolations, describeIfBrowser, localInput, screenshot, signInToConsole } from '../support/browser';
import { startConsoleStack } from '../support/console-stack';
import { addIslingtonOutsider, SMALL_LEDGER } from '../support/small-ledger';
import { ago, DAY, enterPastApproval } from '../support/two-clocks';

/**
 * The decision page on both clocks (issue 17) in Chromium against the real API: a decision of
 * two months ago entered today shows each act when it happened and when it was recorded; the
 * page's two controls, "As recorded on" (asOf) and "As it stood at" (at), reload it as it then
 * stood with the instants in the URL; someone outside its parties sees "Not found" at any time.
 */
const { patel, reid, partnershipId } = SMALL_LEDGER;
const DECISION = 'past-deal';

describeIfBrowser('the decision page on both clocks, in Chromium', () => {
  let api: ApiHarness;
  let browser: Browser;
  let close: (() => Promise<void>) | undefined;
  const signOffs = (page: Page) => page.locator('section[aria-labelledby="sign-offs-heading"] li');

  beforeAll(async () => {
    ({ api, browser, close } = await startConsoleStack({ AUDIT_CHECKPOINT_EVERY_SECONDS: '0.5' }));
    await addIslingtonOutsider(api);
    // Drafted 62 days ago, opened 60, signed off by Camden 57 and Peabody 55 days ago: entered today.
    await enterPastApproval(api, partnershipId, [patel, reid], {
      decisionId: DECISION,
      title: 'Adopt the lettings plan',
      motion: 'That the partnership adopts the lettings plan.',
    });
  }, 120_000);

  afterAll(() => close?.());

  it('reloads the page as it stood at an instant and as recorded on another, both in the URL', async () => {
    const page = await signInToConsole(browser, api.baseUrl, /s\.reid/);
    await page.goto(`${api.baseUrl}/console/#/d/${DECISION}`);
    await page.getByRole('heading', { name: 'Adopt the lettings plan', level: 1 }).waitFor();
    await page.locator('.badge.status-approved').first().waitFor();
    await signOffs(page).nth(1).waitFor();
    // Each sign-off says when it was given and, weeks later, when the ledger recorded it.
    expect(await signOffs(page).allInnerTexts()).toEqual([
      expect.stringMatching(/signed off .* — .*, recorded .*, position \d+/),
      expect.stringMatching(/signed off .* — .*, recorded .*, position \d+/),
    ]);
    await page.locator('.audit-lines li').first().getByText('happened').waitFor();

    // As it stood 56 days ago: open, Camden's sign-off only.
    await page.getByLabel('As it stood at').fill(await localInput(page, ago(56 * DAY)));
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByText('Showing the decision as it stood at').waitFor();
    expect(new URL(page.url()).hash).toMatch(new RegExp(`^#/d/${DECISION}\\?at=\\d{4}-\\d\\d-\\d\\dT`));
    await page.locator('.badge.status-open').first().waitFor();
    await expect(signOffs(page).count()).resolves.toBe(1);
    expect(await signOffs(page).innerText()).toMatch(/J\. ?Patel|j\.patel/i);
    expect(await page.locator('.audit-lines li').count()).toBe(3);
    await screenshot(page, 'decision-as-it-stood-at');
    expect(await axeViolations(page, 'the decision as it stood')).toEqual([]);

    // As the ledger said an hour ago, before any of it was recorded: not found, with the way back.
    await page.getByLabel('As recorded on').fill(await localInput(page, ago(3_600_000)));
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByRole('heading', { name: 'Not found', level: 2 }).waitFor();
    expect(new URL(page.url()).hash).toMatch(/\?asOf=.*&at=/);
    await page.getByRole('button', { name: 'Back to now' }).click();
    await page.locator('.badge.status-approved').first().waitFor();
    expect(new URL(page.url()).hash).toBe(`#/d/${DECISION}`);
    await page.context().close();
  });

  it('shows someone outside its parties "Not found", at any time', async () => {
    const page = await signInToConsole(browser, api.baseUrl, /o\.stone/);
    for (const query of ['', `?at=${encodeURIComponent(ago(56 * DAY))}`, `?asOf=${encodeURIComponent(ago(0))}`]) {
      await page.goto(`${api.baseUrl}/console/#/d/${DECISION}${query}`);
      await page.reload();
      await page.getByRole('heading', { name: 'Not found', level: 2 }).waitFor();
      expect(await page.getByText('Adopt the lettings plan').count()).toBe(0);
    }
    await page.context().close();
  });
});
