import { AggregateKind, DomainCommandOf } from './aggregate-states';
import { CommandContext } from './command-context';

/** A domain command without who and when: the ledger adds them from the CommandContext. */
type WithoutCaller<C> = C extends unknown ? Omit<C, 'actor' | 'now'> : never;

/** A command for the ledger: the aggregate it is about and the domain's command for that kind. */
export type LedgerCommand = {
  [K in AggregateKind]: { kind: K; id: string; command: WithoutCaller<DomainCommandOf<K>> };
}[AggregateKind];

/** The commands for one kind of aggregate, as a controller writes them. */
export type CommandOf<K extends AggregateKind> = Extract<LedgerCommand, { kind: K }>['command'];

/** Every domain command travels the CommandBus as this message; one handler runs them all. */
export class LedgerCommandMessage {
  constructor(
    readonly target: LedgerCommand,
    readonly ctx: CommandContext,
    readonly ids: Record<string, string>,
  ) {}
}
