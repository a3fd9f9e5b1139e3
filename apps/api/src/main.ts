import 'reflect-metadata';
import { boundHeapGrowth } from '@accord/platform';
import { startTelemetry, telemetrySettings } from '@accord/telemetry';
import { createApp } from './bootstrap';
import { loadConfigOrExit } from '@accord/server';

async function main(): Promise<void> {
  boundHeapGrowth();
  const config = loadConfigOrExit(process.env);
  startTelemetry(telemetrySettings(process.env));
  const app = await createApp(config);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    // Its embedded PostgreSQL is up by now: stop it rather than leave it running without us.
    await app.close();
    throw err;
  }
  process.stderr.write(
    `Accord API listening on http://${config.host}:${config.port} (docs at /docs), on Node ${process.version}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(
    `Accord failed to start (Node ${process.version}): ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
