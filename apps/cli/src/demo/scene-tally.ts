/** What one scene of the story did, for its line of output. */
import type { StoryCommand } from './scenario/format';
import { STEP_KINDS } from './step-kinds';

export class SceneTally {
  private readonly counts = new Map<StoryCommand['type'], number>();
  private readonly statuses = new Map<string, number>();
  private readonly notes: string[] = [];

  /** A command of the story (sent, replayed, or found already done). */
  add(type: StoryCommand['type']): void {
    this.counts.set(type, (this.counts.get(type) ?? 0) + 1);
  }

  /** A decision's status as the story expects it here. */
  status(status: string): void {
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  note(text: string): void {
    this.notes.push(text);
  }

  /** In the order of STEP_KINDS, e.g. "3 decisions (2 approved, 1 rejected), 3 opened, 18 votes, 8 sign-offs, 1 refusal". */
  describe(): string {
    const statuses = [...this.statuses].map(([status, n]) => `${n} ${status}`).join(', ');
    const order = Object.keys(STEP_KINDS);
    const counted = [...this.counts].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
    const parts = counted.map(([type, n]) => {
      const [one, many] = STEP_KINDS[type].counts;
      return `${n} ${n === 1 ? one : many}${type === 'DraftDecision' && statuses ? ` (${statuses})` : ''}`;
    });
    if (statuses && !this.counts.has('DraftDecision')) parts.unshift(statuses);
    return [...parts, ...this.notes].join(', ');
  }
}
