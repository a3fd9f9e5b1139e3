import type { Actor } from './actor';
/**
 * Which event fields are personal data (UK GDPR), and whose (DESIGN §4 "What is hashed is not
 * always readable"). The log keeps these fields encrypted under the data subject's own key, so
 * erasing that one key makes them unreadable everywhere without changing a hashed byte.
 *
 * A field belongs here when it can say something about a person beyond their public role: the
 * nature of a declared interest ("her home is 200 m from the site"), or a free-text reason about
 * that interest. Names and roles of members acting in office are the public record and stay plain.
 */
export interface PersonalDataFields {
  /** The data field holding the subject's personId. */
  subject: string;
  /** Top-level string fields of `data` that are personal data about that subject. */
  fields: readonly string[];
}

/**
 * Why a person's data is erased: the UK GDPR Article 17(1) ground, and who asked. Codes, not free
 * text, so the erasure event itself can never hold personal data.
 */
export const ERASURE_GROUNDS = [
  'no-longer-necessary', // Art. 17(1)(a)
  'consent-withdrawn', // Art. 17(1)(b)
  'objection', // Art. 17(1)(c)
  'unlawfully-processed', // Art. 17(1)(d)
  'legal-obligation', // Art. 17(1)(e)
] as const;
export type ErasureGround = (typeof ERASURE_GROUNDS)[number];

export const ERASURE_REASONS = ['person-request', 'retention-rule', 'organisation-decision'] as const;
export type ErasureReason = (typeof ERASURE_REASONS)[number];

export const PERSONAL_DATA: Readonly<Record<string, PersonalDataFields>> = {
  InterestDeclared: { subject: 'personId', fields: ['nature'] },
  // A dispensation's reason restates the interest it dispenses.
  DispensationGranted: { subject: 'personId', fields: ['reason'] },
  // The same interest, declared at a meeting and recorded by the clerk.
  InterestRecorded: { subject: 'personId', fields: ['nature'] },
  // The member's own words about what a meeting's record says of them (an interest's, too).
  RecordDisputed: { subject: 'personId', fields: ['reason'] },
};

/** Whose personal data an event of this type holds (its PERSONAL_DATA rule's subject), if any. */
export function personalDataSubject(type: string, data: unknown): string | undefined {
  const rule = PERSONAL_DATA[type];
  const subject = rule && (data as Record<string, unknown> | null)?.[rule.subject];
  return typeof subject === 'string' ? subject : undefined;
}

/**
 * Who erases under a partnership's retention rule: the platform itself, never a caller (no token
 * carries it: tokens always hold roles). ErasePersonalData accepts it only with reason
 * `retention-rule`.
 */
export const RETENTION_RULE_ACTOR: Actor = { personId: 'accord:retention', orgId: 'accord', roles: [] };
