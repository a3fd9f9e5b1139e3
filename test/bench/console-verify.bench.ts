/**
 * `npm run bench:console-verify [-- --rounds 9 --port N]`: what the console's page-level Verify
 * costs beside the event-level verify of the same events (issue 15), in Chromium
 * (/usr/bin/chromium, or CHROMIUM_PATH) driven by playwright-core as the console suites drive it.
 *
 * The real API (in this process, on this machine's PostgreSQL: DATABASE_URL, else 127.0.0.1:5432;
 * `--port` confines it to a port) holds the small ledger, whose decision `station-road` gets 40
 * events: drafted, opened, a vote from each board member and 36 vote changes. Patel signs in,
 * opens the decision's page and presses "Verify this page" `--rounds` times, reloading the page
 * before each. The panel marks two user-timing measures from the press: `accord.verify.events` once
 * every event on the page is proven (its audit lines read, each event's bytes hashed and its
 * inclusion proof checked against the signed checkpoint: the event-level verify), and
 * `accord.verify.page` once the page is also re-derived from those bytes and compared field by
 * field (the page-level verify). Both sides come from the same presses, so only the page check
 * differs; the verdict is the median page-level ÷ the median event-level (target ≤ 2). The time from
 * the press until the verdict is drawn is printed beside them.
 */
import { Browser, Page } from 'playwright-core';
import { startApi, type ApiHarness } from '../support/api-harness';
import { CHROMIUM_PATH, chromiumAvailable, launchChromium, signInToConsole } from '../support/browser';
import { asCaller, seedSmallLedger, SMALL_LEDGER } from '../support/small-ledger';
import { argNumber, argValue, Figure, printTable, publishFigures, ratioFigure, readConditions } from './bench-kit';
import { benchServerUrl, withBenchDatabase } from './bench-database';

const EVENTS = 40;

/** Grows the small ledger's open decision to {@link EVENTS} events with votes and vote changes. */
async function growDecision(api: ApiHarness): Promise<void> {
  const { patel, reid, decisionId } = SMALL_LEDGER;
  const path = `/v1/decisions/${decisionId}`;
  const voters = [patel, reid];
  for (const voter of voters) await asCaller(api, voter, 'POST', `${path}/votes`, { stance: 'agree', reason: 'Fair' });
  // Drafted, opened and two votes so far; each change flips its voter's stance.
  for (let i = 0; i < EVENTS - 4; i++)
    await asCaller(api, voters[i % 2], 'POST', `${path}/votes/change`, {
      stance: Math.floor(i / 2) % 2 === 0 ? 'disagree' : 'agree',
      reason: `Change ${i + 1}`,
    });
}

interface Press {
  events: number;
  page: number;
  /** From the press until the verdict is on screen, as measured by the driver. */
  drawn: number;
  verdict: string;
}

async function pressVerify(page: Page): Promise<Press> {
  await page.reload();
  await page
    .locator('.audit-lines li')
    .nth(EVENTS - 1)
    .waitFor();
  await page.evaluate(() => performance.clearMeasures());
  const pressed = Date.now();
  await page.getByRole('button', { name: 'Verify this page' }).click();
  const verdict = page.locator('[data-verdict]');
  await verdict.waitFor({ timeout: 120_000 });
  const drawn = Date.now() - pressed;
  const measures = await page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('measure').map((m) => [m.name, m.duration])),
  );
  return {
    events: measures['accord.verify.events'] ?? Number.NaN,
    page: measures['accord.verify.page'] ?? Number.NaN,
    drawn,
    verdict: (await verdict.textContent()) ?? '',
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

async function main(): Promise<void> {
  if (!chromiumAvailable()) process.exit(1);
  const rounds = argNumber('rounds', 9);
  const port = argValue('port');
  const serverUrl = benchServerUrl();
  const conditions = await readConditions(serverUrl);
  const presses = await withBenchDatabase(serverUrl, 1, async (_pool, url) => {
    let api: ApiHarness | undefined;
    let browser: Browser | undefined;
    try {
      api = await startApi({
        DATABASE_URL: url,
        AUDIT_CHECKPOINT_EVERY_SECONDS: '0.5',
        RATE_LIMIT_WRITES_PER_MINUTE: '0',
        ...(port ? { PORT: port } : {}),
      });
      await seedSmallLedger(api);
      await growDecision(api);
      browser = await launchChromium();
      const page = await signInToConsole(browser, api.baseUrl, /j\.patel/);
      await page.goto(`${api.baseUrl}/console/#/d/${SMALL_LEDGER.decisionId}`);
      // Until every event is sealed in a checkpoint: before that the verify proves fewer of them.
      const sealedBy = Date.now() + 60_000;
      let first = await pressVerify(page);
      while (!new RegExp(`Verified: ${EVENTS} events`).test(first.verdict) || /not sealed/.test(first.verdict)) {
        if (Date.now() > sealedBy) throw new Error(`the decision's page did not verify: ${first.verdict}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
        first = await pressVerify(page);
      }
      const measured: Press[] = [];
      for (let round = 0; round < rounds; round++) {
        const press = await pressVerify(page);
        if (!press.verdict.includes(`Verified: ${EVENTS} events`))
          throw new Error(`round ${round + 1}: ${press.verdict}`);
        measured.push(press);
        process.stderr.write(
          `round ${round + 1}: events ${press.events.toFixed(1)} ms, page ${press.page.toFixed(1)} ms, drawn ${press.drawn} ms\n`,
        );
      }
      return measured;
    } finally {
      await browser?.close();
      await api?.close();
    }
  });

  const events = median(presses.map((p) => p.events));
  const pageLevel = median(presses.map((p) => p.page));
  const of = `a ${EVENTS}-event decision, median of ${rounds} presses in Chromium`;
  const figures: Figure[] = [
    ratioFigure(
      `console Verify, page-level ÷ event-level (${of})`,
      { name: 'page-level', value: pageLevel, unit: 'ms' },
      { name: 'event-level', value: events, unit: 'ms' },
      '≤',
      2,
    ),
    {
      name: `console Verify, the page re-derived and compared alone (page-level − event-level per press, ${of})`,
      value: median(presses.map((p) => p.page - p.events)),
      unit: 'ms',
    },
    {
      name: `console Verify, from the press until the verdict is drawn (${of})`,
      value: median(presses.map((p) => p.drawn)),
      unit: 'ms',
    },
  ];
  const table = printTable(`console verify (${CHROMIUM_PATH})`, figures);
  publishFigures('console-verify', conditions, figures, table);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
