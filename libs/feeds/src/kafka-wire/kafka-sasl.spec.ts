import { scramClientFinal } from './kafka-sasl';

describe('scramClientFinal', () => {
  // RFC 7677 §3: user "user", password "pencil", SCRAM-SHA-256, 4096 iterations.
  const clientFirstBare = 'n=user,r=rOprNGfwEbeRWgbNEkqO';
  const serverFirst = 'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';

  it('computes the client proof and expected server signature of RFC 7677', () => {
    expect(scramClientFinal('scram-sha-256', 'pencil', clientFirstBare, serverFirst)).toEqual({
      clientFinal:
        'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
      serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
    });
  });

  it('gives a different proof for another password, and SHA-512 sized proofs', () => {
    const wrong = scramClientFinal('scram-sha-256', 'pencil!', clientFirstBare, serverFirst)!;
    expect(wrong.clientFinal).not.toContain('p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=');
    const sha512 = scramClientFinal('scram-sha-512', 'pencil', clientFirstBare, serverFirst)!;
    expect(Buffer.from(sha512.clientFinal.split(',p=')[1], 'base64')).toHaveLength(64);
    expect(Buffer.from(sha512.serverFinal.slice(2), 'base64')).toHaveLength(64);
  });

  it('refuses a server-first that does not extend our nonce, or lacks salt or iterations', () => {
    expect(
      scramClientFinal('scram-sha-256', 'pencil', clientFirstBare, 'r=someoneElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096'),
    ).toBeUndefined();
    expect(
      scramClientFinal(
        'scram-sha-256',
        'pencil',
        clientFirstBare,
        'r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
      ),
    ).toBeUndefined();
    expect(
      scramClientFinal('scram-sha-256', 'pencil', clientFirstBare, 'r=rOprNGfwEbeRWgbNEkqOabc,i=4096'),
    ).toBeUndefined();
    expect(
      scramClientFinal(
        'scram-sha-256',
        'pencil',
        clientFirstBare,
        'r=rOprNGfwEbeRWgbNEkqOabc,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0',
      ),
    ).toBeUndefined();
  });
});
