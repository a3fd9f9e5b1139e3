import pino from 'pino';
import { AppError, loadEd25519KeyFile, PrivateKeyFileError } from '@accord/platform';
import { FileStateStore, WitnessStateFileError } from './state/file-state-store';
import { DataDirLockedError } from './state/data-dir-lock';
import { PostgresStateStore } from './state/postgres-state-store';
import type { WitnessStateStore } from './state/witness-state-store';
import { Witness } from './witness';
import { loadWitnessConfig, type WitnessConfig, WitnessConfigError } from './witness-config';
import { closeServer, createWitnessServer, listen, type WitnessLogger } from './witness-server';

export interface RunningWitness {
  readonly name: string;
  readonly vkey: string;
  /** Where it listens, e.g. http://127.0.0.1:3100. */
  readonly url: string;
  readonly store: string;
  close(): Promise<void>;
}

/** Opens the key and the state, then serves; nothing is answered before both are ready. */
export async function startWitness(config: WitnessConfig, log: WitnessLogger): Promise<RunningWitness> {
  const privateKey = await loadEd25519KeyFile(config.keyFile, { create: config.createKey });
  const store: WitnessStateStore = config.databaseUrl
    ? await PostgresStateStore.open(config.databaseUrl, (err) => log.warn({ err }, 'witness database connection lost'))
    : await FileStateStore.open(config.dataDir);
  const witness = new Witness({ identity: { name: config.name, privateKey }, logs: config.logs, store });
  const server = createWitnessServer(witness, log);
  let address;
  try {
    address = await listen(server, config.port, config.host);
  } catch (err) {
    await store.close();
    throw err;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    name: witness.name,
    vkey: witness.vkey,
    url: `http://${host}:${address.port}`,
    store: store.description,
    close: async () => {
      await closeServer(server);
      await store.close();
    },
  };
}

/**
 * `npm run witness` and `accord witness`: starts from the environment, prints what a party needs
 * to register the witness, and runs until SIGINT or SIGTERM. Resolves to the exit code.
 */
export async function runWitnessUntilStopped(env: NodeJS.ProcessEnv): Promise<number> {
  let config: WitnessConfig;
  try {
    config = loadWitnessConfig(env);
  } catch (err) {
    if (!(err instanceof WitnessConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  const log = pino({ level: config.logLevel, name: 'accord-witness' });
  let running: RunningWitness;
  try {
    running = await startWitness(config, log);
  } catch (err) {
    const known =
      err instanceof PrivateKeyFileError ||
      err instanceof WitnessStateFileError ||
      err instanceof DataDirLockedError ||
      err instanceof AppError;
    process.stderr.write(
      `Accord witness failed to start: ${known ? (err as Error).message : String((err as Error).stack)}\n`,
    );
    return 1;
  }
  process.stderr.write(
    [
      `Accord witness listening on ${running.url}`,
      `  name   ${running.name}`,
      `  vkey   ${running.vkey}`,
      `  logs   ${config.logs.origins.join(', ')}`,
      `  state  ${running.store}`,
      `Register it with the log as: name ${running.name}, vkey ${running.vkey}, URL ${config.publicUrl ?? running.url}`,
      '',
    ].join('\n'),
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log.info({ signal }, 'witness stopping');
  await running.close();
  return 0;
}
