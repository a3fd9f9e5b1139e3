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

/** The rows as CSV under a header of the fields' names, one chunk per batch. */
export async function* csvOf<T>(fields: readonly Field<T>[], batches: AsyncIterable<T[]>): AsyncGenerator<string> {
  yield `${fields.map((f) => csvField(f.name)).join(',')}\r\n`;
  for await (const batch of batches) {
    let chunk = '';
    for (const row of batch) {
      let record = '';
      for (let i = 0; i < fields.length; i++) record += (i === 0 ? '' : ',') + csvField(fields[i].value(row));
      chunk += `${record}\r\n`;
    }
    if (chunk !== '') yield chunk;
  }
}

/**
 * RFC 4180 as csv-stringify writes it with a CRLF record delimiter and escape_formulas (the tests
 * hold the two to the same bytes; it was used here, and writing each field directly costs a
 * fraction of its per-field option handling, the export's largest own cost). A field with a comma,
 * a quote, a CR or an LF is quoted, quotes doubled. A text field that a spreadsheet would take for
 * a formula (= + - @, their full-width forms, tab, CR first) gets a leading apostrophe, so opening
 * the file runs nothing; a number does not (-5 is a number); the JSON form has the text as written.
 */
function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  if (value === '') return value;
  const text = FORMULA_STARTS.includes(value[0]) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const FORMULA_STARTS = '=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20';
const NEEDS_QUOTES = /[",\r\n]/;

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
