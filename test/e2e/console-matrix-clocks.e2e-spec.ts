import { Browser, Page } from 'playwright-core';
import { ApiHarness, Caller } from '../support/api-harness';
import { axeViolations, describeIfBrowser, localInput, screenshot, signInToConsole } from '../support/browser';
import { startConsoleStack } from '../support/console-stack';
import { addIslingtonOutsider, asCaller, SMALL_LEDGER } from '../support/small-ledger';
import { ago, DAY, enterPastApproval } from '../support/two-clocks';

/**
 * The approvals matrix on both clocks (issue 17) in Chromium against the real API: a partnership
 * founded three months ago and a decision of two months ago, all entered today; its page's two controls, "As recorded on" (asOf) and
 * "As it stood at" (at), reload the matrix as it then stood with the instants in the URL, kept
 * when switching to the timeline; someone outside its parties sees "Not found" at any time.
 */
const { admin } = SMALL_LEDGER;
const partnershipId = 'hackney-homes';
const DECISION = 'past-matrix';
const ward: Caller = { personId: 'a.ward', orgId: 'hackney-council', roles: ['member'] };
const jones: Caller = { personId: 'b.jones', orgId: 'clarion', roles: ['member'] };

describeIfBrowser('the approvals matrix on both clocks, in Chromium', () => {
  let api: ApiHarness;
  let browser: Browser;
  let close: (() => Promise<void>) | undefined;
  const cell = (page: Page, party: string) =>
    page.locator(`tr[data-decision="${DECISION}"] td[data-party="${party}"] .cell`);

  beforeAll(async () => {
    ({ api, browser, close } = await startConsoleStack({ AUDIT_CHECKPOINT_EVERY_SECONDS: '0.5' }));
    await addIslingtonOutsider(api);
    // Hackney and Clarion registered 100 days ago, in partnership from 90; all entered today.
    for (const [member, name, kind] of [
      [ward, 'Hackney Council', 'local-authority'],
      [jones, 'Clarion Housing', 'housing-association'],
    ] as const) {
      const organisation = `/v1/organisations/${member.orgId}`;
      await asCaller(api, admin, 'POST', '/v1/organisations', {
        organisationId: member.orgId,
        name,
        kind,
        occurredAt: ago(100 * DAY),
      });
      await asCaller(api, admin, 'POST', `${organisation}/members`, {
        personId: member.personId,
        jobTitle: 'Director of Housing',
        occurredAt: ago(99 * DAY),
      });
      await asCaller(api, admin, 'POST', `${organisation}/authorities`, {
        personId: member.personId,
        categories: ['governance', 'land-disposal'],
        valueLimitPence: 1_000_000_000,
        instrument: `Scheme of delegation (${member.orgId})`,
        validFrom: ago(99 * DAY),
        occurredAt: ago(99 * DAY),
      });
    }
    await asCaller(api, ward, 'POST', '/v1/partnerships', {
      partnershipId,
      title: 'Hackney Homes Partnership',
      purpose: 'Homes on council land',
      parties: [ward.orgId, jones.orgId],
      occurredAt: ago(90 * DAY),
    });
    for (const person of [ward, jones]) {
      await asCaller(api, person, 'POST', `/v1/partnerships/${partnershipId}/join`, { occurredAt: ago(89 * DAY) });
      await asCaller(api, person, 'POST', `/v1/partnerships/${partnershipId}/board`, {
        personId: person.personId,
        occurredAt: ago(89 * DAY),
      });
    }
    // Drafted 62 days ago, opened 60, signed off by Hackney 57 and Clarion 55 days ago.
    await enterPastApproval(api, partnershipId, [ward, jones], {
      decisionId: DECISION,
      title: 'Adopt the allocations policy',
      motion: 'That the partnership adopts the allocations policy.',
    });
  }, 120_000);

  afterAll(() => close?.());

  it('reloads the matrix as it stood at an instant and as recorded on another, both in the URL', async () => {
    const page = await signInToConsole(browser, api.baseUrl, /b\.jones/);
    await page.goto(`${api.baseUrl}/console/#/p/${partnershipId}/approvals`);
    await cell(page, 'clarion').and(page.locator('.signed')).waitFor();
    await cell(page, 'hackney-council').and(page.locator('.signed')).waitFor();

    // As it stood 56 days ago: open, Hackney's sign-off given, Clarion's awaited.
    await page.getByLabel('As it stood at').fill(await localInput(page, ago(56 * DAY)));
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByText('Showing the partnership as it stood at').waitFor();
    expect(new URL(page.url()).hash).toMatch(new RegExp(`^#/p/${partnershipId}/approvals\\?at=\\d{4}-\\d\\d-\\d\\dT`));
    await cell(page, 'clarion').getByText('Sign-off awaited').waitFor();
    expect(await cell(page, 'hackney-council').getAttribute('class')).toContain('signed');
    await page.locator(`tr[data-decision="${DECISION}"] .badge.status-open`).waitFor();
    await screenshot(page, 'matrix-as-it-stood-at');
    expect(await axeViolations(page, 'the matrix as it stood')).toEqual([]);
    // The timeline tab keeps the instant.
    await page.getByRole('link', { name: 'Timeline' }).click();
    await page.waitForURL(/#\/p\/[^/]+\/timeline\?at=/);
    await page.getByText('Showing the partnership as it stood at').waitFor();
    await page.getByRole('link', { name: 'Approvals matrix' }).click();
    await cell(page, 'clarion').getByText('Sign-off awaited').waitFor();

    // As the ledger said an hour ago, before any of it was recorded: not found, with the way back.
    await page.getByLabel('As recorded on').fill(await localInput(page, ago(3_600_000)));
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.getByRole('heading', { name: 'Not found', level: 2 }).waitFor();
    expect(new URL(page.url()).hash).toMatch(/\?asOf=.*&at=/);
    await page.getByRole('button', { name: 'Back to now' }).click();
    await cell(page, 'clarion').and(page.locator('.signed')).waitFor();
    expect(new URL(page.url()).hash).toBe(`#/p/${partnershipId}/approvals`);
    await page.context().close();
  });

  it('shows someone outside its parties "Not found", at any time', async () => {
    const page = await signInToConsole(browser, api.baseUrl, /o\.stone/);
    for (const query of ['', `?at=${encodeURIComponent(ago(56 * DAY))}`, `?asOf=${encodeURIComponent(ago(0))}`]) {
      await page.goto(`${api.baseUrl}/console/#/p/${partnershipId}/approvals${query}`);
      await page.reload();
      await page.getByRole('heading', { name: 'Not found', level: 2 }).waitFor();
      expect(await page.getByText('Adopt the allocations policy').count()).toBe(0);
    }
    await page.context().close();
  });
});
