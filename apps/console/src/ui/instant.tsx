import { formatDate, formatInstant } from './format';

/**
 * An instant as the reader's local date and time, with the exact recorded instant (UTC, to the
 * millisecond) on hover and for screen readers, so nothing is lost by the friendly form.
 */
export function Instant({ iso, dateOnly = false }: { iso: string | null | undefined; dateOnly?: boolean }) {
  if (!iso) return <span className="muted">—</span>;
  return (
    <time dateTime={iso} title={`Recorded instant: ${iso}`}>
      {dateOnly ? formatDate(iso) : formatInstant(iso)}
    </time>
  );
}
