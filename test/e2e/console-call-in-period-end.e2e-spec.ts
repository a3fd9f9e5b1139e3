import { callInPeriodEndsAt } from '@accord/domain';
import { Browser } from 'playwright-core';
import { ApiHarness, Caller } from '../support/api-harness';
import { describeIfBrowser, signInToConsole } from '../support/browser';
import { startConsoleStack } from '../support/console-stack';
import { moveDateTo } from '../support/fake-date';
import { until } from '../support/log-following-worker';
import { readYourWrites } from '../support/read-your-writes';
import { addMember, approveWithNotice, asCaller, seedCouncilPartnership, SMALL_LEDGER } from '../support/small-ledger';

/**
 * The console takes a call-in period as ended when the ledger says so (issue 18), in Chromium
 * against the real API on real PostgreSQL. The API's clock is moved past the period's end until
 * the scheduler records it, then set back: the browser's date is still within the period, as a
 * reader's clock that is behind would be, and the console still shows the recorded end, with its
 * time, offers scrutiny no call-in and the drafter no refusal ahead.
 */
const { camdenAdmin, patel } = SMALL_LEDGER;
const okafor: Caller = { personId: 'r.okafor', orgId: 'camden-council', roles: ['member'] };
const adams: Caller = { personId: 'k.adams', orgId: 'camden-council', roles: ['member', 'scrutiny'] };
const partnershipId = 'camden-regeneration';
const TITLE = 'Lease of the depot yard';

describeIfBrowser('a call-in period ended by the ledger, in the console', () => {
  let api: ApiHarness;
  let browser: Browser;
  let close: (() => Promise<void>) | undefined;
  const { ok, settled } = readYourWrites(() => api, patel, [`/v1/partnerships/${partnershipId}/decision-notices`]);

  beforeAll(async () => {
    ({ api, browser, close } = await startConsoleStack());
    await addMember(api, camdenAdmin, okafor, { jobTitle: 'Chair of Overview and Scrutiny' });
    await addMember(api, camdenAdmin, adams, { jobTitle: 'Member of Overview and Scrutiny', role: 'scrutiny' });
    await seedCouncilPartnership(api, okafor.personId);
    await approveWithNotice(ok, 'depot-lease', TITLE);
    await settled();
  }, 120_000);

  afterAll(async () => {
    jest.useRealTimers();
    await close?.();
  });

  it('shows the recorded end with its time, and no call-in, while the browser’s date is still within the period', async () => {
    // Read as the platform admin, who never signs in below: reads while the clock is moved count
    // towards a rate-limit window in the future, which would refuse that person's session later.
    const decision = async () => (await asCaller(api, SMALL_LEDGER.admin, 'GET', '/v1/decisions/depot-lease')).body;
    const { callInUntil } = await decision();
    const endsAt = callInPeriodEndsAt(callInUntil);
    moveDateTo(Date.parse(endsAt) + 60_000);
    await until(async () => (await decision()).callInEndedAt === endsAt, 'the scheduler to end the period');
    jest.useRealTimers();
    expect(new Date().toISOString() < endsAt).toBe(true);

    const panelOf = async (who: RegExp) => {
      const page = await signInToConsole(browser, api.baseUrl, who);
      await page.getByRole('link', { name: 'Camden Regeneration' }).click();
      await page.getByRole('link', { name: 'Council procedure' }).click();
      const panel = page.locator('[data-call-in="depot-lease"]');
      await panel.getByText('the period ended').waitFor();
      expect(await panel.locator('p').first().innerText()).toMatch(
        /^Call-in: the period ended .+ without a call-in\.$/,
      );
      expect(await panel.locator('p time').first().getAttribute('datetime')).toBe(endsAt);
      return panel;
    };
    // Scrutiny is not offered a call-in the ledger would refuse.
    const atScrutiny = await panelOf(/k\.adams/);
    expect(await atScrutiny.getByRole('form', { name: `Call in ${TITLE}` }).count()).toBe(0);
    expect(await atScrutiny.innerText()).not.toContain('may call it in');
    // The drafter is not warned of a refusal that will not come.
    const atDrafter = await panelOf(/j\.patel/);
    expect(await atDrafter.getByRole('group', { name: /^Implementation/ }).innerText()).toContain(
      'Record that the decision has been put into effect.',
    );
  }, 180_000);
});
