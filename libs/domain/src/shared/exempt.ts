/**
 * Exempt information (Local Government Act 1972 Schedule 12A; DESIGN §4 "What is hashed is not
 * always readable"). An exempt part of a decision is logged as a salted commitment beside its
 * value sealed for the parties: whoever later learns the salt and the value (a party revealing it
 * to an auditor, or its declassification) can check them against what was hashed, while the
 * commitment alone says nothing about a guessable value such as a price.
 *
 *   commitment = lowercase hex SHA-256( salt ‖ UTF-8(value) ), salt = 32 random bytes
 *
 * The salt travels as base64url without padding (43 characters); the commitment itself is
 * @accord/platform's (exemptCommitment), as hashing is not the domain's. Test vectors:
 * docs/exempt-information.md.
 */
export const EXEMPT_PARTS = ['motion', 'value', 'papers', 'outcome'] as const;
export type ExemptPart = (typeof EXEMPT_PARTS)[number];

/** Schedule 12A Part 1 paragraphs 1–7 (paragraphs 8–10 qualify them and are not grounds). */
export const SCHEDULE_12A_PARAGRAPHS = [1, 2, 3, 4, 5, 6, 7] as const;
export type Schedule12AParagraph = (typeof SCHEDULE_12A_PARAGRAPHS)[number];

/**
 * Which event fields hold exempt values, sealed for the parties of the partnership the `subject`
 * field names (the same shape as PERSONAL_DATA). Once declassified they are logged in the clear.
 */
export const EXEMPT_DATA: Readonly<Record<string, { subject: string; fields: readonly string[] }>> = {
  ExemptItemRecorded: { subject: 'partnershipId', fields: ['value', 'salt'] },
};
