/**
 * What a text may not hold anywhere in Accord (DESIGN §8): PostgreSQL's text and jsonb cannot store
 * U+0000, and a lone UTF-16 surrogate has no UTF-8 form (it would be stored as U+FFFD, or
 * refused, so the record would not say what was sent).
 */
export type TextFlaw = 'nul-character' | 'lone-surrogate';

// With the u flag a well-formed surrogate pair is one code point, so only a lone half matches.
const FLAW = /[\0\p{Surrogate}]/u;

/** The first reason `value` cannot be stored as text, or undefined when it can. */
export function textFlaw(value: string): TextFlaw | undefined {
  const m = FLAW.exec(value);
  if (!m) return undefined;
  return m[0] === '\0' ? 'nul-character' : 'lone-surrogate';
}

export const TEXT_FLAW_MESSAGE: Record<TextFlaw, string> = {
  'nul-character': 'text must not hold the NUL character (U+0000)',
  'lone-surrogate': 'text must not hold a lone UTF-16 surrogate (U+D800 to U+DFFF without its pair)',
};
