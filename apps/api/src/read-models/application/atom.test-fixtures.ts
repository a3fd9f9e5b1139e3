import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface ParsedAtomEntry {
  id: string;
  title: string;
  updated: string;
  content: string;
  category: string;
}

export interface ParsedAtomFeed {
  id: string;
  title: string;
  updated: string;
  author: string;
  selfHref: string;
  entries: ParsedAtomEntry[];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;

/**
 * Parses an Atom document and checks what RFC 4287 requires of its structure (§4.1.1, §4.1.2):
 * well-formed XML whose root is atom:feed in the Atom namespace; the feed has exactly one id (an
 * IRI), title and updated (an RFC 3339 date-time), an author (or each entry has one) and a self
 * link; every entry exactly one id, title and updated, and content (or an alternate link); entry
 * ids unique. Throws naming the first breach.
 */
export function parseAtom(xml: string): ParsedAtomFeed {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ['entry', 'link', 'author', 'id', 'title', 'updated', 'content', 'category'].includes(name),
    textNodeName: '#text',
    parseTagValue: false,
  }).parse(xml) as Record<string, unknown>;
  const feed = doc.feed as Record<string, unknown> | undefined;
  if (!feed) throw new Error('the root element is not feed');
  if (feed['@xmlns'] !== 'http://www.w3.org/2005/Atom') throw new Error('feed is not in the Atom namespace');
  const text = (node: unknown): string =>
    typeof node === 'string' ? node : String((node as Record<string, unknown>)['#text'] ?? '');
  const one = (parent: Record<string, unknown>, name: string, where: string): string => {
    const values = parent[name] as unknown[] | undefined;
    if (values?.length !== 1) throw new Error(`${where} needs exactly one ${name}, has ${values?.length ?? 0}`);
    return text(values[0]);
  };
  const date = (value: string, where: string) => {
    if (!RFC3339.test(value) || Number.isNaN(Date.parse(value))) throw new Error(`${where}: ${value} is not RFC 3339`);
    return value;
  };
  const authors = (parent: Record<string, unknown>) =>
    ((parent.author as Record<string, unknown>[] | undefined) ?? []).map((a) => text(a.name));
  const links = (parent: Record<string, unknown>) => (parent.link as Record<string, string>[] | undefined) ?? [];
  const id = one(feed, 'id', 'feed');
  if (!IRI.test(id)) throw new Error(`feed id ${id} is not an IRI`);
  const entries = ((feed.entry as Record<string, unknown>[] | undefined) ?? []).map((e, i) => {
    const where = `entry ${i + 1}`;
    const entryId = one(e, 'id', where);
    if (!IRI.test(entryId)) throw new Error(`${where}: id ${entryId} is not an IRI`);
    const content = e.content as unknown[] | undefined;
    if (!content?.length && !links(e).some((l) => (l['@rel'] ?? 'alternate') === 'alternate'))
      throw new Error(`${where} has neither content nor an alternate link`);
    if (authors(feed).length === 0 && authors(e).length === 0) throw new Error(`${where} has no author`);
    return {
      id: entryId,
      title: one(e, 'title', where),
      updated: date(one(e, 'updated', where), where),
      content: content?.length ? text(content[0]) : '',
      category: ((e.category as Record<string, string>[] | undefined) ?? [])[0]?.['@term'] ?? '',
    };
  });
  if (new Set(entries.map((e) => e.id)).size !== entries.length) throw new Error('entry ids are not unique');
  const self = links(feed).find((l) => l['@rel'] === 'self');
  if (!self) throw new Error('feed has no self link');
  return {
    id,
    title: one(feed, 'title', 'feed'),
    updated: date(one(feed, 'updated', 'feed'), 'feed'),
    author: authors(feed)[0] ?? '',
    selfHref: self['@href'],
    entries,
  };
}
