import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { ed25519KeyId, encodeVerifierKey, parseSignedNote, rawPublicKey, signCheckpoint } from './checkpoint';
import {
  bareWitnessKey,
  checkCosignature,
  checkCosignatureLines,
  cosignatureKeyId,
  cosignatureMessage,
  cosignNoteText,
  encodeWitnessVerifierKey,
  parseWitnessVerifierKey,
  witnessKeyFromVkey,
} from './cosignature';
import { ed25519KeyFromSeed } from '../../../test/support/test-keys';

describe('cosignature/v1 (C2SP tlog-cosignature, Ed25519)', () => {
  // sigsum-go pkg/checkpoint/checkpoint_test.go (TestCheckpointVerifyCosignatureByKey): witness
  // key from the seed 0x11 followed by 31 zero bytes, name example.org/witness, timestamp 1234,
  // over the checkpoint "example.org/log", size 10, root 1c0e47 followed by zero bytes.
  const sigsumText = `example.org/log\n10\n${Buffer.concat([Buffer.from([28, 14, 71]), Buffer.alloc(29)]).toString('base64')}\n`;
  const sigsumLine =
    '— example.org/witness ys8uUAAAAAAAAATSftMzceM8zssdZ9jin9SjwIxzx9iADMf63VqirX2hafol9RsqNqbofIz0LVRqHXI2kpEBSki5RTXFtxz1vo9+Cg==\n';
  const sigsumKey = ed25519KeyFromSeed(Buffer.concat([Buffer.from([17]), Buffer.alloc(31)]));

  it("reproduces sigsum's published cosignature byte for byte and reads its timestamp", () => {
    expect(cosignNoteText(sigsumText, { name: 'example.org/witness', privateKey: sigsumKey }, 1234)).toBe(sigsumLine);
    const witness = witnessKeyFromVkey(encodeWitnessVerifierKey('example.org/witness', createPublicKey(sigsumKey)));
    expect(checkCosignatureLines(sigsumText, sigsumLine, witness)).toEqual({
      status: 'valid',
      name: 'example.org/witness',
      timestamp: 1234,
    });
  });

  it('signs exactly "cosignature/v1\\ntime <t>\\n" followed by the note text, after an 8-byte big-endian timestamp', () => {
    const message = cosignatureMessage(sigsumText, 1679315147);
    expect(message.toString('utf8')).toBe(`cosignature/v1\ntime 1679315147\n${sigsumText}`);
    const line = cosignNoteText(sigsumText, { name: 'w.example/1', privateKey: sigsumKey }, 1679315147);
    const blob = Buffer.from(line.slice('— w.example/1 '.length, -1), 'base64');
    expect(blob.length).toBe(4 + 8 + 64);
    expect(blob.subarray(4, 12).toString('hex')).toBe('00000000641850cb');
    expect(verify(null, message, createPublicKey(sigsumKey), blob.subarray(12))).toBe(true);
  });

  it("lays its bytes out as the C2SP spec's example does (key ID, then the timestamp of the example's signed message)", () => {
    // c2sp.org/tlog-cosignature: the example checkpoint's witness line and the example message
    // "cosignature/v1\ntime 1679315147\n…" (the witness's key is not published, so only the layout is checked).
    const example = parseSignedNote(
      'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n' +
        '— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n',
    ).signatures[0];
    expect(example?.signature.length).toBe(8 + 64);
    expect(Number(example?.signature.readBigUInt64BE(0))).toBe(1679315147);
  });

  it('computes the key ID with signature type 0x04, so it differs from the same key as a note signer', () => {
    const raw = rawPublicKey(sigsumKey);
    const expected = createHash('sha256')
      .update(Buffer.concat([Buffer.from('example.org/witness\n'), Buffer.from([0x04]), raw]))
      .digest()
      .subarray(0, 4);
    expect(cosignatureKeyId('example.org/witness', raw)).toEqual(expected);
    expect(cosignatureKeyId('example.org/witness', raw)).not.toEqual(ed25519KeyId('example.org/witness', raw));
    const vkey = encodeWitnessVerifierKey('example.org/witness', raw);
    expect(vkey).toBe(
      `example.org/witness+${expected.toString('hex')}+${Buffer.concat([Buffer.from([4]), raw]).toString('base64')}`,
    );
    expect(rawPublicKey(parseWitnessVerifierKey(vkey).publicKey)).toEqual(raw);
    expect(() => parseWitnessVerifierKey(encodeVerifierKey('example.org/witness', raw))).toThrow(/type byte is 0x01/);
  });

  describe('checking a cosigned checkpoint', () => {
    const log = generateKeyPairSync('ed25519').privateKey;
    const w1 = generateKeyPairSync('ed25519').privateKey;
    const w2 = generateKeyPairSync('ed25519').privateKey;
    const note = signCheckpoint(
      { origin: 'accord.test/log', size: 3, rootHash: Buffer.alloc(32, 1) },
      { name: 'accord.test/log', privateKey: log },
    );
    const text = parseSignedNote(note).text;
    const w1Key = witnessKeyFromVkey(encodeWitnessVerifierKey('w1.test/w', w1));
    const cosigned = `${note}${cosignNoteText(text, { name: 'w1.test/w', privateKey: w1 }, 1_800_000_000)}`;

    it('finds the witness by name and key ID among other signatures', () => {
      expect(checkCosignature(parseSignedNote(cosigned), w1Key)).toEqual({
        status: 'valid',
        name: 'w1.test/w',
        timestamp: 1_800_000_000,
      });
      const w2Key = witnessKeyFromVkey(encodeWitnessVerifierKey('w2.test/w', w2));
      expect(checkCosignature(parseSignedNote(cosigned), w2Key)).toEqual({ status: 'missing' });
    });

    it('ignores a line with its name but another key (signed-note: both must match)', () => {
      const impostor = `${note}${cosignNoteText(text, { name: 'w1.test/w', privateKey: w2 }, 1_800_000_000)}`;
      expect(checkCosignature(parseSignedNote(impostor), w1Key)).toEqual({ status: 'missing' });
    });

    it('finds a bare key (sigsum policies) under whatever name the line carries', () => {
      expect(checkCosignature(parseSignedNote(cosigned), bareWitnessKey(rawPublicKey(w1)))).toMatchObject({
        status: 'valid',
        name: 'w1.test/w',
      });
    });

    it('is invalid when the timestamp, the text or the signature was changed, or the timestamp is 0', () => {
      const line = cosigned.slice(note.length);
      const blob = Buffer.from(line.slice('— w1.test/w '.length, -1), 'base64');
      const withBlob = (b: Buffer) => `— w1.test/w ${b.toString('base64')}\n`;
      const later = Buffer.from(blob);
      later.writeBigUInt64BE(1_800_000_001n, 4);
      expect(checkCosignatureLines(text, withBlob(later), w1Key)).toMatchObject({ status: 'invalid' });
      const zero = Buffer.from(blob);
      zero.writeBigUInt64BE(0n, 4);
      expect(checkCosignatureLines(text, withBlob(zero), w1Key)).toMatchObject({
        status: 'invalid',
        reason: 'its timestamp is 0',
      });
      expect(checkCosignatureLines(text.replace('\n3\n', '\n4\n'), line, w1Key)).toMatchObject({ status: 'invalid' });
      expect(checkCosignatureLines(text, withBlob(blob.subarray(0, 70)), w1Key)).toMatchObject({
        status: 'invalid',
        reason: expect.stringMatching(/66 bytes/),
      });
    });

    it('is invalid when one of two lines by the witness fails, even beside a good one', () => {
      const bad = cosignNoteText(text.replace('\n3\n', '\n4\n'), { name: 'w1.test/w', privateKey: w1 }, 1_800_000_000);
      expect(checkCosignature(parseSignedNote(`${cosigned}${bad}`), w1Key).status).toBe('invalid');
    });

    it('refuses to cosign at time 0', () => {
      expect(() => cosignNoteText(text, { name: 'w1.test/w', privateKey: w1 }, 0)).toThrow(/must not be 0/);
    });
  });
});
