import { PartnershipTimeline, TimelineDelta } from '@accord/contracts';
import { maySealIn } from '@accord/event-store';

/** A built timeline's entries as JSON, to tell which of them a later build changed. */
export interface TimelineEntries {
  decisions: Map<string, string>;
  changes: Map<number, string>;
  /** Whether an entry holds a sealed value (personal data, exempt information). */
  sealed: boolean;
}

/**
 * Entries already written, by object: a build that reuses an entry (TimelineDecisions) reuses its
 * JSON too. Entries are never changed once built.
 */
const written = new WeakMap<object, { json: string; sealed: boolean }>();

/**
 * The entries of `timeline`. An entry equal to `previous`'s keeps its string, so the entries of
 * the builds held for `since` share what did not change rather than each holding a copy.
 */
export function entriesOf(timeline: PartnershipTimeline, previous?: TimelineEntries): TimelineEntries {
  let sealed = false;
  const json = <K>(entry: object, key: K, before: Map<K, string> | undefined) => {
    let known = written.get(entry);
    if (known === undefined) {
      const s = JSON.stringify(entry);
      known = { json: s, sealed: maySealIn(s) };
      written.set(entry, known);
    }
    sealed ||= known.sealed;
    const old = before?.get(key);
    return old === known.json ? old : known.json;
  };
  return {
    decisions: new Map(timeline.decisions.map((d) => [d.decisionId, json(d, d.decisionId, previous?.decisions)])),
    changes: new Map(timeline.changes.map((c) => [c.position, json(c, c.position, previous?.changes)])),
    sealed,
  };
}

/**
 * `current` as a delta from the timeline `base` was taken from (version `since`): its decisions
 * and changes that are new or differ, with the partnership's own fields whole. Undefined when a
 * delta could not be exact, so the whole timeline is answered instead:
 * - an entry of `base` is gone: a delta only adds and replaces;
 * - `base` holds a sealed value: the API opens sealed values per answer and caller ("[erased]" once
 *   the person's key is destroyed, "[withheld]" without need to know), and an entry not resent
 *   would stay on a console as it was opened then, an erased value included.
 */
export function timelineDelta(
  since: string,
  base: TimelineEntries,
  current: PartnershipTimeline & { version: string },
  entries: TimelineEntries,
): TimelineDelta | undefined {
  if (base.sealed) return undefined;
  for (const id of base.decisions.keys()) if (!entries.decisions.has(id)) return undefined;
  for (const position of base.changes.keys()) if (!entries.changes.has(position)) return undefined;
  return {
    ...current,
    since,
    decisions: current.decisions.filter(
      (d) => base.decisions.get(d.decisionId) !== entries.decisions.get(d.decisionId),
    ),
    changes: current.changes.filter((c) => base.changes.get(c.position) !== entries.changes.get(c.position)),
  };
}
