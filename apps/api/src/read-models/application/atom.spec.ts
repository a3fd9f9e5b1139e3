import { parseAtom } from './atom.test-fixtures';
import { renderAtom, xmlText } from './atom';

const feed = {
  id: 'urn:accord:public-register:camden-regeneration',
  title: 'Camden Regeneration: public register',
  subtitle: 'Decision notices and forward plan',
  author: 'Camden Regeneration',
  selfHref: '/v1/public/partnerships/camden-regeneration/register.atom',
  updated: '2026-05-02T09:00:00.000Z',
  entries: [
    {
      id: 'urn:accord:decision-notice:gospel-oak',
      title: 'Decision notice: Disposal of <Gospel Oak> & "depot"',
      updated: '2026-05-02T09:00:00.000Z',
      category: 'decision-notice',
      content: 'Decision: approved.\nReason: best value',
    },
    {
      id: 'urn:accord:forward-plan:gospel-oak',
      title: 'Forward plan: Disposal',
      updated: '2026-03-01T09:00:00.000Z',
      category: 'forward-plan',
      content: 'Key decision expected on 2026-04-30.',
    },
  ],
};

describe('the public register as Atom (RFC 4287)', () => {
  it('is a well-formed Atom feed with the elements the RFC requires, text escaped and kept', () => {
    const parsed = parseAtom(renderAtom(feed));
    expect(parsed).toEqual({
      id: feed.id,
      title: feed.title,
      updated: feed.updated,
      author: 'Camden Regeneration',
      selfHref: feed.selfHref,
      entries: feed.entries.map(({ id, title, updated, category, content }) => ({
        id,
        title,
        updated,
        category,
        content,
      })),
    });
  });

  it('stays well-formed with no entries, and with characters XML cannot carry (dropped)', () => {
    expect(parseAtom(renderAtom({ ...feed, entries: [] })).entries).toEqual([]);
    const odd = renderAtom({ ...feed, title: 'Bell\u0007 and \uD800 lone surrogate, emoji 🏠 kept' });
    expect(parseAtom(odd).title).toBe('Bell and  lone surrogate, emoji 🏠 kept');
  });

  it('escapes markup so that no text becomes an element', () => {
    expect(xmlText(`<entry> & 'x' "y"`)).toBe('&lt;entry&gt; &amp; &apos;x&apos; &quot;y&quot;');
  });

  it('the structure check refuses what the RFC forbids', () => {
    const without = (pattern: RegExp) => renderAtom(feed).replace(pattern, '');
    expect(() => parseAtom(without(/ {2}<id>urn:accord:public-register[^\n]*\n/))).toThrow('feed needs exactly one id');
    expect(() => parseAtom(without(/ {2}<author>.*<\/author>\n/))).toThrow('has no author');
    expect(() => parseAtom(renderAtom(feed).replace('2026-03-01T09:00:00.000Z', '1 March'))).toThrow('not RFC 3339');
    expect(() => parseAtom('<feed><id>x</feed>')).toThrow('not well-formed');
  });
});
