/** Client-chosen ids (organisations, people, partnerships, decisions…): they end up in URLs and stream ids. */
export const SLUG = /^[a-z0-9][a-z0-9._-]{1,62}$/;
export const SLUG_MESSAGE = '$property must be 2 to 63 lowercase letters, digits, dots, underscores or hyphens';
