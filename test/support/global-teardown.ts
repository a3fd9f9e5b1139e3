import { rmSync } from 'node:fs';
import { RunningPostgres } from '@accord/event-store';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { __embedded?: RunningPostgres & { dataDir: string } }).__embedded;
  if (!embedded) return;
  await embedded.stop();
  rmSync(embedded.dataDir, { recursive: true, force: true });
}
