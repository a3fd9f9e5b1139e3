import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { encodeVerifierKey, parseSignedNote, signCheckpoint } from '../checkpoint';
import { cosignNoteText, encodeWitnessVerifierKey } from '../cosignature';
import { parsePolicy, PolicyError } from './policy';
import { formatPolicy } from './policy-printer';
import { checkQuorum, quorumSatisfied } from './quorum';

const hex = (c: string) => c.repeat(64);
const witnessVkey = (name: string) => encodeWitnessVerifierKey(name, generateKeyPairSync('ed25519').publicKey);

function expectPolicyError(text: string, line: number, message: RegExp): void {
  let thrown: unknown;
  try {
    parsePolicy(text);
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(PolicyError);
  expect(thrown).toMatchObject({ line, code: 'policy-invalid' });
  expect((thrown as Error).message).toMatch(message);
  if (line > 0) expect((thrown as Error).message).toMatch(new RegExp(`^line ${line}: `));
}

describe('policy files (sigsum policy syntax, C2SP tlog-policy)', () => {
  it("reads sigsum's own example (bare hex keys, URLs, comments, indentation) and evaluates its quorum as sigsum does", () => {
    // sigsum-go pkg/policy/config_test.go, TestValidConfig.
    const policy = parsePolicy(`
# example config
log ${hex('a')} http://sigsum.example.org
  # comment
  log ${hex('b')}

witness W1 ${hex('c')} http://w1
# same key for log and key is undesirable, but not an error
witness W2 ${hex('a')}
witness W3 ${hex('d')} http://w3
witness W4 ${hex('e')} https://w4/
witness W5 ${hex('f')} https://w5

group G1 any W1 W2
group G2 2 W3 W4 W5
group G3 all G1 G2

quorum G3

  log ${hex('c')}
witness W6 ${hex('b')}
`);
    expect(policy.logs.map((l) => l.url)).toEqual(['http://sigsum.example.org', undefined, undefined]);
    expect(policy.witnesses.map((w) => w.name)).toEqual(['W1', 'W2', 'W3', 'W4', 'W5', 'W6']);
    const table: [string[], boolean][] = [
      [[], false],
      [['W1'], false],
      [['W2'], false],
      [['W3'], false],
      [['W3', 'W4', 'W5'], false],
      [['W1', 'W2'], false],
      [['W1', 'W3'], false],
      [['W1', 'W3', 'W4'], true],
      [['W2', 'W3', 'W5'], true],
    ];
    for (const [set, sufficient] of table)
      expect({ set, sufficient: quorumSatisfied(policy.quorum, new Set(set)) }).toEqual({ set, sufficient });
  });

  it('reads vkeys (tlog-policy) with the two-level example of the spec, tabs as separators', () => {
    const keys = ['X1', 'X2', 'X3', 'Y1', 'Y2', 'Y3'].map((n) => [n, witnessVkey(`${n.toLowerCase()}.example/w`)]);
    const logVkey = encodeVerifierKey('accord.example/log', generateKeyPairSync('ed25519').publicKey);
    const policy = parsePolicy(
      [
        `log\t${logVkey}`,
        ...keys.map(([n, k]) => `witness ${n} ${k}`),
        'group X-witnesses 2 X1 X2 X3',
        'group Y-witnesses any Y1 Y2 Y3',
        'group X-and-Y all X-witnesses Y-witnesses',
        'quorum X-and-Y',
      ].join('\n'),
    );
    expect(policy.logs[0]?.name).toBe('accord.example/log');
    expect(policy.witnesses[0]?.key.name).toBe('x1.example/w');
    expect(quorumSatisfied(policy.quorum, new Set(['X1', 'X3', 'Y2']))).toBe(true);
    expect(quorumSatisfied(policy.quorum, new Set(['X1', 'Y1', 'Y2', 'Y3']))).toBe(false);
    expect(quorumSatisfied(policy.quorum, new Set(['X1', 'X2', 'X3']))).toBe(false);
  });

  it('reads "quorum none" and a quorum of one witness', () => {
    expect(parsePolicy('quorum none\n').quorum).toEqual({ kind: 'none' });
    expect(quorumSatisfied(parsePolicy('quorum none').quorum, new Set())).toBe(true);
    const one = parsePolicy(`witness w ${witnessVkey('w.example/w')}\nquorum w\n`);
    expect(quorumSatisfied(one.quorum, new Set(['w']))).toBe(true);
    expect(quorumSatisfied(one.quorum, new Set())).toBe(false);
  });

  it.each([
    ['an empty file', '', 0, /no quorum line/],
    ['a form feed', '# \f\nquorum none\n', 1, /control character 0x0c/],
    ['a DEL', 'quorum none\n# \x7f\n', 2, /control character 0x7f/],
    ['a carriage return', 'quorum none\r\n', 1, /control character 0x0d/],
    ['a duplicate log', `log ${hex('a')}\n  log ${hex('a')}\nquorum none`, 2, /duplicate log: the key of line 1/],
    ['an end-of-line comment', `log ${hex('a')} http://example.org #comment\nquorum none`, 1, /"log <key> \[<url>\]"/],
    [
      'a duplicate witness key',
      `witness W1 ${hex('c')}\nwitness W2 ${hex('c')}\nquorum none`,
      2,
      /W2 has the key of W1/,
    ],
    ['a duplicate name', `witness W1 ${hex('c')}\nwitness W1 ${hex('d')}\nquorum none`, 2, /duplicate name "W1"/],
    ['a witness named none', `witness none ${hex('c')}`, 1, /duplicate name "none"/],
    [
      'an undefined member',
      `witness W1 ${hex('c')}\nwitness W2 ${hex('a')}\ngroup G all W1 W3 W2`,
      3,
      /W3 is not defined above/,
    ],
    [
      'a member listed twice',
      `witness W1 ${hex('c')}\nwitness W2 ${hex('a')}\ngroup G all W1 W2 W1`,
      3,
      /W1 is already a member of G/,
    ],
    [
      'a member of two groups',
      `witness W1 ${hex('c')}\nwitness W2 ${hex('a')}\nwitness W3 ${hex('b')}\ngroup G1 all W1 W2\ngroup G2 all W3 W2`,
      5,
      /W2 is already a member of G1/,
    ],
    ['none as a member', `witness W ${hex('b')}\ngroup G all W none\nquorum G`, 2, /none cannot be a group member/],
    ['a threshold above the members', `witness W ${hex('b')}\ngroup G 2 W`, 2, /threshold 2 is more than its 1 member/],
    ['a threshold of 0', `witness W ${hex('b')}\ngroup G 0 W`, 2, /threshold "0" is not all, any or k/],
    ['a group without members', `group G all`, 1, /at least one member/],
    [
      'a quorum defined below',
      `quorum W\nwitness W ${hex('b')}`,
      1,
      /no witness or group of that name is defined above/,
    ],
    ['two quorum lines', `quorum none\nquorum none`, 2, /a second quorum line \(the first is line 1\)/],
    ['an unknown keyword', `witnesses W ${hex('b')}`, 1, /unknown keyword "witnesses"/],
    ['a short hex key', `log ${'a'.repeat(62)}`, 1, /neither 64 hex digits nor a log vkey/],
    [
      'a log vkey given for a witness',
      `witness W ${encodeVerifierKey('w.example/w', generateKeyPairSync('ed25519').publicKey)}`,
      1,
      /witness cosignature\/v1 vkey \(type 0x04\).*type byte is 0x01/,
    ],
  ])('refuses %s, naming the line', (_what, text, line, message) => expectPolicyError(text, line, message));

  describe('checked against a cosigned checkpoint', () => {
    const log = generateKeyPairSync('ed25519').privateKey;
    const witnesses: { name: string; key: KeyObject }[] = ['camden', 'peabody', 'southwark'].map((name) => ({
      name,
      key: generateKeyPairSync('ed25519').privateKey,
    }));
    const signer = (i: number) => {
      const w = witnesses[i] as { name: string; key: KeyObject };
      return { name: `${w.name}.test/witness`, privateKey: w.key };
    };
    const note = signCheckpoint(
      { origin: 'accord.test/log', size: 9, rootHash: Buffer.alloc(32, 9) },
      { name: 'accord.test/log', privateKey: log },
    );
    const text = parseSignedNote(note).text;
    const cosign = (i: number, t = 1_800_000_000) => cosignNoteText(text, signer(i), t);
    const policyText = formatPolicy({
      logVkey: encodeVerifierKey('accord.test/log', log),
      witnesses: witnesses.map((w) => ({
        name: w.name,
        vkey: encodeWitnessVerifierKey(`${w.name}.test/witness`, w.key),
      })),
    });

    it('meets an all-of-three quorum with three valid cosignatures and reports each with its time', () => {
      const result = checkQuorum(
        parseSignedNote(`${note}${cosign(0)}${cosign(1, 1_800_000_005)}${cosign(2)}`),
        parsePolicy(policyText),
      );
      expect(result.met).toBe(true);
      expect(result.lacking).toEqual([]);
      expect(result.witnesses.map((w) => [w.witness, w.status, w.timestamp])).toEqual([
        ['camden', 'valid', 1_800_000_000],
        ['peabody', 'valid', 1_800_000_005],
        ['southwark', 'valid', 1_800_000_000],
      ]);
    });

    it('names the witnesses whose cosignature is missing or invalid', () => {
      const copied = cosignNoteText(text.replace('\n9\n', '\n8\n'), signer(2), 1);
      const result = checkQuorum(parseSignedNote(`${note}${cosign(0)}${copied}`), parsePolicy(policyText));
      expect(result.met).toBe(false);
      expect(result.lacking.map((w) => [w.witness, w.status])).toEqual([
        ['peabody', 'missing'],
        ['southwark', 'invalid'],
      ]);
    });

    it('meets a 2-of-3 group with one missing', () => {
      const twoOfThree = policyText.replace(/group (\S+) all/, 'group $1 2');
      expect(checkQuorum(parseSignedNote(`${note}${cosign(0)}${cosign(2)}`), parsePolicy(twoOfThree)).met).toBe(true);
    });
  });

  describe('printing a policy for a partnership', () => {
    const logVkey = encodeVerifierKey('accord.example/log', generateKeyPairSync('ed25519').publicKey);

    it('requires every witness, and reads back', () => {
      const w = ['camden', 'peabody', 'southwark'].map((name) => ({ name, vkey: witnessVkey(`${name}.example/w`) }));
      const text = formatPolicy({
        logVkey,
        witnesses: [
          ...w.slice(0, 2),
          { ...(w[2] as { name: string; vkey: string }), url: 'https://w.southwark.example' },
        ],
        comments: ['Station Road partnership', 'printed 2026-03-14'],
      });
      expect(text).toBe(
        [
          '# Station Road partnership',
          '# printed 2026-03-14',
          `log ${logVkey}`,
          `witness camden ${w[0]?.vkey}`,
          `witness peabody ${w[1]?.vkey}`,
          `witness southwark ${w[2]?.vkey} https://w.southwark.example`,
          'group all-witnesses all camden peabody southwark',
          'quorum all-witnesses',
          '',
        ].join('\n'),
      );
      const policy = parsePolicy(text);
      expect(quorumSatisfied(policy.quorum, new Set(['camden', 'peabody']))).toBe(false);
      expect(quorumSatisfied(policy.quorum, new Set(['camden', 'peabody', 'southwark']))).toBe(true);
    });

    it('prints one witness as the quorum itself, none as "quorum none", and a group name no witness has', () => {
      expect(formatPolicy({ logVkey, witnesses: [] })).toBe(`log ${logVkey}\nquorum none\n`);
      expect(formatPolicy({ logVkey, witnesses: [{ name: 'a', vkey: witnessVkey('a.example/w') }] })).toMatch(
        /\nquorum a\n$/,
      );
      const clash = formatPolicy({
        logVkey,
        witnesses: ['all-witnesses', 'b'].map((name) => ({ name, vkey: witnessVkey(`${name}.example/w`) })),
      });
      expect(clash).toMatch(/\ngroup all-witnesses-2 all all-witnesses b\nquorum all-witnesses-2\n$/);
    });

    it('refuses names a policy cannot hold and keys of the wrong type', () => {
      for (const name of ['two words', 'none', '#x', ''])
        expect(() => formatPolicy({ logVkey, witnesses: [{ name, vkey: witnessVkey('a.example/w') }] })).toThrow(
          RangeError,
        );
      expect(() => formatPolicy({ logVkey, witnesses: [{ name: 'a', vkey: logVkey }] })).toThrow(/type byte is 0x01/);
      const vkey = witnessVkey('a.example/w');
      expect(() =>
        formatPolicy({
          logVkey,
          witnesses: [
            { name: 'a', vkey },
            { name: 'a', vkey },
          ],
        }),
      ).toThrow(/two witnesses are named a/);
    });
  });
});
