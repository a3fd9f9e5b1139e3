import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { propagation, ROOT_CONTEXT, SpanKind } from '@opentelemetry/api';
import { contextOf, inSpan } from '@accord/platform';
import { AggregateKind, CommandOf, CommandResponse, LedgerCommand, LedgerCommandMessage } from '@accord/server';
import { CommandCall } from './command-input';

/** How a command endpoint sends its command: on the CommandBus to the ledger, then answers the call. */
@Injectable()
export class CommandSender {
  constructor(private readonly bus: CommandBus) {}

  /**
   * `command` about the `kind` aggregate `id`. The answer's ids name that aggregate as
   * `<kind>Id` (organisationId, partnershipId, decisionId), then `ids`: what the command created or
   * changed in it.
   */
  async send<K extends AggregateKind>(
    call: CommandCall,
    kind: K,
    id: string,
    command: CommandOf<K>,
    ids: Record<string, string> = {},
  ): Promise<CommandResponse> {
    const target = { kind, id, command } as LedgerCommand;
    const { method, route, headers } = call.request;
    // The request's span, child of the caller's W3C traceparent when it sent one.
    return inSpan(
      `${method} ${route}`,
      {
        kind: SpanKind.SERVER,
        parent: propagation.extract(ROOT_CONTEXT, headers),
        attributes: { 'http.request.method': method, 'http.route': route },
      },
      async (span) => {
        const result = await this.bus.execute<LedgerCommandMessage, CommandResponse>(
          new LedgerCommandMessage(target, { ...call.context, trace: contextOf(span) }, { [`${kind}Id`]: id, ...ids }),
        );
        return call.answer(result);
      },
    );
  }
}
