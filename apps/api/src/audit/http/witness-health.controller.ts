import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@accord/access';
import { WitnessSubmitter, type WitnessStatus } from '@accord/audit/postgres';
import { readCurrentWitnesses } from '@accord/projections';
import { UnavailableError } from '@accord/platform';
import { Storage } from '@accord/server';

export interface WitnessHealth {
  witnesses: WitnessStatus[];
}

/**
 * From the database, not this process's memory: the submitter may run in another API instance
 * or in apps/worker, and every instance reports the same figures.
 */
@ApiTags('health')
@Controller('health')
export class WitnessHealthController {
  private readonly submitter: WitnessSubmitter;

  constructor(@Inject(Storage) private readonly storage: Storage) {
    this.submitter = new WitnessSubmitter(storage.pool, { witnesses: () => readCurrentWitnesses(storage.pool) });
  }

  @Public()
  @Get('witnesses')
  @ApiOperation({
    summary:
      "The witnesses the ledger names (one per organisation that registered one): the largest checkpoint size each cosigned, its lag behind the latest checkpoint (leaves), failures in a row, the last refusal or error and the next attempt. Anyone may call it (witnesses' names, keys and URLs are public, as a policy file is); 503 when the database does not answer.",
  })
  async witnesses(): Promise<WitnessHealth> {
    try {
      return { witnesses: await this.submitter.status(await readCurrentWitnesses(this.storage.pool)) };
    } catch (err) {
      throw new UnavailableError('not-ready', `database unavailable: ${(err as Error).message}`, {
        retryAfterSeconds: 2,
      });
    }
  }
}
