import { createPublicKey, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import {
  encodeVerifierKey,
  openNote,
  parseSignedNote,
  rawPublicKey,
  signCheckpoint,
  verifySignedCheckpoint,
} from './checkpoint';
import {
  checkCosignature,
  cosignatureKeyId,
  cosignatureMessage,
  cosignNoteText,
  encodeWitnessVerifierKey,
  witnessKeyFromVkey,
} from './cosignature';
import { leafHash } from './leaf-hash';
import { parsePolicy, PolicyError } from './policy/policy';
import { checkQuorum, quorumSatisfied } from './policy/quorum';
import { InMemoryNodeStore, MerkleTreeAppender } from './merkle-tree';
import { consistencyProof, verifyConsistency } from './proofs';
import { formatAddCheckpointRequest, parseAddCheckpointRequest } from './witness/add-checkpoint';
import { ed25519KeyFromSeed } from '../../../test/support/test-keys';
import { reproducesVectorFile } from '../../../test/support/vector-file';

/**
 * libs/audit/test-vectors/witness.json: cosignature/v1 lines, cosigned checkpoints, add-checkpoint
 * bodies and policies, produced by this code from fixed keys and times, so that another
 * implementation (a partner's witness, an auditor's verifier) can check itself against Accord's.
 * This suite regenerates the file and insists it is byte-identical, checks it with the verifiers
 * alone, and checks the verifiers against examples published with the C2SP specs.
 *
 * After an intentional change: UPDATE_AUDIT_VECTORS=1 npx jest libs/audit/src/witness-test-vectors
 */
const VECTORS_PATH = join(__dirname, '..', 'test-vectors', 'witness.json');

interface Key {
  keyName: string;
  ed25519Seed: string;
  publicKey: string;
  vkey: string;
  keyId: string;
}

interface CosignatureVector {
  description: string;
  witness: string;
  checkpointSize: number;
  timestamp: number;
  signedMessage: string;
  line: string;
  expect: 'valid' | 'invalid' | 'missing';
}

interface Vectors {
  format: string;
  description: string;
  log: Key;
  witnesses: Key[];
  checkpoints: { size: number; rootHash: string; body: string; signedNote: string }[];
  cosignatures: CosignatureVector[];
  cosignedCheckpoint: { description: string; note: string };
  addCheckpoint: { description: string; oldSize: number; body: string }[];
  policies: {
    description: string;
    text: string;
    cases: { cosigned: string[]; satisfied: boolean }[];
    noteCases?: { description: string; note: string; satisfied: boolean; lacking: string[] }[];
  }[];
  invalidPolicies: { description: string; text: string; line: number }[];
}

const hex = (b: Buffer) => b.toString('hex');
const RFC6962_INPUTS = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f',
];

/** Test-only keys: the RFC 8032 seed is 32 consecutive bytes from `first`. Never use them for anything real. */
function seededKey(first: number): { seed: Buffer; privateKey: KeyObject } {
  const seed = Buffer.from(Array.from({ length: 32 }, (_, i) => (first + i) & 0xff));
  return { seed, privateKey: ed25519KeyFromSeed(seed) };
}

function describeKey(keyName: string, seed: Buffer, privateKey: KeyObject, witness: boolean): Key {
  const pub = createPublicKey(privateKey);
  return {
    keyName,
    ed25519Seed: hex(seed),
    publicKey: hex(rawPublicKey(pub)),
    vkey: witness ? encodeWitnessVerifierKey(keyName, pub) : encodeVerifierKey(keyName, pub),
    keyId: witness ? hex(cosignatureKeyId(keyName, pub)) : encodeVerifierKey(keyName, pub).split('+')[1]!,
  };
}

