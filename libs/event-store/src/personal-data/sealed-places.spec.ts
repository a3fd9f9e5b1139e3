import { replaceAt, sealedPlaces } from './sealed-places';

describe('sealed places', () => {
  const value = {
    id: 'd1',
    acts: [{ nature: 'pd1:a:b' }, { nature: 'plain' }],
    trail: ['declared: pd1:c:d', 'voted'],
    untouched: { when: new Date(0), bytes: Buffer.from('pd1:x:y'), n: 3 },
  };

  it('finds every string that may hold sealed text, and where it is', () => {
    const met: string[] = [];
    expect(sealedPlaces(value, (s) => met.push(s))).toEqual([
      ['acts', 0, 'nature'],
      ['trail', 0],
    ]);
    expect(met).toEqual(['pd1:a:b', 'declared: pd1:c:d']);
    expect(sealedPlaces('ex1:p:q', () => undefined)).toEqual([[]]);
  });

  it('copies only along the places, leaving the value as it was', () => {
    const copy = replaceAt(
      value,
      sealedPlaces(value, () => undefined),
      (s) => s.toUpperCase(),
    );
    expect(copy).toEqual({
      ...value,
      acts: [{ nature: 'PD1:A:B' }, { nature: 'plain' }],
      trail: ['DECLARED: PD1:C:D', 'voted'],
    });
    expect(value.acts[0].nature).toBe('pd1:a:b');
    expect(copy.acts[1]).toBe(value.acts[1]);
    expect(copy.untouched).toBe(value.untouched);
    expect(replaceAt(value, [], () => 'never')).toBe(value);
    expect(replaceAt('pd1:a:b', [[]], () => 'opened')).toBe('opened');
  });
});
