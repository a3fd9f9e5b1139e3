import { parseArgs } from 'node:util';
import { createPool, migrate, PostgresEventStore } from '@accord/event-store';
import {
  ALL_PROJECTIONS,
  describeDifference,
  projectionNamed,
  readCheckpoints,
  rebuildProjection,
  recordReadModelChecks,
  verifyReadModels,
} from '@accord/projections';
import { loadConfig } from '@accord/server';
import { APP_MIGRATIONS } from '@accord/server';

export const PROJECTIONS_USAGE = `accord projections status | rebuild NAME|all | verify [NAME|all]

status    each read model's checkpoint against the head of the log
rebuild   empty a read model and rebuild it from position 1, with progress on stderr
verify    rebuild read models into a throw-away shadow at their checkpoints and name every row
          the live tables hold differently (exit 1 if any); the live tables are not touched; the result is kept for
          GET /health/read-models

Read models: ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}. Needs DATABASE_URL (for the embedded
default, the URL the API logs at start). Safe while the API or a worker runs: both apply each
batch only under the checkpoint's row lock, so nothing is applied twice.`;

export async function projectionsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  const [action, name] = positionals;
  if (values.help) {
    process.stdout.write(`${PROJECTIONS_USAGE}\n`);
    return 0;
  }
  const chosen =
    (action === 'rebuild' || action === 'verify') && name !== undefined
      ? name === 'all'
        ? ALL_PROJECTIONS
        : [projectionNamed(name ?? '')].filter((p) => p !== undefined)
      : ALL_PROJECTIONS;
  if (!['status', 'rebuild', 'verify'].includes(action) || chosen.length === 0 || (action === 'rebuild' && !name)) {
    process.stderr.write(
      `accord projections: ${action === 'rebuild' || action === 'verify' ? `unknown read model "${name ?? ''}"` : 'say status, rebuild or verify'}\n\n${PROJECTIONS_USAGE}\n`,
    );
    return 2;
  }
  const config = loadConfig(process.env);
  if (!config.databaseUrl) {
    process.stderr.write('accord projections: DATABASE_URL is required\n');
    return 2;
  }
  const pool = createPool({ connectionString: config.databaseUrl, max: 4, applicationName: 'accord-cli' });
  const store = new PostgresEventStore(pool);
  try {
    await migrate(pool, APP_MIGRATIONS);
    if (action === 'status') {
      const head = await store.headPosition();
      const positions = await readCheckpoints(
        pool,
        chosen.map((p) => p.name),
      );
      for (const [projection, position] of positions)
        process.stdout.write(
          `${projection.padEnd(14)} ${position} / ${head}${position >= head ? '' : ` (${head - position} behind)`}\n`,
        );
      return 0;
    }
    if (action === 'verify') {
      const checks = await verifyReadModels(pool, store, { projections: chosen });
      await recordReadModelChecks(pool, checks);
      for (const check of checks) {
        process.stdout.write(
          `${check.projection.padEnd(16)} at ${check.position}: ${check.differing === 0 ? 'matches the log' : `${check.differing} rows differ from the log`}\n`,
        );
        for (const difference of check.differences) process.stdout.write(`  ${describeDifference(difference)}\n`);
        const unshown = check.differing - check.differences.length;
        if (unshown > 0) process.stdout.write(`  … and ${unshown} more\n`);
      }
      return checks.some((c) => c.differing > 0) ? 1 : 0;
    }
    for (const projection of chosen) {
      let shown = 0;
      const done = await rebuildProjection(pool, store, projection, (p) => {
        if (p.seconds - shown < 0.5 && p.position < p.head) return;
        shown = p.seconds;
        process.stderr.write(
          `\rrebuilding ${p.projection}: position ${p.position.toLocaleString('en-GB')} / ${p.head.toLocaleString('en-GB')}, ${Math.round(p.position / Math.max(p.seconds, 1e-3)).toLocaleString('en-GB')} positions/s   `,
        );
      });
      process.stderr.write(
        `\rrebuilt ${done.projection}: ${done.applied.toLocaleString('en-GB')} events up to position ${done.position.toLocaleString('en-GB')} in ${done.seconds.toFixed(1)} s${' '.repeat(20)}\n`,
      );
    }
    return 0;
  } finally {
    await store.close();
    await pool.end();
  }
}
