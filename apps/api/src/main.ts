import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/app-config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  process.stderr.write(`Accord API listening on http://${config.host}:${config.port} (docs at /docs)\n`);
}

main().catch((err) => {
  process.stderr.write(`Accord failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
