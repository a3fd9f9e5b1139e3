import { Browser } from 'playwright-core';
import { ApiHarness, ApiLog, startApi } from './api-harness';
import { launchChromium } from './browser';
import { createTestDatabase, testEngines } from './engines';
import { seedSmallLedger } from './small-ledger';

/** What a console suite drives: the API on a fresh database holding the small ledger, and Chromium. */
export interface ConsoleStack {
  api: ApiHarness;
  browser: Browser;
  /** Closes the browser and the API, and drops the database. */
  close(): Promise<void>;
}

/**
 * Starts a console suite's stack with `env` for the API (and `log` to read the warnings a suite
 * provokes, see ApiLog); what started is closed again if a later step fails.
 */
export async function startConsoleStack(env: Record<string, string> = {}, log?: ApiLog): Promise<ConsoleStack> {
  const db = await createTestDatabase(testEngines()[0]);
  let api: ApiHarness | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await api?.close();
    await db.drop();
  };
  try {
    api = await startApi({ DATABASE_URL: db.url, ...env }, log);
    await seedSmallLedger(api);
    browser = await launchChromium();
    return { api, browser, close };
  } catch (err) {
    await close();
    throw err;
  }
}
