import type { KeyObject } from 'node:crypto';
import { CheckpointError, ed25519PublicKey, parseVerifierKey, rawPublicKey } from '../checkpoint';
import { bareWitnessKey, type WitnessKey, witnessKeyFromVkey } from '../cosignature';

/**
 * A transparency-log trust policy: which logs to accept and which witnesses' cosignatures a
 * checkpoint needs. Syntax of sigsum's policy files as standardised in C2SP tlog-policy:
 *
 *   log <key> [<url>]
 *   witness <name> <key> [<url>]
 *   group <name> all|any|<k> <name>...
 *   quorum <name>                 (exactly one; `none` requires no cosignature)
 *   # comment
 *
 * A key is a signed-note vkey (tlog-policy: type 0x01 for a log, 0x04 for a witness's
 * cosignature/v1) or 64 hex digits, the bare Ed25519 key of a sigsum policy. Items are separated by
 * spaces and tabs; a group or the quorum names only witnesses and groups defined above it, and each
 * name is a member at most once.
 */
export interface PolicyLog {
  /** The vkey's name (the log's origin), or undefined for a bare key. */
  readonly name?: string;
  readonly publicKey: KeyObject;
  readonly raw: Buffer;
  readonly url?: string;
  readonly line: number;
}

export interface PolicyWitness {
  /** The policy's own name for it (used by groups and the quorum). */
  readonly name: string;
  readonly key: WitnessKey;
  readonly url?: string;
  readonly line: number;
}

export type QuorumRule =
  | { readonly kind: 'none' }
  | { readonly kind: 'witness'; readonly name: string }
  | {
      readonly kind: 'group';
      readonly name: string;
      /** At least this many members must have witnessed the checkpoint (1 ≤ k ≤ members). */
      readonly threshold: number;
      readonly members: readonly QuorumRule[];
    };

export interface Policy {
  readonly logs: readonly PolicyLog[];
  readonly witnesses: readonly PolicyWitness[];
  readonly quorum: QuorumRule;
}

export class PolicyError extends Error {
  readonly code = 'policy-invalid';
  constructor(
    /** 1-based; 0 when the fault is the file's as a whole. */
    readonly line: number,
    readonly reason: string,
  ) {
    super(line > 0 ? `line ${line}: ${reason}` : reason);
  }
}

export const QUORUM_NONE = 'none';
/** tlog-policy asks implementations to support at least 32 of each; far more is a mistake or an attack. */
const MAX_ENTRIES = 1024;

export function parsePolicy(text: string): Policy {
  const builder = new PolicyBuilder();
  const lines = text.split('\n');
  // A final newline ends the last line rather than starting an empty one.
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, i) => builder.line(line, i + 1));
  return builder.finish();
}

class PolicyBuilder {
  private readonly logs: PolicyLog[] = [];
  private readonly witnesses: PolicyWitness[] = [];
  private readonly names = new Map<string, QuorumRule>([[QUORUM_NONE, { kind: 'none' }]]);
  /** Names already used as a member, with the group that holds them ('' for none). */
  private readonly members = new Map<string, string>([[QUORUM_NONE, '']]);
  private quorum: QuorumRule | undefined;
  private quorumLine = 0;

  line(line: string, n: number): void {
    // eslint-disable-next-line no-control-regex
    const control = /[\u0000-\u0008\u000a-\u001f\u007f]/.exec(line);
    if (control)
      throw new PolicyError(
        n,
        `control character 0x${control[0].charCodeAt(0).toString(16).padStart(2, '0')} (only tab is allowed)`,
      );
    const fields = line.split(/[ \t]+/).filter((f) => f !== '');
    if (fields.length === 0 || (fields[0] as string).startsWith('#')) return;
    const [keyword, ...args] = fields as [string, ...string[]];
    switch (keyword) {
      case 'log':
        return this.log(args, n);
      case 'witness':
        return this.witness(args, n);
      case 'group':
        return this.group(args, n);
      case 'quorum':
        return this.setQuorum(args, n);
      default:
        throw new PolicyError(n, `unknown keyword ${JSON.stringify(keyword)} (expected log, witness, group or quorum)`);
    }
  }

  finish(): Policy {
    if (this.quorum === undefined) throw new PolicyError(0, 'the policy has no quorum line');
    return { logs: this.logs, witnesses: this.witnesses, quorum: this.quorum };
  }

