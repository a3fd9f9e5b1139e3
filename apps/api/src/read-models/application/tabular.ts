import { stringify } from 'csv-stringify/sync';

/**
 * How the exports (open data, the parties' downloads) are written out, whatever their rows: CSV
 * for a spreadsheet and one JSON document, both produced a batch at a time so an answer of any
 * size streams without being held whole.
 */

/** One CSV column: its header name, what it holds (for the description), and its value in a row. */
export interface Field<T> {
  name: string;
  description: string;
  value: (row: T) => string | number | null | undefined;
}

/** A list inside one cell: one item a line (the JSON form keeps the list). */
export const lines = (items: readonly string[] | undefined) => (items === undefined ? null : items.join('\n'));

/**
 * RFC 4180 with a header row, CRLF between records. A field with a comma, a quote or a line break
 * (CR or LF alone too, which csv-stringify quotes only when asked) is quoted. A text field that a
 * spreadsheet would take for a formula (= + - @, tab, CR first) gets a leading apostrophe, so
 * opening the file runs nothing; the JSON form has the text as written.
 */
const CSV_OPTIONS = { record_delimiter: 'windows', escape_formulas: true, quoted_match: /[\r\n]/ } as const;

/** The rows as CSV under a header of the fields' names, one chunk per batch. */
export async function* csvOf<T>(fields: readonly Field<T>[], batches: AsyncIterable<T[]>): AsyncGenerator<string> {
  yield stringify([fields.map((f) => f.name)], CSV_OPTIONS);
  for await (const batch of batches) {
    // Rows as arrays in column order: csv-stringify then needs no per-row lookup of each column by name.
    if (batch.length > 0)
      yield stringify(
        batch.map((row) => fields.map((f) => f.value(row))),
        CSV_OPTIONS,
      );
  }
}

/** One JSON document: `head`'s members, then `items` holding every row of every batch in order. */
export async function* jsonOf<T>(head: Record<string, unknown>, batches: AsyncIterable<T[]>): AsyncGenerator<string> {
  const members = Object.entries(head).map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)},`);
  yield `{${members.join('')}"items":[`;
  let first = true;
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    yield `${first ? '' : ','}\n${batch.map((row) => JSON.stringify(row)).join(',\n')}`;
    first = false;
  }
  yield '\n]}\n';
}
