import 'reflect-metadata';
import { boundHeapGrowth } from '@accord/platform';
import { startTelemetry, telemetrySettings } from '@accord/telemetry';
import { NestFactory } from '@nestjs/core';
import { createLogger, loadConfigOrExit } from '@accord/server';
import { PinoNestLogger } from '@accord/server';
import { Storage } from '@accord/server';
import { WorkerModule } from './worker.module';

/**
 * `npm run worker`: runs the background jobs (closing times; projections and the feed relay as
 * they arrive) apart from the API. Start the API with BACKGROUND_JOBS=off and as many workers as
 * you like: each job runs in one of them at a time and another takes over when it dies.
 * The worker needs DATABASE_URL: the embedded database belongs to the API process.
 */
async function main(): Promise<void> {
  boundHeapGrowth();
  const config = loadConfigOrExit(process.env);
  startTelemetry(telemetrySettings(process.env));
  if (!config.databaseUrl) {
    process.stderr.write(
      'invalid configuration: DATABASE_URL is required by the worker (the embedded database belongs to the API)\n',
    );
    process.exit(1);
  }
  const log = createLogger(config.logLevel, 'accord-worker');
  const storage = await Storage.open(config, {
    info: (m) => log.info(m),
    warn: (m) => log.warn(m),
    debug: (m) => log.debug(m),
  });
  const app = await NestFactory.createApplicationContext(WorkerModule.create(config, storage), { bufferLogs: true });
  app.useLogger(new PinoNestLogger(log));
  // Exiting (not re-raising the signal) lets the log's transport write its last lines.
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  await app.init();
  log.info(`Accord worker running on Node ${process.version}`);
}

main().catch((err) => {
  process.stderr.write(
    `Accord worker failed to start (Node ${process.version}): ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