  private log(args: string[], n: number): void {
    if (args.length < 1 || args.length > 2)
      throw new PolicyError(n, `a log line is "log <key> [<url>]", got ${args.length} item(s) after "log"`);
    const [keyText, url] = args as [string, string | undefined];
    let name: string | undefined;
    let publicKey: KeyObject;
    if (isHexKey(keyText)) publicKey = hexKey(keyText, n);
    else {
      const parsed = vkey(() => parseVerifierKey(keyText), n, 'log');
      name = parsed.name;
      publicKey = parsed.publicKey;
    }
    const raw = rawPublicKey(publicKey);
    const twin = this.logs.find((l) => l.raw.equals(raw));
    if (twin) throw new PolicyError(n, `duplicate log: the key of line ${twin.line} again`);
    this.limit(this.logs.length, 'logs', n);
    this.logs.push({ ...(name !== undefined ? { name } : {}), publicKey, raw, ...(url ? { url } : {}), line: n });
  }

  private witness(args: string[], n: number): void {
    if (args.length < 2 || args.length > 3)
      throw new PolicyError(
        n,
        `a witness line is "witness <name> <key> [<url>]", got ${args.length} item(s) after "witness"`,
      );
    const [name, keyText, url] = args as [string, string, string | undefined];
    this.defineName(name, n);
    const key: WitnessKey = isHexKey(keyText)
      ? bareWitnessKey(rawPublicKey(hexKey(keyText, n)))
      : vkey(() => witnessKeyFromVkey(keyText), n, 'witness');
    const twin = this.witnesses.find((w) => w.key.raw.equals(key.raw));
    if (twin) throw new PolicyError(n, `duplicate witness: ${name} has the key of ${twin.name} (line ${twin.line})`);
    this.limit(this.witnesses.length, 'witnesses', n);
    this.witnesses.push({ name, key, ...(url ? { url } : {}), line: n });
    this.names.set(name, { kind: 'witness', name });
  }

  private group(args: string[], n: number): void {
    if (args.length < 3)
      throw new PolicyError(n, 'a group line is "group <name> all|any|<k> <member>...", with at least one member');
    const [name, thresholdText, ...memberNames] = args as [string, string, ...string[]];
    this.defineName(name, n);
    const count = memberNames.length;
    let threshold: number;
    if (thresholdText === 'all') threshold = count;
    else if (thresholdText === 'any') threshold = 1;
    else if (/^[1-9][0-9]{0,5}$/.test(thresholdText)) threshold = Number(thresholdText);
    else throw new PolicyError(n, `group ${name}: the threshold ${JSON.stringify(thresholdText)} is not all, any or k`);
    if (threshold > count)
      throw new PolicyError(n, `group ${name}: threshold ${threshold} is more than its ${count} member(s)`);
    const members = memberNames.map((member) => this.member(member, name, n));
    this.limit(this.names.size, 'witnesses and groups', n);
    this.names.set(name, { kind: 'group', name, threshold, members });
  }

  private setQuorum(args: string[], n: number): void {
    if (args.length !== 1) throw new PolicyError(n, 'a quorum line is "quorum <name>" (a witness, a group or none)');
    if (this.quorum !== undefined)
      throw new PolicyError(n, `a second quorum line (the first is line ${this.quorumLine})`);
    const rule = this.names.get(args[0] as string);
    if (rule === undefined)
      throw new PolicyError(n, `quorum ${args[0]}: no witness or group of that name is defined above`);
    this.quorum = rule;
    this.quorumLine = n;
  }

  private defineName(name: string, n: number): void {
    if (name.startsWith('#')) throw new PolicyError(n, `name ${JSON.stringify(name)} may not start with #`);
    if (this.names.has(name)) throw new PolicyError(n, `duplicate name ${JSON.stringify(name)}`);
  }

  private member(member: string, group: string, n: number): QuorumRule {
    const holder = this.members.get(member);
    if (holder !== undefined)
      throw new PolicyError(
        n,
        holder === ''
          ? `group ${group}: ${member} cannot be a group member`
          : `group ${group}: ${member} is already a member of ${holder}`,
      );
    const rule = this.names.get(member);
    if (rule === undefined) throw new PolicyError(n, `group ${group}: ${member} is not defined above`);
    this.members.set(member, group);
    return rule;
  }

  private limit(count: number, what: string, n: number): void {
    if (count >= MAX_ENTRIES) throw new PolicyError(n, `more than ${MAX_ENTRIES} ${what}`);
  }
}

function isHexKey(text: string): boolean {
  return /^[0-9a-fA-F]{64}$/.test(text);
}

function hexKey(text: string, n: number): KeyObject {
  try {
    return ed25519PublicKey(Buffer.from(text, 'hex'));
  } catch (err) {
    throw new PolicyError(n, `the key is not an Ed25519 public key: ${(err as Error).message}`);
  }
}

function vkey<T>(parse: () => T, n: number, what: 'log' | 'witness'): T {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof CheckpointError)) throw err;
    const expected = what === 'log' ? 'a log vkey (type 0x01)' : 'a witness cosignature/v1 vkey (type 0x04)';
    throw new PolicyError(n, `the key is neither 64 hex digits nor ${expected}: ${err.message}`);
  }
}
