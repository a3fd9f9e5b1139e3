import { useState } from 'react';
import type { Clocks } from '../router';
import { toLocalInput } from './format';
import { Instant } from './instant';

/** One of the clocks a picker offers, with its label. */
export interface ClockField {
  clock: keyof Clocks;
  label: string;
}

/** A page's two controls: as recorded on (what the ledger said then), as it stood at (what had happened by then). */
export const BOTH_CLOCKS: readonly ClockField[] = [
  { clock: 'asOf', label: 'As recorded on' },
  { clock: 'at', label: 'As it stood at' },
];

/**
 * Local date-and-time inputs for the instants a page is shown at (DESIGN §5 "Two clocks"), sent
 * together: an empty input is now. Neither may be in the future.
 */
export function ClockPicker({
  fields,
  clocks,
  onShow,
}: {
  fields: readonly ClockField[];
  clocks: Clocks;
  onShow: (clocks: Clocks) => void;
}) {
  const [values, setValues] = useState<Clocks>(() =>
    Object.fromEntries(fields.map((f) => [f.clock, clocks[f.clock] ? toLocalInput(new Date(clocks[f.clock]!)) : ''])),
  );
  return (
    <form
      className="as-of"
      onSubmit={(e) => {
        e.preventDefault();
        onShow(
          Object.fromEntries(
            fields.flatMap((f) => (values[f.clock] ? [[f.clock, new Date(values[f.clock]!).toISOString()]] : [])),
          ),
        );
      }}
    >
      {fields.map((f) => (
        <span key={f.clock} className="as-of-field">
          <label htmlFor={`clock-${f.clock}`}>{f.label}</label>
          <input
            id={`clock-${f.clock}`}
            type="datetime-local"
            value={values[f.clock] ?? ''}
            onChange={(e) => setValues({ ...values, [f.clock]: e.target.value })}
            max={toLocalInput(new Date())}
          />
        </span>
      ))}
      <button type="submit">Show</button>
    </form>
  );
}

/** What a page shown in the past says it is showing, on each clock given, with the way back to now. */
export function ClocksBanner({
  what,
  clocks: { asOf, at },
  onBack,
}: {
  what: string;
  clocks: Clocks;
  onBack: () => void;
}) {
  if (asOf === undefined && at === undefined) return null;
  return (
    <p className="banner" role="status">
      Showing {what}
      {at && (
        <>
          {' '}
          as it stood at <Instant iso={at} />
        </>
      )}
      {asOf && (
        <>
          {' '}
          as the ledger recorded it on <Instant iso={asOf} />
        </>
      )}
      .{' '}
      <button type="button" className="link" onClick={onBack}>
        Back to now
      </button>
    </p>
  );
}
