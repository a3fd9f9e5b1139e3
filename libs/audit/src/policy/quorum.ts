import type { SignedNote } from '../checkpoint';
import { checkCosignature, type CosignatureCheck } from '../cosignature';
import type { Policy, PolicyLog, QuorumRule } from './policy';

/** What one of the policy's witnesses said about a checkpoint. */
export interface WitnessCosignature {
  /** The policy's name for the witness. */
  readonly witness: string;
  readonly status: CosignatureCheck['status'];
  /** The signature line's key name, when there was one. */
  readonly keyName?: string;
  /** POSIX seconds, when valid. */
  readonly timestamp?: number;
  readonly reason?: string;
}

export interface QuorumResult {
  readonly met: boolean;
  /** Every witness of the policy, in the policy's order. */
  readonly witnesses: readonly WitnessCosignature[];
  /** The witnesses of the quorum rule whose cosignature is missing or invalid. */
  readonly lacking: readonly WitnessCosignature[];
}

/** Checks the cosignature of every witness of the policy on a signed checkpoint, and whether they make its quorum. */
export function checkQuorum(note: SignedNote, policy: Policy): QuorumResult {
  const witnesses = policy.witnesses.map((w): WitnessCosignature => {
    const check = checkCosignature(note, w.key);
    switch (check.status) {
      case 'valid':
        return { witness: w.name, status: 'valid', keyName: check.name, timestamp: check.timestamp };
      case 'invalid':
        return { witness: w.name, status: 'invalid', keyName: check.name, reason: check.reason };
      case 'missing':
        return { witness: w.name, status: 'missing' };
    }
  });
  const valid = new Set(witnesses.filter((w) => w.status === 'valid').map((w) => w.witness));
  const inRule = new Set(witnessesOf(policy.quorum));
  return {
    met: quorumSatisfied(policy.quorum, valid),
    witnesses,
    lacking: witnesses.filter((w) => w.status !== 'valid' && inRule.has(w.witness)),
  };
}

/** Whether the witnesses named in `cosigned` satisfy the rule (a group: at least k of its members do). */
export function quorumSatisfied(rule: QuorumRule, cosigned: ReadonlySet<string>): boolean {
  switch (rule.kind) {
    case 'none':
      return true;
    case 'witness':
      return cosigned.has(rule.name);
    case 'group':
      return rule.members.filter((m) => quorumSatisfied(m, cosigned)).length >= rule.threshold;
  }
}

/** The policy's log whose key this is (vkey's name must match too when the policy gives one). */
export function findPolicyLog(policy: Policy, name: string, raw: Buffer): PolicyLog | undefined {
  return policy.logs.find((l) => l.raw.equals(raw) && (l.name === undefined || l.name === name));
}

function witnessesOf(rule: QuorumRule): string[] {
  switch (rule.kind) {
    case 'none':
      return [];
    case 'witness':
      return [rule.name];
    case 'group':
      return rule.members.flatMap(witnessesOf);
  }
}
