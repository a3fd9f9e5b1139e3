import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { ApiHarness, Caller, startApi } from '../support/api-harness';
import { describeIfBrowser, launchChromium, SCREENSHOT_DIR, signInToConsole } from '../support/browser';
import { createTestDatabase, TestDatabase, testEngines } from '../support/engines';
import { asCaller, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';
import { WebhookReceiver } from '../support/webhook-receiver';

/**
 * The console's notice of a webhook endpoint Accord disabled (issue 20) in Chromium against the
 * real API and a real receiver: the receiver answers 410, and the open console of the
 * organisation's org-admin says so on every page without a reload (which endpoint, why, the last
 * attempt) and resumes it with one click, after which the receiver gets the event. A member of the
 * same organisation who is not its org-admin, and the other party's org-admin, are told nothing
 * and may not list the endpoints.
 */
const { camdenAdmin, peabodyAdmin, patel } = SMALL_LEDGER;
const ENDPOINT = 'housing-register';

describeIfBrowser('the console’s notice of a disabled webhook endpoint, in Chromium', () => {
  let db: TestDatabase;
  let api: ApiHarness;
  let browser: Browser;
  let receiver: WebhookReceiver;
  const pages: Page[] = [];
  const signIn = async (label: RegExp) => {
    const page = await signInToConsole(browser, api.baseUrl, label);
    pages.push(page);
    return page;
  };

  beforeAll(async () => {
    db = await createTestDatabase(testEngines()[0]);
    api = await startApi({
      DATABASE_URL: db.url,
      WEBHOOK_ALLOW_ADDRESSES: '127.0.0.1',
      WEBHOOK_RETRY_SCHEDULE_MS: '30,60,90',
    });
    // Each organisation's administrator, a member the ledger grants org-admin, signs in to the console.
    await seedSmallLedger(api);
    receiver = await WebhookReceiver.start();
    receiver.answerWith({ status: 410 });
    const registered = await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/webhooks', {
      endpointId: ENDPOINT,
      url: receiver.url,
    });
    receiver.trust(registered.body.signingKey as string);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const page of pages) await page.context().close();
    await browser?.close();
    await receiver?.close();
    await api?.close();
    await db?.drop();
  });

  it('tells the org-admin, live, that the receiver answered 410, and resumes deliveries from the notice', async () => {
    const orgAdmin = await signIn(/c\.admin/);
    await orgAdmin.locator('[data-live="live"]').waitFor();
    // An event for Camden: its delivery is answered 410 Gone, and the deliverer disables the endpoint.
    await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/members', { personId: 'g.one' });
    const notice = orgAdmin.locator(`[data-webhook-endpoint="${ENDPOINT}"]`);
    await notice.getByText(/Last attempt/).waitFor({ timeout: 30_000 });
    const text = await notice.innerText();
    expect(text).toContain(`Accord has stopped delivering to your webhook endpoint ${ENDPOINT} (${receiver.url})`);
    expect(text).toMatch(/the receiver answered 410 Gone/);
    expect(text).toMatch(/event at position \d+: answered 410\./);
    await orgAdmin.screenshot({ path: join(SCREENSHOT_DIR, 'webhook-disabled-notice.png'), fullPage: true });
    // On every page, not only the first.
    await orgAdmin.getByRole('link', { name: 'Camden Homes Partnership' }).click();
    await orgAdmin.getByRole('heading', { name: 'Timeline', level: 2 }).waitFor();
    expect(await notice.count()).toBe(1);

    await notice.getByRole('button', { name: `Resume deliveries to ${ENDPOINT}` }).click();
    await notice.waitFor({ state: 'detached' });
    await receiver.until(() => receiver.delivered.length >= 1, 'the event again, after the resume');
    expect(receiver.delivered[0]?.event.data).toMatchObject({ personId: 'g.one' });
  });

  it('tells no one else: not a member of the same organisation, not the other party’s org-admin', async () => {
    receiver.answerWith({ status: 410 });
    await asCaller(api, camdenAdmin, 'POST', '/v1/organisations/camden-council/members', { personId: 'g.two' });
    const disabled = await signIn(/c\.admin/);
    await disabled.locator(`[data-webhook-endpoint="${ENDPOINT}"]`).waitFor({ timeout: 30_000 });

    for (const [label, caller, code] of [
      [/j\.patel/, patel, 'role-required'],
      [/p\.admin/, { ...peabodyAdmin, roles: ['member', 'org-admin'] }, 'not-organisation-admin'],
    ] as [RegExp, Caller, string][]) {
      const page = await signIn(label);
      await page.getByRole('link', { name: 'Camden Homes Partnership' }).waitFor();
      await page.locator('main .state[role=status]').first().waitFor({ state: 'detached' });
      expect(await page.locator('[data-webhooks-disabled]').count()).toBe(0);
      const listed = await api.request('GET', '/v1/organisations/camden-council/webhooks', {
        token: await api.token(caller),
      });
      expect({ status: listed.status, code: listed.body.code }).toEqual({ status: 403, code });
    }
  });
});
