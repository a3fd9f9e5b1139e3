import { personalData, withErasures } from './personal-data';

const erased = { at: '2026-12-03T10:00:00.000Z', reason: 'person-request', because: "at the person's request" };

describe('personal data on screen', () => {
  it('shows a readable value as it is', () => {
    expect(personalData('Lives next to the site', erased)).toBe('Lives next to the site');
  });

  it('says when and why an erased value was erased', () => {
    expect(personalData('[erased]', erased)).toMatch(/^erased on .*2026 at the person's request$/);
    expect(personalData('[erased]', undefined)).toBe('erased');
  });

  it('words every erased quote of an audit line, and leaves other lines alone', () => {
    const line = '3 Dec 2026 10:00 — j.patel declared an interest: [erased]';
    expect(withErasures(line, erased)).toMatch(/declared an interest: erased on .*2026 at the person's request$/);
    expect(withErasures(line, undefined)).toBe(line);
  });
});
