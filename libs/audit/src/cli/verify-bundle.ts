import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { splitLines } from '../bundle/bundle-format';
import { type BundleVerification, verifyBundle } from '../bundle/bundle-verifier';
import { parsePolicy, type Policy, PolicyError } from '../policy/policy';

/**
 * The offline check of a bundle file as a command line: shared by `accord verify` and the
 * standalone `accord-verify` (packages/verify), so both give the same verdict, output and exit code
 * on the same bundle. It reads files and nothing else: bundled into one file, it runs on bare Node.
 */
export const VERIFY_BUNDLE_HELP = `Checks an audit bundle offline (docs/audit-bundle.md): the checkpoint's signature, every leaf hash
against its canonical bytes, the root (whole log) or every inclusion proof and where each stream
ends (one partnership), contiguous positions and revisions, and every stream link. BUNDLE may be -
for stdin.
  --since FILE  a checkpoint you kept earlier (the signed note, or the JSON of
                GET /v1/audit/checkpoints/...): the bundle must extend it
  --key VKEY    the log's verifier key as you know it (or a file holding it); without it (or
                --policy) the bundle's own key is used, its key ID printed for you to compare,
                and a warning goes to stderr
  --policy FILE a trust policy (sigsum / C2SP tlog-policy syntax: log, witness, group, quorum):
                the checkpoint must carry the cosignatures of enough of its witnesses, and be
                signed by one of its logs when it lists any (accord policy prints one)
  --reveal ITEM --salt=SALT --value=TEXT
                an exempt value a party disclosed to you (Schedule 12A): checks that SALT and
                TEXT are what the log committed to for exempt item ITEM (or DECISION/ITEM)
  --threads N   worker threads sharing the parsing and hashing of a whole-log bundle
                (default 1: none); worth it on idle cores, the verdict is the same either way
  --json        print the result as JSON`;

export const VERIFY_BUNDLE_EXIT_CODES = `Exit 0 when everything holds; 1 naming the first bad position and the fault (altered, missing,
reordered, truncated, bad-signature, broken-link, inconsistent, malformed, no-quorum,
commitment-mismatch`;

