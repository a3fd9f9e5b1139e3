import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); .ci/run installs it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots the browser suites save, kept as test artefacts (git-ignored). */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-artifacts', 'console');

/**
 * Whether the browser suites can run. Without Chromium they are skipped with a message, except
 * under CI, where a missing browser fails the run instead of silently testing nothing.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = `Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install chromium" (or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(`${message} (CI=true: a missing browser fails the run)`);
  console.warn(`${message}; skipping the browser suites`);
  return false;
}

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // The machine's network is closed: without these flags Chromium keeps trying Google's hosts.
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A new browser session (London time, British English) signed in through the console's own local
 * sign-in form as the first person whose label matches; closed with `page.context().close()`.
 */
export async function signInToConsole(
  browser: Browser,
  baseUrl: string,
  personLabel: RegExp,
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const context = await browser.newContext({ viewport, timezoneId: 'Europe/London', locale: 'en-GB' });
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  await page.goto(`${baseUrl}/console/`);
  const select = page.getByLabel('Person', { exact: true });
  const option = await select.locator('option', { hasText: personLabel }).first().getAttribute('value');
  await select.selectOption(option as string);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Partnerships', level: 1 }).waitFor();
  return page;
}

/**
 * axe-core's WCAG 2 A/AA violations on the page as it is now, one line each (rule, impact, how
 * many nodes, the first), prefixed with `where`: an accessible page gives none.
 */
export async function axeViolations(page: Page, where: string): Promise<string[]> {
  const axe = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // evaluate() runs outside the page's CSP, which (rightly) refuses injected scripts.
  const violations = (await page.evaluate(
    `(async () => { ${axe}; const r = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }); return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, target: String(v.nodes[0] && v.nodes[0].target) })); })()`,
  )) as { id: string; impact: string; nodes: number; target: string }[];
  return violations.map((v) => `${where}: ${v.id} (${v.impact}, ${v.nodes} nodes, e.g. ${v.target})`);
}

/**
 * What the page's signed-in session gets when it posts a command itself, past the console: the
 * status and the problem's code.
 */
export function postFromSession(page: Page, path: string, body: unknown): Promise<{ status: number; code: string }> {
  return page.evaluate(
    async ({ path, body }) => {
      const { token } = JSON.parse(sessionStorage.getItem('accord.console.session') as string) as { token: string };
      const res = await fetch(path, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, code: ((await res.json()) as { code: string }).code };
    },
    { path, body },
  );
}

/** `describe` where Chromium is installed; skipped where it is not (failed under CI: chromiumAvailable). */
export function describeIfBrowser(name: string, body: () => void): void {
  (chromiumAvailable() ? describe : describe.skip)(name, body);
}

/** A full-page screenshot into test-artifacts/console/`name`.png. */
export const screenshot = (page: Page, name: string): Promise<Buffer> =>
  page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });

/** The value a datetime-local input holds for `iso` in the page's time zone (minutes). */
export const localInput = (page: Page, iso: string): Promise<string> =>
  page.evaluate((instant) => {
    const d = new Date(instant);
    return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  }, iso);
