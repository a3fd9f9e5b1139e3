import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { ApiHarness } from '../support/api-harness';
import { describeIfBrowser, SCREENSHOT_DIR, signInToConsole } from '../support/browser';
import { startConsoleStack } from '../support/console-stack';
import { addClerk, boardPartnership, heldMeeting, okafor, openDecision } from '../support/meeting-board';
import { asCaller, SMALL_LEDGER } from '../support/small-ledger';

/**
 * The console's meeting page (issue 17) in Chromium against the real API: a tied vote the clerk
 * minuted the day after the meeting, decided by the chair's casting vote, shown with both clocks
 * (when it happened, when it was recorded and by whom), reached from the decision page.
 */
const { patel, reid } = SMALL_LEDGER;
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describeIfBrowser('the console’s meeting page in Chromium', () => {
  let api: ApiHarness;
  let browser: Browser;
  let close: (() => Promise<void>) | undefined;
  const partnershipId = 'camden-chaired';
  let votedAt: string;

  beforeAll(async () => {
    ({ api, browser, close } = await startConsoleStack());
    await addClerk(api);
    await boardPartnership(api, partnershipId, { chairCastingVote: true });
    await openDecision(api, partnershipId, 'tied');
    await tick();
    const startsAt = new Date().toISOString();
    await heldMeeting(api, { meetingId: 'board-tied', partnershipId, decisionId: 'tied', startsAt }, [
      'present',
      'present',
    ]);
    await tick();
    votedAt = new Date().toISOString();
    await tick();
    await asCaller(api, okafor, 'POST', '/v1/meetings/board-tied/items/item-1/votes', {
      method: 'recorded-vote',
      votes: [
        { personId: patel.personId, stance: 'agree' },
        { personId: reid.personId, stance: 'disagree' },
      ],
      occurredAt: votedAt,
    });
    await asCaller(api, okafor, 'POST', '/v1/meetings/board-tied/items/item-1/casting-vote', {
      stance: 'agree',
      occurredAt: votedAt,
    });
  }, 120_000);

  afterAll(() => close?.());

  it('shows the agenda, attendance, the tied votes and the casting vote, each with when it happened and when it was recorded', async () => {
    const page = await signInToConsole(browser, api.baseUrl, /s\.reid/);
    await page.goto(`${api.baseUrl}/console/#/d/tied`);
    await page.getByRole('heading', { name: 'Meetings', level: 2 }).waitFor();
    await page.getByRole('link', { name: /^Board meeting of / }).click();
    await page.getByRole('heading', { name: /^Board meeting of /, level: 1 }).waitFor();

    await page.getByRole('link', { name: 'decision tied' }).waitFor();
    expect(await page.locator('tr[data-attendee]').allInnerTexts()).toEqual([
      expect.stringMatching(/j\.patel\s+camden-council\s+present/),
      expect.stringMatching(/s\.reid\s+peabody\s+present/),
    ]);
    expect(await page.getByText('quorate', { exact: false }).first().innerText()).toMatch(/quorate/);

    const votes = page.locator('li[data-vote]');
    expect(await votes.count()).toBe(3);
    await expect(page.locator('li[data-vote="s.reid"]').innerText()).resolves.toMatch(/s\.reid voted disagree/);
    const casting = page.locator('li[data-casting]');
    expect(await casting.innerText()).toMatch(/j\.patel gave the chair’s casting vote: agree/);
    // Both clocks: when it happened at the meeting, as minuted, and, later, when the clerk recorded it.
    const [happened, recorded] = await casting
      .locator('time')
      .evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
    expect(happened).toBe(votedAt);
    expect(Date.parse(recorded as string)).toBeGreaterThan(Date.parse(votedAt));
    expect(await casting.innerText()).toMatch(/recorded .* by j\.okafor/);
    expect(await page.locator('li[data-record="VoteRecorded"]').count()).toBe(3);
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'meeting-page.png'), fullPage: true });
  });
});
