import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { csvOf, Field } from './tabular';

type Cell = string | number | null | undefined;

/** The options the exports were written with before they wrote CSV themselves. */
const CSV_STRINGIFY = { record_delimiter: 'windows', escape_formulas: true, quoted_match: /[\r\n]/ } as const;

const fields: Field<Cell[]>[] = [0, 1, 2, 3].map((i) => ({ name: `f${i}`, description: '', value: (row) => row[i] }));

async function* batches(rows: Cell[][]): AsyncGenerator<Cell[][]> {
  yield rows.slice(0, 2);
  yield [];
  yield rows.slice(2);
}

async function csv(rows: Cell[][]): Promise<string> {
  let all = '';
  for await (const chunk of csvOf(fields, batches(rows))) all += chunk;
  return all;
}

// Text made of what CSV and spreadsheets treat specially, around ordinary and non-ASCII characters.
const text = fc.oneof(
  fc.string({ unit: fc.constantFrom('a', ' ', ',', '"', '\r', '\n', '\t', '=', '+', '-', '@', 'é', '＝', '＠', '😀') }),
  fc.string({ unit: 'grapheme' }),
);
const cell = fc.oneof(text, fc.integer(), fc.double({ noNaN: true }), fc.constant(null), fc.constant(undefined));

describe('CSV as the exports write it', () => {
  it('is, byte for byte, what csv-stringify writes with the options the exports used', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(cell, cell, cell, cell), { maxLength: 6 }), async (rows) => {
        const expected = stringify([fields.map((f) => f.name), ...rows], CSV_STRINGIFY);
        expect(await csv(rows)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes and escapes what a reader would misread', async () => {
    expect(await csv([['a,b', 'say "no"', '=1+2', -1]])).toBe('f0,f1,f2,f3\r\n"a,b","say ""no""",\'=1+2,-1\r\n');
    expect(await csv([['-1', 'line\nbreak', '', null]])).toBe('f0,f1,f2,f3\r\n\'-1,"line\nbreak",,\r\n');
  });
});