async function generate(): Promise<Vectors> {
  const store = new InMemoryNodeStore();
  const tree = new MerkleTreeAppender();
  const roots: Buffer[] = [];
  for (const input of RFC6962_INPUTS) {
    store.add(tree.append(leafHash(Buffer.from(input, 'hex'))));
    roots.push(tree.root());
  }
  const origin = 'accord.example/test-vectors';
  const logKey = seededKey(0x00);
  const witnessKeys = [
    { name: 'witness.camden.example/accord', ...seededKey(0x20) },
    { name: 'witness.peabody.example/accord', ...seededKey(0x40) },
    { name: 'witness.southwark.example/accord', ...seededKey(0x60) },
  ];
  const note = (size: number) =>
    signCheckpoint(
      { origin, size, rootHash: roots[size - 1] as Buffer },
      { name: origin, privateKey: logKey.privateKey },
    );
  const text = (size: number) => parseSignedNote(note(size)).text;
  const timestamp = 1_767_225_600; // 2026-01-01T00:00:00Z
  const cosign = (w: number, size: number, t: number) =>
    cosignNoteText(text(size), { name: witnessKeys[w]!.name, privateKey: witnessKeys[w]!.privateKey }, t);
  const vector = (
    description: string,
    w: number,
    size: number,
    t: number,
    line: string,
    expect: CosignatureVector['expect'],
  ): CosignatureVector => ({
    description,
    witness: witnessKeys[w]!.name,
    checkpointSize: size,
    timestamp: t,
    signedMessage: cosignatureMessage(text(size), t).toString('utf8'),
    line,
    expect,
  });
  const retimed = (line: string, t: number) => {
    const space = line.lastIndexOf(' ');
    const blob = Buffer.from(line.slice(space + 1, -1), 'base64');
    blob.writeBigUInt64BE(BigInt(t), 4);
    return `${line.slice(0, space + 1)}${blob.toString('base64')}\n`;
  };
  const cosigned8 = `${note(8)}${[0, 1, 2].map((w) => cosign(w, 8, timestamp + w)).join('')}`;
  const witnessVkeys = witnessKeys.map((w) => encodeWitnessVerifierKey(w.name, w.privateKey));
  const allOf = [
    `log ${encodeVerifierKey(origin, logKey.privateKey)}`,
    ...witnessVkeys.map((v, i) => `witness ${['camden', 'peabody', 'southwark'][i]} ${v}`),
    'group parties all camden peabody southwark',
    'quorum parties',
    '',
  ].join('\n');
  const twoLevel = [
    '# the two-level example of C2SP tlog-policy, with two groups of these three witnesses',
    `witness camden ${witnessVkeys[0]}`,
    `witness peabody\t${witnessVkeys[1]}`,
    `witness southwark ${rawPublicKey(witnessKeys[2]!.privateKey).toString('hex')}`,
    'group councils any camden',
    'group associations 1 peabody southwark',
    'group both all councils associations',
    'quorum both',
    '',
  ].join('\n');
  const sets = [
    [],
    ['camden'],
    ['peabody'],
    ['camden', 'peabody'],
    ['camden', 'southwark'],
    ['peabody', 'southwark'],
    ['camden', 'peabody', 'southwark'],
  ];
  const evaluate = (policyText: string) =>
    sets.map((cosigned) => ({
      cosigned,
      satisfied: quorumSatisfied(parsePolicy(policyText).quorum, new Set(cosigned)),
    }));

  return {
    format: 'accord-witness-test-vectors/1',
    description:
      'C2SP tlog-cosignature (cosignature/v1, Ed25519), tlog-witness add-checkpoint and tlog-policy (sigsum policy syntax) test vectors for Accord witnesses; see README.md in this folder. Keys are test-only, from the RFC 8032 seeds given.',
    log: describeKey(origin, logKey.seed, logKey.privateKey, false),
    witnesses: witnessKeys.map((w) => describeKey(w.name, w.seed, w.privateKey, true)),
    checkpoints: [4, 8].map((size) => ({
      size,
      rootHash: hex(roots[size - 1] as Buffer),
      body: text(size),
      signedNote: note(size),
    })),
    cosignatures: [
      vector('camden cosigns the checkpoint of size 8', 0, 8, timestamp, cosign(0, 8, timestamp), 'valid'),
      vector('peabody cosigns the checkpoint of size 4', 1, 4, timestamp, cosign(1, 4, timestamp), 'valid'),
      vector(
        'the same line with its timestamp changed by one second: the signature no longer covers it',
        0,
        8,
        timestamp + 1,
        retimed(cosign(0, 8, timestamp), timestamp + 1),
        'invalid',
      ),
      vector(
        "camden's line for size 4 shown against the checkpoint of size 8",
        0,
        8,
        timestamp,
        cosign(0, 4, timestamp),
        'invalid',
      ),
      vector(
        "a line with camden's name signed by peabody's key: its key ID is not camden's, so it is not camden's cosignature",
        0,
        8,
        timestamp,
        cosignNoteText(text(8), { name: witnessKeys[0]!.name, privateKey: witnessKeys[1]!.privateKey }, timestamp),
        'missing',
      ),
    ],
    cosignedCheckpoint: {
      description:
        'The checkpoint of size 8 signed by the log and cosigned by the three witnesses at 2026-01-01T00:00:00Z, +1 s and +2 s.',
      note: cosigned8,
    },
    addCheckpoint: [
      {
        description:
          'The first submission of the checkpoint of size 4 to a witness that never cosigned this log: old 0, no proof.',
        oldSize: 0,
        body: formatAddCheckpointRequest({ oldSize: 0, proof: [], note: note(4) }),
      },
      {
        description: 'Growth from 4 to 8 with the RFC 6962 consistency proof (base64 hashes, one a line).',
        oldSize: 4,
        body: formatAddCheckpointRequest({ oldSize: 4, proof: await consistencyProof(4, 8, store), note: note(8) }),
      },
    ],
    policies: [
      {
        description: 'Every witness required (what accord policy prints for a partnership of three parties).',
        text: allOf,
        cases: evaluate(allOf),
        noteCases: [
          { description: 'all three cosigned', note: cosigned8, satisfied: true, lacking: [] },
          {
            description: 'southwark has not cosigned',
            note: `${note(8)}${cosign(0, 8, timestamp)}${cosign(1, 8, timestamp)}`,
            satisfied: false,
            lacking: ['southwark'],
          },
          {
            description: "peabody's cosignature of size 4 copied onto size 8",
            note: `${note(8)}${cosign(0, 8, timestamp)}${cosign(1, 4, timestamp)}${cosign(2, 8, timestamp)}`,
            satisfied: false,
            lacking: ['peabody'],
          },
        ],
      },
      {
        description:
          'Groups within groups, a tab as separator, a comment, and a bare 64-hex-digit key (sigsum policy files): any line whose key ID matches its own name with that key counts.',
        text: twoLevel,
        cases: evaluate(twoLevel),
      },
    ],
    invalidPolicies: [
      { description: 'no quorum line', text: `witness camden ${witnessVkeys[0]}\n`, line: 0 },
      {
        description: 'a group naming a witness defined below it',
        text: `group g all camden\nwitness camden ${witnessVkeys[0]}\nquorum g\n`,
        line: 1,
      },
      {
        description: 'a member of two groups',
        text: `witness a ${witnessVkeys[0]}\ngroup g1 any a\ngroup g2 any a\nquorum g2\n`,
        line: 3,
      },
      {
        description: 'a threshold above the number of members',
        text: `witness a ${witnessVkeys[0]}\ngroup g 2 a\nquorum g\n`,
        line: 2,
      },
      {
        description: 'the same key for two witnesses',
        text: `witness a ${witnessVkeys[0]}\nwitness b ${witnessVkeys[0]}\nquorum a\n`,
        line: 2,
      },
      {
        description: "a log's vkey (type 0x01) given for a witness",
        text: `witness a ${encodeVerifierKey(origin, logKey.privateKey)}\nquorum a\n`,
        line: 1,
      },
      { description: 'a carriage return', text: 'quorum none\r\n', line: 1 },
    ],
  };
}

