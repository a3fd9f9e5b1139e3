import { exemptCommitment, isExemptSalt, opensCommitment } from './exempt-commitment';

/** The vectors docs/exempt-information.md publishes, so an auditor's own code can be checked against them. */
describe('exempt commitment', () => {
  const zeros = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
  const counting = 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

  it.each([
    [zeros, '', '66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925'],
    [zeros, '£1,250,000', 'bc84d9ff190571ec804c6714c649ddbf68cb18e26769782884b684737af3711c'],
    [
      counting,
      '£1,250,000 for the freehold of 12 Mill Lane',
      'd618a89c2ffebe350f6cf932f7af474ec35a5a1344dcdca4a0c20c2b74e77f07',
    ],
  ])('SHA-256(salt ‖ UTF-8 value) for salt %s and value %p', (salt, value, expected) => {
    expect(exemptCommitment(salt, value)).toBe(expected);
  });

  it('opens only with the salt and value committed to', () => {
    const c = exemptCommitment(counting, '£1,250,000');
    expect(opensCommitment(c, counting, '£1,250,000')).toBe(true);
    expect(opensCommitment(c, counting, '£1,250,001')).toBe(false);
    expect(opensCommitment(c, zeros, '£1,250,000')).toBe(false);
    expect(opensCommitment(c, 'not a salt', '£1,250,000')).toBe(false);
  });

  it('takes only 32 bytes in base64url without padding as a salt', () => {
    expect(isExemptSalt(counting)).toBe(true);
    expect(isExemptSalt(`${counting}=`)).toBe(false);
    expect(isExemptSalt(counting.slice(1))).toBe(false);
    expect(isExemptSalt(42)).toBe(false);
  });
});
