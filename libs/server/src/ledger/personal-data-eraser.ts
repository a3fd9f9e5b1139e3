import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ErasePersonalData, organisationAggregate } from '@accord/domain';
import { EVENT_STORE, EventStore, PostgresDataKeys } from '@accord/event-store';
import { randomUUID } from 'node:crypto';
import { Storage } from '../storage/storage';
import { whileDatabaseStarts } from '../storage/while-database-starts';
import { AggregateStates } from './aggregate-states';
import { CommandContext } from './command-context';
import { LedgerCommand } from './ledger-command';
import { CommandResponse, LedgerService } from './ledger.service';

type ErasureTarget = Extract<LedgerCommand, { kind: 'organisation' }> & {
  command: Omit<ErasePersonalData, 'actor' | 'now'>;
};

/** An erasure as the key table keeps it between destroying the key and logging the event: a command to replay. */
export interface ErasureInFlight {
  target: ErasureTarget;
  ctx: CommandContext & { commandId: string };
  ids: Record<string, string>;
}

export function isErasure(target: LedgerCommand): target is ErasureTarget {
  return target.kind === 'organisation' && target.command.type === 'ErasePersonalData';
}

/**
 * Step one of an erasure: the key goes, and with it the erasure to finish. Separate so the crash
 * test can stop a process exactly here.
 */
export async function destroyDataKey(dataKeys: PostgresDataKeys, erasure: ErasureInFlight): Promise<void> {
  await dataKeys.destroy(erasure.target.command.personId, erasure);
}

/**
 * Erasure (DESIGN §4): destroy the person's data key, then append PersonalDataErased. In that
 * order, because an event saying "erased" while the key still opens everything would be a lie;
 * a crash in between leaves the erasure recorded beside the destroyed key, and the next start
 * (of any API or worker) appends its event under the same command id, so it is written once.
 */
@Injectable()
export class PersonalDataEraser implements OnApplicationBootstrap {
  private readonly logger = new Logger('PersonalDataEraser');

  constructor(
    private readonly ledger: LedgerService,
    private readonly states: AggregateStates,
    private readonly storage: Storage,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async erase(target: ErasureTarget, ctx: CommandContext, ids: Record<string, string>): Promise<CommandResponse> {
    // A retry of an erasure already logged is answered, not run again: it would destroy a key
    // made since for what the person disclosed afterwards.
    if (ctx.commandId && (await this.store.findCommand(ctx.commandId))) return this.ledger.execute(target, ctx, ids);
    // Refused before anything is destroyed: the same decide the append makes.
    const { state } = await this.states.load('organisation', target.id);
    organisationAggregate.decide({ ...target.command, actor: ctx.actor, now: ctx.now }, state);
    const erasure: ErasureInFlight = {
      target,
      ctx: { ...ctx, commandId: ctx.commandId ?? `erasure:${randomUUID()}` },
      ids,
    };
    await destroyDataKey(this.storage.dataKeys, erasure);
    return this.complete(erasure);
  }

  async onApplicationBootstrap(): Promise<void> {
    const pending = await whileDatabaseStarts(
      () => this.storage.dataKeys.pendingErasures<ErasureInFlight>(),
      this.logger,
    );
    for (const { erasure } of pending) {
      try {
        await this.complete(erasure);
        this.logger.log(`completed the erasure of ${erasure.target.command.personId}'s personal data`);
      } catch (err) {
        // The key is gone whatever happens; the event follows at the next start.
        this.logger.warn(`erasure of ${erasure.target.command.personId} not yet logged: ${(err as Error).message}`);
      }
    }
  }

  private async complete(erasure: ErasureInFlight): Promise<CommandResponse> {
    const result = await this.ledger.execute(erasure.target, erasure.ctx, erasure.ids);
    await this.storage.dataKeys.erasureLogged(erasure.target.command.personId);
    return result;
  }
}
