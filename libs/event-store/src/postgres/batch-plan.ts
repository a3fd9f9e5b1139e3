import { sealEvent, PreparedEvent } from '../envelope';
import { CommandIdReusedError, WrongExpectedRevisionError } from '../event-store.errors';
import { AppendResult, ExpectedRevision } from '../event-store.port';

/** One caller's append, waiting in the group-commit queue. */
export interface PendingAppend {
  streamId: string;
  events: PreparedEvent[];
  expectedRevision: ExpectedRevision;
  commandId?: string;
  commandHash?: string;
  /** Streams that must still be at these revisions (see AppendOptions.contextRevisions). */
  contextRevisions?: Record<string, number>;
  /** The event context streams must end with (see AppendOptions.contextLastEventIds). */
  contextLastEventIds?: Record<string, string>;
  /** The event the stream must end with (see AppendOptions.expectedLastEventId). */
  expectedLastEventId?: string;
}

export interface StreamTip {
  revision: number;
  lastLeafHash: string;
  lastEventId: string;
}

export interface StoredCommand {
  commandHash: string | null;
  result: AppendResult;
}

export type Outcome =
  | { kind: 'written'; result: AppendResult }
  | { kind: 'replayed'; result: AppendResult }
  | { kind: 'failed'; error: Error };

export interface EventRow {
  position: number;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  /** The canonical envelope text: its UTF-8 bytes are what was hashed and what is stored. */
  canonical: string;
  leafHashHex: string;
}

export interface BatchPlan {
  outcomes: Outcome[];
  events: EventRow[];
  commands: { commandId: string; commandHash: string | null; result: AppendResult }[];
  lastPosition: number;
  recordedAt: string;
}

/**
 * Decides, in memory and in queue order, what one group commit writes. Each append is checked
 * against the stream's tip (and its context streams' tips) as left by the appends before it in the
 * same batch, so sharing a transaction never weakens the per-stream concurrency check. Pure: the
 * caller supplies the locked log head and the current tips and command records read inside the
 * transaction.
 */
export function planBatch(
  batch: PendingAppend[],
  head: number,
  tips: Map<string, StreamTip>,
  storedCommands: Map<string, StoredCommand>,
  recordedAt: string,
): BatchPlan {
  const streams = new Map<string, StreamTip>();
  const commands: BatchPlan['commands'] = [];
  const events: EventRow[] = [];
  const commandsInBatch = new Map<string, StoredCommand>();
  let position = head;

  const outcomes = batch.map((append): Outcome => {
    if (append.commandId !== undefined) {
      const earlier = storedCommands.get(append.commandId) ?? commandsInBatch.get(append.commandId);
      if (earlier) {
        if (earlier.commandHash !== (append.commandHash ?? null))
          return { kind: 'failed', error: new CommandIdReusedError(append.commandId) };
        return { kind: 'replayed', result: { ...earlier.result, replayed: true } };
      }
    }
    if (append.contextRevisions) {
      for (const [streamId, expected] of Object.entries(append.contextRevisions)) {
        const actual = (streams.get(streamId) ?? tips.get(streamId))?.revision ?? 0;
        if (actual !== expected)
          return { kind: 'failed', error: new WrongExpectedRevisionError(streamId, expected, actual) };
      }
    }
    for (const [streamId, lastEventId] of Object.entries(append.contextLastEventIds ?? {})) {
      const tip = streams.get(streamId) ?? tips.get(streamId);
      if (tip?.lastEventId !== lastEventId)
        return {
          kind: 'failed',
          error: new WrongExpectedRevisionError(
            streamId,
            append.contextRevisions?.[streamId] ?? 'any',
            tip?.revision ?? 0,
            {
              expectedLastEventId: lastEventId,
              actualLastEventId: tip?.lastEventId ?? null,
            },
          ),
        };
    }
    const tip = streams.get(append.streamId) ?? tips.get(append.streamId);
    const current = tip?.revision ?? 0;
    if (!revisionMatches(append.expectedRevision, current))
      return {
        kind: 'failed',
        error: new WrongExpectedRevisionError(append.streamId, append.expectedRevision, current),
      };
    if (append.expectedLastEventId !== undefined && tip?.lastEventId !== append.expectedLastEventId)
      return {
        kind: 'failed',
        error: new WrongExpectedRevisionError(append.streamId, append.expectedRevision, current, {
          expectedLastEventId: append.expectedLastEventId,
          actualLastEventId: tip?.lastEventId ?? null,
        }),
      };

    let revision = current;
    let prev = tip?.lastLeafHash ?? null;
    const written: AppendResult['events'] = [];
    for (const event of append.events) {
      position += 1;
      revision += 1;
      const sealed = sealEvent(event, {
        position,
        streamId: append.streamId,
        revision,
        recordedAt,
        prevStreamLeafHash: prev,
      });
      prev = sealed.leafHashHex;
      events.push({
        position,
        streamId: append.streamId,
        revision,
        eventId: event.eventId,
        type: event.type,
        canonical: sealed.canonical,
        leafHashHex: prev,
      });
      written.push({ eventId: event.eventId, type: event.type, position, revision, leafHash: prev });
    }
    streams.set(append.streamId, {
      revision,
      lastLeafHash: prev as string,
      lastEventId: append.events[append.events.length - 1].eventId,
    });
    const result: AppendResult = {
      streamId: append.streamId,
      nextRevision: revision,
      lastPosition: position,
      events: written,
      replayed: false,
    };
    if (append.commandId !== undefined) {
      const record = { commandHash: append.commandHash ?? null, result };
      commandsInBatch.set(append.commandId, record);
      commands.push({ commandId: append.commandId, ...record });
    }
    return { kind: 'written', result };
  });

  return { outcomes, events, commands, lastPosition: position, recordedAt };
}

function revisionMatches(expected: ExpectedRevision, current: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no-stream') return current === 0;
  return expected === current;
}
