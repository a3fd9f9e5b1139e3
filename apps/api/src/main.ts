import 'reflect-metadata';
import { boundHeapGrowth } from '@accord/platform';
import { createApp } from './bootstrap';
import { loadConfigOrExit } from '@accord/server';

async function main(): Promise<void> {
  boundHeapGrowth();
  const config = loadConfigOrExit(process.env);
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  process.stderr.write(`Accord API listening on http://${config.host}:${config.port} (docs at /docs)\n`);
}

main().catch((err) => {
  process.stderr.write(`Accord failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
