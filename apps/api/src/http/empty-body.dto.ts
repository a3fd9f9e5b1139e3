/**
 * The body of a command that takes no fields (joining a partnership, signing off): absent or `{}`.
 * Anything in it is refused (`unknown-field`): the party, the person and the organisation are the
 * verified caller's, never the body's.
 */
export class EmptyBodyDto {}
