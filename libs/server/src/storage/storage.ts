import { Pool } from 'pg';
import { join } from 'node:path';
import {
  createPool,
  endPool,
  loadLocalKeyEncryptionKey,
  migrate,
  PersonalDataCipher,
  PostgresDataKeys,
  PostgresEventStore,
  RunningPostgres,
  startEmbeddedPostgres,
} from '@accord/event-store';
import { EXEMPT_DATA, PERSONAL_DATA } from '@accord/domain';
import { AppConfig } from '../config/app-config';
import { APP_MIGRATIONS } from './migrations';
import { whileDatabaseStarts } from './while-database-starts';

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  debug(msg: string): void;
}

export const PERSONAL_DATA_KEK_FILE = 'personal-data-kek';

/** The storage a process runs on: the pool, the store, and the embedded server if it started one. */
export class Storage {
  private closed = false;

  private constructor(
    /** The primary: commands, the log, background jobs. */
    readonly pool: Pool,
    /**
     * Where queries read their read models: a streaming replica (DATABASE_READ_URL), else the
     * primary. A replica lags: read models there may stand at an older position than on the
     * primary, which is why a query waits for `minPosition` on the pool it reads (ReadPositions).
     */
    readonly readPool: Pool,
    readonly store: PostgresEventStore,
    readonly dataKeys: PostgresDataKeys,
    /** Seals personal data and exempt values before an append, opens them for those who may read them (DESIGN §4). */
    readonly personalData: PersonalDataCipher,
    private readonly embedded: RunningPostgres | null,
  ) {}

  /**
   * No DATABASE_URL: start the embedded PostgreSQL under the data directory. Then wait for the
   * database (retrying while it is down) and apply migrations.
   */
  static async open(config: AppConfig, log: Logger): Promise<Storage> {
    let url = config.databaseUrl;
    let embedded: RunningPostgres | null = null;
    if (!url) {
      embedded = await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.embeddedPgPort,
        log: (line) => log.debug(`postgres: ${line}`),
        notice: (line) => log.info(line),
      });
      url = embedded.url;
      log.info(`embedded PostgreSQL ready on 127.0.0.1:${embedded.port} (data in ${embedded.clusterDir})`);
    }
    const pool = createPool({
      connectionString: url,
      max: config.databasePoolSize,
      onIdleError: (err) => log.warn(`database connection lost: ${err.message}`),
    });
    const readPool = config.databaseReadUrl
      ? createPool({
          connectionString: config.databaseReadUrl,
          max: config.databasePoolSize,
          applicationName: 'accord-queries',
          onIdleError: (err) => log.warn(`read replica connection lost: ${err.message}`),
        })
      : pool;
    const applied = await whileDatabaseStarts(() => migrate(pool, APP_MIGRATIONS), log);
    if (applied.length > 0) log.info(`schema migrations applied: ${applied.join(', ')}`);
    const store = new PostgresEventStore(pool, {
      maxEventBytes: config.eventMaxBytes,
      noticeKey: config.noticeKey,
      onWatcherError: (err) => log.warn(`log watcher: ${err.message}`),
    });
    const kek = await loadLocalKeyEncryptionKey({
      ...config.kek,
      defaultFile: join(config.dataDir, PERSONAL_DATA_KEK_FILE),
    });
    const dataKeys = new PostgresDataKeys(pool, kek, {
      cache: true,
      onCacheError: (err) => log.warn(`data-key cache listener: ${err.message}`),
    });
    return new Storage(
      pool,
      readPool,
      store,
      dataKeys,
      new PersonalDataCipher(dataKeys, PERSONAL_DATA, EXEMPT_DATA),
      embedded,
    );
  }

  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.pool.query('SELECT 1'),
        new Promise(
          (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
        ),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.store.close();
    await this.dataKeys.close();
    if (this.readPool !== this.pool) await endPool(this.readPool);
    await endPool(this.pool);
    await this.embedded?.stop();
  }
}
