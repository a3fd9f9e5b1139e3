import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { ApiHarness, ApiLog } from '../support/api-harness';
import { chromiumAvailable, SCREENSHOT_DIR, signInToConsole } from '../support/browser';
import { startConsoleStack } from '../support/console-stack';
import { asCaller, SMALL_LEDGER } from '../support/small-ledger';
import { cosignedAtHead, eventually } from '../support/witness-cosignatures';
import { startWitnessProcess, stopWitnessProcesses, type WitnessProcess } from '../support/witness-processes';

/**
 * The console's Verify (issue 16) in Chromium against the real API and one real `accord witness`
 * process per party: after proving the page's events under the signed checkpoint, it checks each
 * registered witness's cosignature on that checkpoint in the browser and says which parties'
 * witnesses cosigned it and when, and which did not once one of them stops.
 */
const { camdenAdmin, peabodyAdmin, patel, reid, decisionId } = SMALL_LEDGER;
const PARTIES = [
  { organisationId: 'camden-council', admin: camdenAdmin, port: 26101 },
  { organisationId: 'peabody', admin: peabodyAdmin, port: 26102 },
];
const describeIfBrowser = chromiumAvailable() ? describe : describe.skip;

describeIfBrowser('the console’s Verify names the witnesses that cosigned, in Chromium', () => {
  // Made by the API (its audit key) and the witnesses (their state and keys) as they start.
  const dir = join(tmpdir(), `accord-console-witnesses-${randomUUID()}`);
  let api: ApiHarness;
  let browser: Browser;
  let close: (() => Promise<void>) | undefined;
  let witnesses: WitnessProcess[] = [];
  /** The host's warnings that the stopped witness could not be reached: read here, not printed. */
  const log = new ApiLog([/^witness \S+: unavailable at tree size \d+: the witness could not be reached/]);

  const verifyDecisionPage = async (page: Page): Promise<string[]> => {
    await page.goto(`${api.baseUrl}/console/#/d/${decisionId}`);
    await page.getByRole('button', { name: 'Verify this page' }).click();
    await page.locator('[data-verdict="ok"]').waitFor();
    return page.getByRole('list', { name: 'Witnesses' }).locator('li').allInnerTexts();
  };

  beforeAll(async () => {
    ({ api, browser, close } = await startConsoleStack(
      {
        ACCORD_DATA_DIR: join(dir, 'host'),
        AUDIT_CHECKPOINT_EVERY_EVENTS: '5',
        AUDIT_CHECKPOINT_EVERY_SECONDS: '0.2',
      },
      log,
    ));
    const logVkey = (await api.request('GET', '/v1/audit/public-key')).body.vkey as string;
    witnesses = await Promise.all(
      PARTIES.map((p) => startWitnessProcess(p.organisationId, dir, logVkey, undefined, p.port)),
    );
    for (const [i, party] of PARTIES.entries()) {
      const w = witnesses[i] as WitnessProcess;
      await asCaller(api, party.admin, 'POST', `/v1/organisations/${party.organisationId}/witness`, {
        name: w.name,
        vkey: w.vkey,
        url: w.url,
      });
    }
    // An event after both registrations: the checkpoint that seals it goes to both witnesses.
    await asCaller(api, patel, 'POST', `/v1/decisions/${decisionId}/sign-offs`, {});
    expect(
      await eventually(
        () => cosignedAtHead(api, witnesses),
        (by) => by.length === 2,
      ),
    ).toEqual(['camden-council', 'peabody']);
  }, 120_000);

  afterAll(async () => {
    // The API first: a witness stopped under a running API would be warned of, unasked.
    await close?.();
    await stopWitnessProcesses(witnesses.filter((w) => w.child.exitCode === null && w.child.signalCode === null));
    rmSync(dir, { recursive: true, force: true });
  });

  it('says that each party’s witness cosigned the checkpoint sealing the page, and when', async () => {
    const page = await signInToConsole(browser, api.baseUrl, /j\.patel/);
    const before = Date.now();
    const lines = await verifyDecisionPage(page);
    expect(lines).toEqual([
      expect.stringMatching(
        /^✓ camden-council’s witness \(witness\.camden-council\.test\/accord\) cosigned this checkpoint /,
      ),
      expect.stringMatching(/^✓ peabody’s witness \(witness\.peabody\.test\/accord\) cosigned this checkpoint /),
    ]);
    // When, from the cosignature's own timestamp (whole seconds), not the page's clock.
    const times = await page
      .locator('li[data-cosignature="valid"] time')
      .evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('datetime') as string)));
    expect(times).toHaveLength(2);
    for (const at of times) expect(at).toBeLessThanOrEqual(before);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '25-verify-witnesses.png'), fullPage: true });
    await page.context().close();
    expect(log.provoked).toEqual([]);
  });

  it('says which party’s witness has not cosigned once it has stopped', async () => {
    const [camden, peabody] = witnesses as [WitnessProcess, WitnessProcess];
    await stopWitnessProcesses([peabody]);
    // The next checkpoint, sealing Peabody's sign-off, reaches Camden's witness alone.
    await asCaller(api, reid, 'POST', `/v1/decisions/${decisionId}/sign-offs`, {});
    expect(
      await eventually(
        () => cosignedAtHead(api, witnesses),
        (by) => by.length === 1,
      ),
    ).toEqual([camden.party]);

    const page = await signInToConsole(browser, api.baseUrl, /j\.patel/);
    expect(await verifyDecisionPage(page)).toEqual([
      expect.stringMatching(/^✓ camden-council’s witness .* cosigned this checkpoint /),
      '✗ peabody’s witness (witness.peabody.test/accord) has not cosigned this checkpoint (yet)',
    ]);
    expect(await page.locator('li[data-cosignature="missing"]').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOT_DIR, '26-verify-witness-missing.png'), fullPage: true });
    await page.context().close();
    // The operator was told, as a warning, that Peabody's witness could not be reached; of Camden's, nothing.
    expect(log.provoked.length).toBeGreaterThan(0);
    expect(new Set(log.provoked.map((l) => `${l.level} ${l.context}: ${l.msg.split(':')[0]}`))).toEqual(
      new Set([`40 witness-submitter: witness ${peabody.name}`]),
    );
  });
});
