import { requireId } from './validation';

/** Stream ids are `<kind>-<id>` (DESIGN §1). */
export const STREAM_KINDS = ['organisation', 'partnership', 'decision'] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

export const organisationStreamId = (organisationId: string): string =>
  `organisation-${requireId('organisationId', organisationId)}`;
export const partnershipStreamId = (partnershipId: string): string =>
  `partnership-${requireId('partnershipId', partnershipId)}`;
export const decisionStreamId = (decisionId: string): string => `decision-${requireId('decisionId', decisionId)}`;

/** Splits a stream id into its kind and aggregate id; undefined if it is not one of ours. */
export function parseStreamId(streamId: string): { kind: StreamKind; id: string } | undefined {
  for (const kind of STREAM_KINDS) {
    const prefix = `${kind}-`;
    if (streamId.startsWith(prefix) && streamId.length > prefix.length)
      return { kind, id: streamId.slice(prefix.length) };
  }
  return undefined;
}
