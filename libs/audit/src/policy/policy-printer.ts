import { parseVerifierKey } from '../checkpoint';
import { parseWitnessVerifierKey } from '../cosignature';
import { parsePolicy, QUORUM_NONE } from './policy';

export interface PrintedWitness {
  /** The policy's name for it, e.g. the party's organisation id: no spaces, not "none", not starting with #. */
  readonly name: string;
  /** The witness's cosignature/v1 vkey. */
  readonly vkey: string;
  /** Its add-checkpoint submission prefix, when known. */
  readonly url?: string;
}

export interface PolicyToPrint {
  /** The log's vkey (its name is the checkpoints' origin). */
  readonly logVkey: string;
  readonly logUrl?: string;
  readonly witnesses: readonly PrintedWitness[];
  /** Lines written as comments at the top (who the policy is for, when it was printed). */
  readonly comments?: readonly string[];
}

/**
 * A policy that requires every witness's cosignature (one group, `all`), for an auditor to keep
 * and pass to `accord verify --policy`. The text is parsed back before it is returned, so what is
 * printed is always a policy the verifier accepts.
 */
export function formatPolicy(input: PolicyToPrint): string {
  parseVerifierKey(input.logVkey);
  const names = new Set<string>();
  for (const w of input.witnesses) {
    if (!/^[^\s#][^\s]*$/.test(w.name) || w.name === QUORUM_NONE)
      throw new RangeError(`witness name ${JSON.stringify(w.name)} cannot be a policy name`);
    if (names.has(w.name)) throw new RangeError(`two witnesses are named ${w.name}`);
    names.add(w.name);
    parseWitnessVerifierKey(w.vkey);
    if (w.url !== undefined && /\s/.test(w.url)) throw new RangeError(`witness ${w.name}'s URL has a space`);
  }
  let group = 'all-witnesses';
  for (let i = 2; names.has(group); i++) group = `all-witnesses-${i}`;
  const lines = [
    ...(input.comments ?? []).flatMap((c) => c.split('\n')).map((c) => `# ${c}`.trimEnd()),
    `log ${input.logVkey}${input.logUrl ? ` ${input.logUrl}` : ''}`,
    ...input.witnesses.map((w) => `witness ${w.name} ${w.vkey}${w.url ? ` ${w.url}` : ''}`),
  ];
  if (input.witnesses.length === 0) lines.push(`quorum ${QUORUM_NONE}`);
  else if (input.witnesses.length === 1) lines.push(`quorum ${(input.witnesses[0] as PrintedWitness).name}`);
  else lines.push(`group ${group} all ${input.witnesses.map((w) => w.name).join(' ')}`, `quorum ${group}`);
  const text = `${lines.join('\n')}\n`;
  parsePolicy(text);
  return text;
}
