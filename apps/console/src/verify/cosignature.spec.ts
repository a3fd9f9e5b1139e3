import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCosignatures } from './cosignature';

/** The shared witness vectors (libs/audit/test-vectors/witness.json), run against the browser code. */
const vectors = JSON.parse(
  readFileSync(join(__dirname, '../../../../libs/audit/test-vectors/witness.json'), 'utf8'),
) as { witnesses: { keyName: string; vkey: string }[]; cosignedCheckpoint: { note: string } };
const witnesses = vectors.witnesses.map((w, i) => ({
  organisationId: ['camden', 'peabody', 'southwark'][i] as string,
  name: w.keyName,
  vkey: w.vkey,
}));

describe('cosignatures checked in the browser (WebCrypto)', () => {
  it('reads who cosigned the vectors’ checkpoint, and when', async () => {
    const verdicts = await checkCosignatures(vectors.cosignedCheckpoint.note, witnesses);
    expect(verdicts.map((v) => [v.organisationId, v.status, 'at' in v ? v.at : undefined])).toEqual([
      ['camden', 'valid', '2026-01-01T00:00:00.000Z'],
      ['peabody', 'valid', '2026-01-01T00:00:01.000Z'],
      ['southwark', 'valid', '2026-01-01T00:00:02.000Z'],
    ]);
  });

  it('says missing when a witness’s line is absent, invalid when it was altered or the checkpoint changed', async () => {
    const note = vectors.cosignedCheckpoint.note;
    const lines = note.split('\n');
    const withoutPeabody = lines.filter((l) => !l.includes('witness.peabody.example')).join('\n');
    expect((await checkCosignatures(withoutPeabody, witnesses)).map((v) => v.status)).toEqual([
      'valid',
      'missing',
      'valid',
    ]);
    const changed = note.replace('\n8\n', '\n9\n');
    expect((await checkCosignatures(changed, witnesses)).map((v) => v.status)).toEqual([
      'invalid',
      'invalid',
      'invalid',
    ]);
    // A registered vkey whose key ID is not its key's: refused before any line is read.
    const camden = witnesses[0] as (typeof witnesses)[number];
    const forged = { ...camden, vkey: camden.vkey.replace(/\+[0-9a-f]{8}\+/, '+00000000+') };
    expect(await checkCosignatures(note, [forged])).toEqual([
      { ...forged, status: 'invalid', reason: 'its registered key ID does not match its key' },
    ]);
  });
});
