import { spawn } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWitnessVerifierKey } from '@accord/audit';
import { loadEd25519KeyFile } from '@accord/platform';
import type { AccordClient } from '../client/accord-client';
import { isProblem, sleep } from '../client/accord-client';
import { adminOf, ORGANISATIONS } from './scenario/cast';

/** First port of the demo's witnesses by default: one each, in the order of the cast's organisations. */
export const DEMO_WITNESS_PORT = 3101;

interface DemoWitness {
  organisationId: string;
  name: string;
  vkey: string;
  url: string;
  pid?: number;
}

/**
 * `accord demo --witnesses`: one `accord witness` process per party (detached, so they outlive the
 * demo; their own data folders under DATA_DIR/witnesses/<party>, logs in witness.log there),
 * each registered by its party's org-admin; then waits until the latest checkpoint carries every
 * party's cosignature. A witness already listening on its port (a second run) is reused.
 */
export async function startDemoWitnesses(
  client: AccordClient,
  dataDir: string,
  out: (line: string) => void,
  firstPort = DEMO_WITNESS_PORT,
): Promise<void> {
  const { vkey: logVkey } = await client.getPublic<{ vkey: string }>('/v1/audit/public-key');
  const witnesses: DemoWitness[] = [];
  for (const [i, org] of ORGANISATIONS.entries()) {
    const dir = join(dataDir, 'witnesses', org.id);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const name = `witness.${org.id}.demo/accord`;
    // The key is made here, where the witness would make it, so its vkey is known before it starts.
    const key = await loadEd25519KeyFile(join(dir, 'witness-key.pem'), { create: true });
    const url = `http://127.0.0.1:${firstPort + i}`;
    const witness: DemoWitness = { organisationId: org.id, name, vkey: encodeWitnessVerifierKey(name, key), url };
    if (!(await answers(url))) {
      const log = openSync(join(dir, 'witness.log'), 'a');
      const child = spawn(process.execPath, [process.argv[1] as string, 'witness'], {
        detached: true,
        stdio: ['ignore', log, log],
        env: {
          ...process.env,
          WITNESS_PORT: String(firstPort + i),
          WITNESS_HOST: '127.0.0.1',
          WITNESS_NAME: name,
          WITNESS_DATA_DIR: dir,
          WITNESS_LOGS: logVkey,
        },
      });
      child.unref();
      witness.pid = child.pid;
      for (let attempt = 0; attempt < 100 && !(await answers(url)); attempt++) await sleep(100);
      if (!(await answers(url)))
        throw new Error(`the witness of ${org.id} did not start: see ${join(dir, 'witness.log')}`);
    }
    witnesses.push(witness);
  }
  for (const w of witnesses) {
    const admin = { personId: adminOf(w.organisationId), orgId: w.organisationId, roles: ['org-admin' as const] };
    try {
      await client.command(
        admin,
        `/v1/organisations/${w.organisationId}/witness`,
        { name: w.name, vkey: w.vkey, url: w.url },
        { idempotencyKey: `demo:witness:${w.organisationId}:${w.vkey.split('+')[1]}` },
      );
    } catch (err) {
      // Registered by an earlier run with this very key: the ledger already names it.
      if (!isProblem(err, 'witness-already-registered')) throw err;
    }
    out(`  witness of ${w.organisationId}: ${w.url}${w.pid ? ` (pid ${w.pid})` : ' (already running)'}  ${w.vkey}`);
  }
  for (let attempt = 0; attempt < 300; attempt++) {
    const health = await client.getPublic<{ witnesses: { vkey: string; lag: number; cosignedSize: number }[] }>(
      '/health/witnesses',
    );
    const ours = witnesses.map((w) => health.witnesses.find((h) => h.vkey === w.vkey));
    if (ours.every((h) => h !== undefined && h.lag === 0 && h.cosignedSize > 0)) {
      out(
        `  the latest checkpoint (tree size ${ours[0]?.cosignedSize}) is cosigned by all ${witnesses.length} witnesses`,
      );
      return;
    }
    await sleep(100);
  }
  out('  the witnesses have not all cosigned the latest checkpoint yet: see /health/witnesses');
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1000) });
    return true;
  } catch {
    return false;
  }
}
