import {
  AddCheckpointFormatError,
  formatAddCheckpointRequest,
  parseAddCheckpointRequest,
  parseTlogSize,
} from './add-checkpoint';

// The example request body of c2sp.org/tlog-witness.
const SPEC_EXAMPLE = `old 20852014
PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=
jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=
5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=
/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=

example.com/behind-the-sofa
20852163
CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=

— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=
— example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=
`;

describe('add-checkpoint request bodies (C2SP tlog-witness)', () => {
  it("reads the spec's example and writes it back byte for byte", () => {
    const request = parseAddCheckpointRequest(Buffer.from(SPEC_EXAMPLE));
    expect(request.oldSize).toBe(20852014);
    expect(request.proof.map((p) => p.toString('base64'))).toEqual([
      'PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=',
      'jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=',
      '5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=',
      '/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=',
    ]);
    expect(request.note.startsWith('example.com/behind-the-sofa\n20852163\n')).toBe(true);
    expect(formatAddCheckpointRequest(request)).toBe(SPEC_EXAMPLE);
  });

  it('reads an old size of 0 with no proof', () => {
    expect(parseAddCheckpointRequest(Buffer.from('old 0\n\nnote\n'))).toEqual({
      oldSize: 0,
      proof: [],
      note: 'note\n',
    });
  });

  it.each([
    ['no old line', 'olds 1\n\n'],
    ['a leading zero', 'old 01\n\n'],
    ['a negative size', 'old -1\n\n'],
    ['no newline after the old line', 'old 1'],
    ['no empty line', 'old 1\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n'],
    ['a proof line that is not base64', 'old 1\nnot base64!\n\n'],
    ['a proof line of 31 bytes', `old 1\n${Buffer.alloc(31).toString('base64')}\n\n`],
    ['a proof line with non-zero padding bits', 'old 1\nPlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkax=\n\n'],
    ['64 proof lines', `old 1\n${`${Buffer.alloc(32).toString('base64')}\n`.repeat(64)}\n`],
  ])('refuses %s', (_what, body) => {
    expect(() => parseAddCheckpointRequest(Buffer.from(body))).toThrow(AddCheckpointFormatError);
  });

  it('refuses a body that is not UTF-8', () => {
    expect(() => parseAddCheckpointRequest(Buffer.from([0x6f, 0x6c, 0x64, 0x20, 0x31, 0x0a, 0x0a, 0xff]))).toThrow(
      /not UTF-8/,
    );
  });

  it('reads a 409 body (text/x.tlog.size) and nothing else', () => {
    expect(parseTlogSize('12\n')).toBe(12);
    expect(parseTlogSize('0\n')).toBe(0);
    for (const bad of ['12', '012\n', '-1\n', '12\n\n', ' 12\n']) expect(parseTlogSize(bad)).toBeUndefined();
  });
});
