/**
 * Runs a step of a process's start that needs the database until it succeeds, 2 s apart, for up to
 * a minute: the database may not be up yet, or be restarted while the process starts (a process
 * that gave up then would need someone to start it again).
 */
export async function whileDatabaseStarts<T>(
  step: () => Promise<T>,
  log: { warn(message: string): void },
  { attempts = 30, pauseMs = 2000 } = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (attempt >= attempts) throw err;
      log.warn(`database not reachable yet (${(err as Error).message}); retrying in ${pauseMs / 1000} s`);
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }
}
