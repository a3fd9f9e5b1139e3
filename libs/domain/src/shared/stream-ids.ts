import { requireId } from './validation';

/** Stream ids are `<kind>-<id>` (DESIGN §1). */
export const STREAM_KINDS = ['organisation', 'partnership', 'decision', 'meeting'] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

/** What every stream id of this kind starts with: for filtering the log by kind. */
export const streamIdPrefix = (kind: StreamKind): string => `${kind}-`;

/**
 * The stream id of an aggregate, without checking the id: for looking a stream up, where an id
 * that was never valid simply names no stream. Writers use the checked helpers below.
 */
export const streamIdOf = (kind: StreamKind, id: string): string => `${streamIdPrefix(kind)}${id}`;

export const organisationStreamId = (organisationId: string): string =>
  streamIdOf('organisation', requireId('organisationId', organisationId));
export const partnershipStreamId = (partnershipId: string): string =>
  streamIdOf('partnership', requireId('partnershipId', partnershipId));
export const decisionStreamId = (decisionId: string): string =>
  streamIdOf('decision', requireId('decisionId', decisionId));

export const meetingStreamId = (meetingId: string): string => streamIdOf('meeting', requireId('meetingId', meetingId));

/** Splits a stream id into its kind and aggregate id; undefined if it is not one of ours. */
export function parseStreamId(streamId: string): { kind: StreamKind; id: string } | undefined {
  for (const kind of STREAM_KINDS) {
    const prefix = streamIdPrefix(kind);
    if (streamId.startsWith(prefix) && streamId.length > prefix.length)
      return { kind, id: streamId.slice(prefix.length) };
  }
  return undefined;
}

/** The kind of a stream id; undefined if it is not one of ours. */
export function streamKindOf(streamId: string): StreamKind | undefined {
  return parseStreamId(streamId)?.kind;
}