describe('witness test vectors (libs/audit/test-vectors/witness.json)', () => {
  let file: Vectors;
  reproducesVectorFile(VECTORS_PATH, generate, (loaded) => (file = loaded));

  it('verify with the verifiers alone (what an independent checker does with the file)', () => {
    for (const cp of file.checkpoints) expect(verifySignedCheckpoint(cp.signedNote, file.log.vkey).size).toBe(cp.size);
    for (const c of file.cosignatures) {
      const body = file.checkpoints.find((cp) => cp.size === c.checkpointSize)?.body as string;
      expect(c.signedMessage).toBe(`cosignature/v1\ntime ${c.timestamp}\n${body}`);
      const key = witnessKeyFromVkey(file.witnesses.find((w) => w.keyName === c.witness)?.vkey as string);
      expect({ c: c.description, status: checkCosignature(parseSignedNote(`${body}\n${c.line}`), key).status }).toEqual(
        {
          c: c.description,
          status: c.expect,
        },
      );
    }
    const note = parseSignedNote(file.cosignedCheckpoint.note);
    expect(openNote(file.cosignedCheckpoint.note, file.log.vkey).text).toBe(file.checkpoints[1]?.body);
    for (const w of file.witnesses) expect(checkCosignature(note, witnessKeyFromVkey(w.vkey)).status).toBe('valid');

    const [first, growth] = file.addCheckpoint;
    expect(parseAddCheckpointRequest(Buffer.from(first!.body))).toMatchObject({ oldSize: 0, proof: [] });
    const request = parseAddCheckpointRequest(Buffer.from(growth!.body));
    const root = (size: number) =>
      Buffer.from(file.checkpoints.find((cp) => cp.size === size)?.rootHash as string, 'hex');
    expect(verifyConsistency(4, 8, root(4), root(8), request.proof)).toBe(true);

    for (const p of file.policies) {
      const policy = parsePolicy(p.text);
      for (const c of p.cases)
        expect({ ...c, satisfied: quorumSatisfied(policy.quorum, new Set(c.cosigned)) }).toEqual(c);
      for (const c of p.noteCases ?? []) {
        const result = checkQuorum(parseSignedNote(c.note), policy);
        expect({ d: c.description, satisfied: result.met, lacking: result.lacking.map((w) => w.witness) }).toEqual({
          d: c.description,
          satisfied: c.satisfied,
          lacking: c.lacking,
        });
      }
    }
    for (const p of file.invalidPolicies) {
      let thrown: unknown;
      try {
        parsePolicy(p.text);
      } catch (err) {
        thrown = err;
      }
      expect({ d: p.description, line: (thrown as PolicyError)?.line }).toEqual({ d: p.description, line: p.line });
      expect(thrown).toBeInstanceOf(PolicyError);
    }
  });

  it('verify the example published with C2SP signed-note', () => {
    // c2sp.org/signed-note, "Verifier keys": the example vkey verifies the example note.
    const vkey = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
    const example =
      'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
    expect(openNote(example, vkey).text).toBe('This is an example message.\n');
    expect(() => openNote(example.replace('example message', 'exampel message'), vkey)).toThrow(/does not verify/);
  });
});