/** The options of `parseArgs` both commands accept for a bundle. */
export const VERIFY_BUNDLE_OPTIONS = {
  since: { type: 'string' },
  key: { type: 'string' },
  policy: { type: 'string' },
  reveal: { type: 'string' },
  salt: { type: 'string' },
  value: { type: 'string' },
  threads: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export interface VerifyBundleArguments {
  since?: string;
  key?: string;
  policy?: string;
  reveal?: string;
  salt?: string;
  value?: string;
  threads?: string;
  json?: boolean;
}

/** `program` prefixes its messages on stderr (`accord verify`, `accord-verify`). Returns the exit code. */
export async function verifyBundleFile(path: string, args: VerifyBundleArguments, program: string): Promise<number> {
  let since: string | undefined;
  let trustedVkey: string | undefined;
  let policy: Policy | undefined;
  let threads: number;
  try {
    threads = threadsArgument(args.threads);
    since = args.since === undefined ? undefined : checkpointNote(await readFile(args.since, 'utf8'));
    trustedVkey = args.key === undefined ? undefined : await keyArgument(args.key);
    policy = args.policy === undefined ? undefined : await policyArgument(args.policy);
    if (
      (args.reveal === undefined) !== (args.salt === undefined) ||
      (args.salt === undefined) !== (args.value === undefined)
    )
      throw new Error('--reveal, --salt and --value go together');
  } catch (err) {
    process.stderr.write(`${program}: ${(err as Error).message}\n`);
    return 2;
  }
  const input = path === '-' ? process.stdin : createReadStream(path);
  const started = Date.now();
  const tty = process.stderr.isTTY;
  let result: BundleVerification;
  try {
    result = await verifyBundle(splitLines(input), {
      since,
      trustedVkey,
      policy,
      threads,
      ...(args.reveal === undefined
        ? {}
        : { reveal: { item: args.reveal, salt: args.salt as string, value: args.value as string } }),
      onProgress: (events) =>
        process.stderr.write(`${tty ? '\r' : ''}verified ${events.toLocaleString('en-GB')} events…${tty ? '' : '\n'}`),
    });
  } catch (err) {
    process.stderr.write(`${program}: cannot read ${path}: ${(err as Error).message}\n`);
    return 2;
  }
  if (tty && result.summary.events >= 100_000) process.stderr.write('\n');
  const seconds = (Date.now() - started) / 1000;
  const keySource =
    trustedVkey !== undefined ? 'the key you gave' : policy?.logs.length ? 'a log of your policy' : undefined;
  // Whoever can rewrite the log can re-sign it with a key of their own and ship that key in the
  // bundle: without a key or policy held apart from the bundle, a pass proves only consistency.
  if (trustedVkey === undefined && policy === undefined && result.summary.keyId !== null)
    process.stderr.write(
      `${program}: warning: trusted the bundle's own key (ID ${result.summary.keyId}); a log rewritten and ` +
        're-signed with a new key would pass too. Pin the key you hold: --key VKEY (the vkey of ' +
        'GET /v1/audit/public-key, kept from before) or --policy FILE.\n',
    );
  if (result.summary.streamEnds === 'unproven')
    process.stderr.write(
      `${program}: warning: the bundle's checkpoint commits to no stream heads (it was signed before ` +
        'they existed), so nothing proves its streams end where the bundle stops: export it again ' +
        'against a newer checkpoint.\n',
    );
  return reportVerification(result, seconds, keySource, args.json === true);
}

/** Prints the verdict on stdout and returns the exit code. */
export function reportVerification(
  result: BundleVerification,
  seconds: number,
  keySource: string | undefined,
  json: boolean,
): number {
  if (json) process.stdout.write(`${JSON.stringify({ ...result, seconds }, null, 2)}\n`);
  else process.stdout.write(`${describe(result, seconds, keySource)}\n`);
  return result.ok ? 0 : 1;
}

/** `keySource`: why the log's key is trusted, when it is not merely the bundle's own. */
function describe(result: BundleVerification, seconds: number, keySource: string | undefined): string {
  const s = result.summary;
  const n = (x: number | null) => (x === null ? '–' : x.toLocaleString('en-GB'));
  if (!result.ok && result.fault) {
    const f = result.fault;
    const where = f.position === null ? `line ${f.line}` : `position ${f.position}`;
    return `FAILED at ${where}: ${f.kind}\n  ${f.message}\n  (checked ${n(s.events)} events before it)`;
  }
  const scope =
    s.scope === 'partnership'
      ? `partnership ${s.partnershipId} (checked by inclusion proofs, without the rest of the log)`
      : 'whole log (root recomputed from every leaf)';
  const lines = [
    'OK: the bundle verifies',
    `  scope        ${scope}`,
    `  events       ${n(s.events)}${s.firstPosition === null ? '' : ` (positions ${n(s.firstPosition)}–${n(s.lastPosition)})`} in ${n(s.streams)} streams, every link intact`,
    `  tree size    ${n(s.treeSize)}`,
    `  root         ${s.root}`,
    `  checkpoint   ${s.origin}, signed by key ${s.keyId}${keySource ? ` (${keySource})` : ' (the bundle’s own key: compare it with the one you trust)'}; recorded ${s.checkpointCreatedAt}`,
  ];
  if (s.streamEnds)
    lines.push(
      `  stream ends  ${s.streamEnds === 'proven' ? "each stream's last event is the one the checkpoint commits to" : 'not proven (the checkpoint commits to no stream heads)'}`,
    );
  if (s.since) lines.push(`  since        extends your checkpoint at tree size ${n(s.since.treeSize)}`);
  if (s.cosignatures)
    lines.push(
      `  witnesses    the policy's quorum holds`,
      ...s.cosignatures.witnesses.map(
        (w) =>
          `    ${w.witness.padEnd(20)} ${w.status === 'valid' ? `cosigned at ${new Date((w.timestamp as number) * 1000).toISOString()} (${w.keyName})` : w.status}`,
      ),
    );
  if (s.exempt)
    lines.push(
      `  exempt       ${n(s.exempt.items)} items withheld (Schedule 12A), ${n(s.exempt.declassified)} declassified as committed to`,
    );
  if (s.revealed)
    lines.push(
      `  revealed     item ${s.revealed.itemId} of decision ${s.revealed.decisionId} (para ${s.revealed.paragraph}, position ${n(s.revealed.position)}): the value you were given is the one committed to`,
    );
  lines.push(`  time         ${seconds.toFixed(2)} s`);
  return lines.join('\n');
}

/** A kept checkpoint is either the signed note itself or the JSON the API serves it in. */
function checkpointNote(text: string): string {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    const parsed = JSON.parse(trimmed) as { note?: unknown; checkpoint?: unknown };
    const note = parsed.note ?? parsed.checkpoint;
    if (typeof note !== 'string') throw new Error('the --since file is JSON without a "note" or "checkpoint" field');
    return note;
  }
  return text;
}

function threadsArgument(value: string | undefined): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new Error(`--threads needs a whole number from 1 to 64, not ${value}`);
  return n;
}

async function policyArgument(path: string): Promise<Policy> {
  const text = await readFile(path, 'utf8');
  try {
    return parsePolicy(text);
  } catch (err) {
    if (err instanceof PolicyError) throw new Error(`the policy ${path}, ${err.message}`, { cause: err });
    throw err;
  }
}

export async function keyArgument(value: string): Promise<string> {
  if (/^[^+\s]+\+[0-9a-f]{8}\+/.test(value)) return value.trim();
  const text = (await readFile(value, 'utf8')).trim();
  if (text.startsWith('{')) {
    const vkey = (JSON.parse(text) as { vkey?: unknown }).vkey;
    if (typeof vkey !== 'string') throw new Error(`${value} is JSON without a "vkey" field`);
    return vkey;
  }
  return text;
}
