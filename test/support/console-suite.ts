import type { Browser } from 'playwright-core';
import { type ApiHarness, startApi } from './api-harness';
import { launchChromium } from './browser';
import { createTestDatabase, type TestDatabase, testEngines } from './engines';

/** What a console suite's tests use; each is there once the suite's beforeAll has run. */
export interface ConsoleSuite {
  readonly db: TestDatabase;
  readonly api: ApiHarness;
  readonly browser: Browser;
}

/**
 * What every Chromium suite of the console stands on, made in its beforeAll and closed in its
 * afterAll: a fresh database on the first engine, the real API on it (with `env`), seeded by
 * `seed` over HTTP, and the browser. Call it inside the suite's describe.
 */
export function consoleSuite(
  seed: (api: ApiHarness, db: TestDatabase) => Promise<void>,
  env: Record<string, string> = {},
): ConsoleSuite {
  const made: { db?: TestDatabase; api?: ApiHarness; browser?: Browser } = {};
  beforeAll(async () => {
    made.db = await createTestDatabase(testEngines()[0]);
    made.api = await startApi({ DATABASE_URL: made.db.url, ...env });
    await seed(made.api, made.db);
    made.browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await made.browser?.close();
    await made.api?.close();
    await made.db?.drop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the console suite is not set up: use it in a test, after beforeAll');
    return value;
  };
  return {
    get db() {
      return ready(made.db);
    },
    get api() {
      return ready(made.api);
    },
    get browser() {
      return ready(made.browser);
    },
  };
}
