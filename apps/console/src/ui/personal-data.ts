import type { ErasureView } from '../api/types';
import { formatDate } from './format';

/** How the API writes a personal-data value whose data key was destroyed (docs/personal-data.md). */
const ERASED = '[erased]';

/** "erased on 7 Dec 2026 at the person's request": said in place of what was erased, never a bare gap. */
export function erasureWording(erased: ErasureView | undefined): string {
  return erased ? `erased on ${formatDate(erased.at)} ${erased.because}` : 'erased';
}

/** A personal-data value as the page shows it: the value, or when and why it was erased. */
export function personalData(value: string | undefined, erased: ErasureView | undefined): string {
  return value === ERASED ? erasureWording(erased) : (value ?? '');
}

/** An audit line quoting personal data since erased, with the wording in place of each "[erased]". */
export function withErasures(line: string, erased: ErasureView | undefined): string {
  return erased ? line.split(ERASED).join(erasureWording(erased)) : line;
}
