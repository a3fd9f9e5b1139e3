import { Browser } from 'playwright-core';
import { ApiHarness } from '../support/api-harness';
import { describeIfBrowser, screenshot, signInToConsole } from '../support/browser';
import { startConsoleStack } from '../support/console-stack';
import { asCaller, EXTERNAL_AUDITOR, registerExternalAuditor, SMALL_LEDGER } from '../support/small-ledger';

/**
 * Personal data erased, in the console (issue 19) in Chromium against the real API: where a
 * member's interest and the dispensation restating it were, every page that showed them (the
 * decision's interests, its audit lines, the accountability report) says when and why they were
 * erased, and none still holds the erased words; a withheld exempt value still reads "withheld:
 * Schedule 12A para 3".
 */
const { camdenAdmin, patel, reid, decisionId } = SMALL_LEDGER;
const INTEREST = 'Her home is 200 m from the Station Road site.';
const DISPENSATION = 'Her home is outside the area the disposal affects.';
const PRICE = '£2,450,000';
const ERASED_BY_REQUEST = /erased on \d{1,2} \w{3} \d{4} at the person's request/;

describeIfBrowser('erased personal data in the console, in Chromium', () => {
  let api: ApiHarness;
  let browser: Browser;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ api, browser, close } = await startConsoleStack({ AUDIT_CHECKPOINT_EVERY_SECONDS: '0.5' }));
    await registerExternalAuditor(api);
    await asCaller(api, patel, 'POST', `/v1/decisions/${decisionId}/interests`, { nature: INTEREST });
    await asCaller(api, reid, 'POST', `/v1/decisions/${decisionId}/dispensations`, {
      personId: patel.personId,
      reason: DISPENSATION,
    });
    await asCaller(api, patel, 'POST', `/v1/decisions/${decisionId}/exempt-items`, {
      itemId: 'land-price',
      part: 'value',
      paragraph: 3,
      publicInterestReason: 'Disclosing the price before contracts are exchanged would weaken the council’s position',
      value: PRICE,
    });
  }, 120_000);

  afterAll(() => close?.());

  it('says "erased on … at the person’s request" wherever the erased interest was shown, and never shows it', async () => {
    const page = await signInToConsole(browser, api.baseUrl, new RegExp(EXTERNAL_AUDITOR.personId));
    const interests = page.locator('section[aria-labelledby="interests-and-dispensations-heading"] li');
    const interestLine = page.locator('.audit-lines li', { hasText: 'declared an interest' });
    const withheld = page.locator('li[data-exempt-item="land-price"]');
    await page.goto(`${api.baseUrl}/console/#/d/${decisionId}`);
    await interests.first().waitFor();
    expect(await interests.allInnerTexts()).toEqual([
      expect.stringContaining(`declared an interest: ${INTEREST}`),
      expect.stringContaining(`a dispensation: ${DISPENSATION}`),
    ]);
    expect(await withheld.innerText()).toMatch(/withheld: Schedule 12A para 3/);

    await asCaller(
      api,
      camdenAdmin,
      'POST',
      `/v1/organisations/${patel.orgId}/members/${patel.personId}/erase-personal-data`,
      { reason: 'person-request', lawfulBasis: 'consent-withdrawn' },
    );
    await page.reload();
    await interestLine.waitFor();
    const [interest, dispensation] = await interests.allInnerTexts();
    expect(interest).toMatch(new RegExp(`declared an interest: ${ERASED_BY_REQUEST.source}`));
    expect(dispensation).toMatch(new RegExp(`a dispensation: ${ERASED_BY_REQUEST.source}`));
    expect(await interestLine.innerText()).toMatch(ERASED_BY_REQUEST);
    expect(await withheld.innerText()).toMatch(/withheld: Schedule 12A para 3/);
    const text = await page.locator('main').innerText();
    for (const erased of [INTEREST, DISPENSATION, '[erased]', PRICE]) expect(text).not.toContain(erased);
    await screenshot(page, 'erasure-decision');

    await page.getByRole('link', { name: 'Accountability' }).click();
    await page.getByRole('link', { name: 'Camden Council' }).click();
    const reported = page.locator('li', { hasText: /in Disposal of the Station Road site/ });
    await page.getByRole('heading', { name: 'Interests declared' }).waitFor();
    expect(await reported.first().innerText()).toMatch(ERASED_BY_REQUEST);
    expect(await page.locator('main').innerText()).not.toContain(INTEREST);
    await screenshot(page, 'erasure-accountability');
    await page.context().close();
  });
});
