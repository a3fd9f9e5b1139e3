import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import {
  type Checkpoint,
  CheckpointError,
  type CheckpointErrorCode,
  ed25519KeyId,
  encodeVerifierKey,
  formatCheckpoint,
  openNote,
  parseCheckpointBody,
  parseSignedCheckpoint,
  parseSignedNote,
  parseVerifierKey,
  rawPublicKey,
  signCheckpoint,
  signNote,
  verifySignedCheckpoint,
} from './checkpoint';
import { ed25519KeyFromSeed } from '../../../test/support/test-keys';

function expectCode(fn: () => unknown, code: CheckpointErrorCode, message?: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(CheckpointError);
  expect((thrown as CheckpointError).code).toBe(code);
  if (message) expect((thrown as CheckpointError).message).toMatch(message);
}

describe('signed note: golang.org/x/mod/sumdb/note reference vector', () => {
  // From the package documentation and note_test.go of golang.org/x/mod/sumdb/note (the
  // implementation c2sp.org/signed-note was written from). Ed25519 is deterministic, so our
  // signature must reproduce the published note byte for byte.
  const skey = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
  const vkey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
  const text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
  const signed = `${text}\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
  const seed = Buffer.from(skey.split('+').slice(4).join('+'), 'base64').subarray(1);
  const privateKey = ed25519KeyFromSeed(seed);

  it('derives the published key ID and verifier key', () => {
    expect(ed25519KeyId('PeterNeumann', createPublicKey(privateKey)).toString('hex')).toBe('c74f20a3');
    expect(encodeVerifierKey('PeterNeumann', createPublicKey(privateKey))).toBe(vkey);
    expect(encodeVerifierKey('PeterNeumann', privateKey)).toBe(vkey);
    const parsed = parseVerifierKey(vkey);
    expect(parsed.name).toBe('PeterNeumann');
    expect(parsed.keyId.toString('hex')).toBe('c74f20a3');
    expect(rawPublicKey(parsed.publicKey).equals(rawPublicKey(privateKey))).toBe(true);
  });

  it('signs to the published note and opens it', () => {
    expect(signNote(text, { name: 'PeterNeumann', privateKey })).toBe(signed);
    expect(openNote(signed, vkey).text).toBe(text);
    expect(openNote(Buffer.from(signed, 'utf8'), vkey).text).toBe(text);
    expectCode(() => openNote(signed.replace('cryptography', 'cryptographY'), vkey), 'signature-invalid');
  });

  it('parses verifier keys whose base64 contains "+" (transparency-dev/formats test key)', () => {
    const plus = 'TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6';
    const parsed = parseVerifierKey(plus);
    expect(parsed.name).toBe('TEST');
    expect(encodeVerifierKey(parsed.name, parsed.publicKey)).toBe(plus);
  });
});

describe('checkpoints', () => {
  const name = 'accord.example/log';
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const rootHash = Buffer.from('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328', 'hex');
  const checkpoint: Checkpoint = { origin: name, size: 8, rootHash };

  it('formats the C2SP body: origin, decimal size, base64 root, each ending in a newline', () => {
    expect(formatCheckpoint(checkpoint)).toBe('accord.example/log\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n');
    expect(formatCheckpoint({ ...checkpoint, size: 0, extensions: ['ext one', 'two'] })).toBe(
      'accord.example/log\n0\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\next one\ntwo\n',
    );
  });

  it('round-trips: sign, parse, verify', () => {
    const note = signCheckpoint(checkpoint, { name, privateKey });
    const [body, sigLine] = note.split('\n\n') as [string, string];
    expect(`${body}\n`).toBe(formatCheckpoint(checkpoint));
    expect(sigLine).toMatch(/^\u2014 accord\.example\/log [A-Za-z0-9+/]{91}=\n$/);

    // The signature line is key ID || Ed25519(note text), checkable with plain node:crypto.
    const blob = Buffer.from(sigLine.slice(2 + name.length + 1, -1), 'base64');
    expect(blob.subarray(0, 4).equals(ed25519KeyId(name, publicKey))).toBe(true);
    expect(verify(null, Buffer.from(`${body}\n`), publicKey, blob.subarray(4))).toBe(true);

    const parsed = parseSignedCheckpoint(note);
    expect(parsed.checkpoint).toEqual(checkpoint);
    expect(parsed.signatures).toHaveLength(1);
    expect(verifySignedCheckpoint(note, { name, publicKey })).toEqual(checkpoint);
    expect(verifySignedCheckpoint(note, encodeVerifierKey(name, publicKey), { origin: name })).toEqual(checkpoint);
    expect(verifySignedCheckpoint(note, { name, publicKey: rawPublicKey(publicKey) })).toEqual(checkpoint);

    const withExtensions = { ...checkpoint, extensions: ['timestamp 2025-01-01T00:00:00Z'] };
    expect(verifySignedCheckpoint(signCheckpoint(withExtensions, { name, privateKey }), { name, publicKey })).toEqual(
      withExtensions,
    );
  });

  describe('verification fails, naming the check', () => {
    const note = signCheckpoint(checkpoint, { name, privateKey });

    it('when the body is altered (size, root, origin, an added line)', () => {
      expectCode(
        () => verifySignedCheckpoint(note.replace('\n8\n', '\n9\n'), { name, publicKey }),
        'signature-invalid',
      );
      const otherRoot = Buffer.from(rootHash);
      otherRoot[31] = (otherRoot[31] as number) ^ 1;
      expectCode(
        () =>
          verifySignedCheckpoint(note.replace(rootHash.toString('base64'), otherRoot.toString('base64')), {
            name,
            publicKey,
          }),
        'signature-invalid',
      );
      expectCode(
        () =>
          verifySignedCheckpoint(note.replace('accord.example/log\n8', 'accord.example/Log\n8'), { name, publicKey }),
        'signature-invalid',
      );
      expectCode(
        () => verifySignedCheckpoint(note.replace('=\n\n', '=\nextra\n\n'), { name, publicKey }),
        'signature-invalid',
      );
    });

    it('when the signature is altered', () => {
      const [body, sigLine] = note.split('\n\n') as [string, string];
      const blob = Buffer.from(sigLine.slice(2 + name.length + 1, -1), 'base64');
      for (const byte of [4, 20, 67]) {
        const bad = Buffer.from(blob);
        bad[byte] = (bad[byte] as number) ^ 0x10;
        const altered = `${body}\n\n\u2014 ${name} ${bad.toString('base64')}\n`;
        expectCode(() => verifySignedCheckpoint(altered, { name, publicKey }), 'signature-invalid', /does not verify/);
      }
      // A truncated signature from the right key is a bad signature, not an absent one.
      const short = `${body}\n\n\u2014 ${name} ${blob.subarray(0, 40).toString('base64')}\n`;
      expectCode(() => verifySignedCheckpoint(short, { name, publicKey }), 'signature-invalid');
      // Changing the key ID makes it a signature from some other key.
      const otherId = Buffer.from(blob);
      otherId[0] = (otherId[0] as number) ^ 1;
      expectCode(
        () => verifySignedCheckpoint(`${body}\n\n\u2014 ${name} ${otherId.toString('base64')}\n`, { name, publicKey }),
        'signature-missing',
        /key ID/,
      );
    });

    it('with the wrong key or key name', () => {
      const other = generateKeyPairSync('ed25519');
      expectCode(
        () => verifySignedCheckpoint(note, { name, publicKey: other.publicKey }),
        'signature-missing',
        /expected/,
      );
      expectCode(
        () => verifySignedCheckpoint(note, { name: 'accord.example/other', publicKey }),
        'signature-missing',
        /signed by: accord\.example\/log\+/,
      );
      expectCode(() => verifySignedCheckpoint(note, encodeVerifierKey(name, other.publicKey)), 'signature-missing');
    });

    it('when the origin is not the expected one', () => {
      expectCode(
        () => verifySignedCheckpoint(note, { name, publicKey }, { origin: 'accord.example/other' }),
        'origin-mismatch',
      );
    });

    it('when the note is malformed', () => {
      const [body] = note.split('\n\n') as [string, string];
      expectCode(() => verifySignedCheckpoint(`${body}\n`, { name, publicKey }), 'note-malformed', /blank line/);
      expectCode(
        () => verifySignedCheckpoint(`${body}\n\n`, { name, publicKey }),
        'note-malformed',
        /no signature lines/,
      );
      expectCode(() => verifySignedCheckpoint(note.slice(0, -1), { name, publicKey }), 'note-malformed', /newline/);
      expectCode(
        () => verifySignedCheckpoint(note.replace('\u2014 ', '- '), { name, publicKey }),
        'note-malformed',
        /em dash/,
      );
      expectCode(
        () => verifySignedCheckpoint(note.replace('\n8\n', '\n8\r\n'), { name, publicKey }),
        'note-malformed',
        /U\+000d/,
      );
      expectCode(
        () => verifySignedCheckpoint(note.replace(/=\n$/, '\n'), { name, publicKey }),
        'note-malformed',
        /base64/,
      );
      expectCode(() => parseSignedNote(Buffer.from([0x61, 0x0a, 0x0a, 0xff, 0x0a])), 'note-malformed', /UTF-8/);
      const many = note + note.split('\n\n')[1]?.repeat(70);
      expectCode(() => parseSignedNote(many), 'note-malformed', /more than/);
    });

    it('when a validly signed body is not a checkpoint', () => {
      const bodies: [string, RegExp][] = [
        ['accord.example/log\n8\n', /needs origin, tree size and root hash/],
        ['accord.example/log\n08\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n', /leading zeroes/],
        ['accord.example/log\n-1\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n', /tree size/],
        ['accord.example/log\n99999999999999999999\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n', /too large/],
        ['accord.example/log\n8\nXcnaeacGWamtVZy3Ad7Zoqudgjqtl0lgz+Nw7/RgQ=\n', /root hash/],
        ['accord.example/log\n8\nXcnaeacGWamtVZy3Ad7Zoqudgjqtl0lgz+Nw7/RgQyh=\n', /root hash/], // non-zero padding bits
        ['accord.example/log\n8\nXcnaeacGWamtVZy3Ad7Zoqudgjqtl0lgz-Nw7_RgQyg=\n', /root hash/], // base64url
      ];
      for (const [text, why] of bodies) {
        const signed = signNote(text, { name, privateKey });
        expectCode(() => verifySignedCheckpoint(signed, { name, publicKey }), 'checkpoint-malformed', why);
      }
      // An empty extension line cannot even be signed as a checkpoint: it would be read as the separator.
      expectCode(() => formatCheckpoint({ ...checkpoint, extensions: [''] }), 'checkpoint-malformed');
      expectCode(
        () => parseCheckpointBody('\n8\nXcnaeacGWamtVZy3Ad7Zoqudgjqtl0lgz+Nw7/RgQyg=\n'),
        'checkpoint-malformed',
        /origin/,
      );
    });
  });

  it('ignores signatures from other keys (e.g. witness cosignatures), as signed-note requires', () => {
    const witness = generateKeyPairSync('ed25519');
    const note = signCheckpoint(checkpoint, { name, privateKey });
    const cosigned = signCheckpoint(checkpoint, { name: 'witness.example/w1', privateKey: witness.privateKey });
    const both = note + cosigned.split('\n\n')[1];
    expect(parseSignedNote(both).signatures.map((s) => s.name)).toEqual([name, 'witness.example/w1']);
    expect(verifySignedCheckpoint(both, { name, publicKey })).toEqual(checkpoint);
    expect(verifySignedCheckpoint(both, { name: 'witness.example/w1', publicKey: witness.publicKey })).toEqual(
      checkpoint,
    );
    // …but a bad signature by the trusted key is fatal even when another one is good.
    const [body, sigLine] = note.split('\n\n') as [string, string];
    const blob = Buffer.from(sigLine.slice(2 + name.length + 1, -1), 'base64');
    blob[10] = (blob[10] as number) ^ 1;
    const withBad = `${note}\u2014 ${name} ${blob.toString('base64')}\n`;
    expect(withBad.startsWith(`${body}\n\n`)).toBe(true);
    expectCode(() => verifySignedCheckpoint(withBad, { name, publicKey }), 'signature-invalid');
  });

  it('refuses keys that are not Ed25519, malformed verifier keys and bad key names', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expectCode(() => signCheckpoint(checkpoint, { name, privateKey: rsa.privateKey }), 'key-invalid');
    expectCode(() => signCheckpoint(checkpoint, { name: 'has space', privateKey }), 'key-invalid');
    expectCode(() => signCheckpoint(checkpoint, { name: 'a+b', privateKey }), 'key-invalid');
    expectCode(() => encodeVerifierKey(name, rsa.publicKey), 'key-invalid');
    const vkey = encodeVerifierKey(name, publicKey);
    expectCode(() => parseVerifierKey(vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+')), 'key-invalid', /does not match/);
    expectCode(() => parseVerifierKey(`${name}+${ed25519KeyId(name, publicKey).toString('hex')}+AA==`), 'key-invalid');
    expectCode(() => parseVerifierKey('no-plus-signs'), 'key-invalid');
    expectCode(
      () =>
        verifySignedCheckpoint(signCheckpoint(checkpoint, { name, privateKey }), { name, publicKey: Buffer.alloc(31) }),
      'key-invalid',
    );
  });
});
