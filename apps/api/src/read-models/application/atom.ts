/** One entry of an Atom feed: text content, so it needs no alternate link (RFC 4287 §4.1.1.1). */
export interface AtomEntry {
  /** An IRI, permanent and unique (§4.2.6). */
  id: string;
  title: string;
  /** ISO-8601 instant (an RFC 3339 date-time, §3.3). */
  updated: string;
  category: string;
  content: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle: string;
  /** The feed's author, named once for every entry (§4.1.1: then entries need none). */
  author: string;
  /** The feed's own address, as a reference resolved against where it was fetched. */
  selfHref: string;
  updated: string;
  entries: AtomEntry[];
}

// Characters XML 1.0 cannot carry at all (§2.2): dropped rather than producing a document no
// parser accepts.
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlText(value: string): string {
  return value.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** An Atom 1.0 document (RFC 4287) in UTF-8, entries in the order given. */
export function renderAtom(feed: AtomFeed): string {
  const el = (name: string, text: string, attrs = '') => `<${name}${attrs}>${xmlText(text)}</${name}>`;
  const entries = feed.entries.map((e) =>
    [
      '  <entry>',
      `    ${el('id', e.id)}`,
      `    ${el('title', e.title, ' type="text"')}`,
      `    ${el('updated', e.updated)}`,
      `    <category term="${xmlText(e.category)}"/>`,
      `    ${el('content', e.content, ' type="text"')}`,
      '  </entry>',
    ].join('\n'),
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  ${el('id', feed.id)}`,
    `  ${el('title', feed.title, ' type="text"')}`,
    `  ${el('subtitle', feed.subtitle, ' type="text"')}`,
    `  ${el('updated', feed.updated)}`,
    `  <author>${el('name', feed.author)}</author>`,
    `  <link rel="self" type="application/atom+xml" href="${xmlText(feed.selfHref)}"/>`,
    '  <generator>Accord</generator>',
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
