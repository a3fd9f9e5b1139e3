import { ApiHarness, Caller, HttpResult } from './api-harness';
import { asCaller } from './small-ledger';

/**
 * For suites that write as signed-in callers and then read what anyone may see: the furthest log
 * position the writes reached is remembered, so `settled` can wait (read-your-writes, as `reader`)
 * until the read models behind `paths` hold everything written so far. `api` is read on each call:
 * suites start it in `beforeAll`.
 */
export function readYourWrites(api: () => ApiHarness, reader: Caller, paths: readonly string[]) {
  let position = 0;
  return {
    /** A request as `caller` that must succeed; the position it answers with, if any, is remembered. */
    ok: async (caller: Caller, method: string, path: string, body?: unknown): Promise<HttpResult> => {
      const res = await asCaller(api(), caller, method, path, body);
      position = Math.max(position, (res.body as { position?: number }).position ?? 0);
      return res;
    },
    /** A GET without a token, as the public makes it. */
    anonymous: (path: string, headers?: Record<string, string>): Promise<HttpResult> =>
      api().request('GET', path, { headers }),
    settled: async (): Promise<void> => {
      for (const path of paths) await asCaller(api(), reader, 'GET', `${path}?minPosition=${position}`);
    },
    /** The furthest log position written so far. */
    position: () => position,
  };
}
