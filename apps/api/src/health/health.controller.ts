import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@accord/access';
import { UnavailableError } from '@accord/platform';
import {
  ProjectionFailure,
  ReadModelCheckSummary,
  readProjectionFailures,
  readReadModelChecks,
} from '@accord/projections';
import { Storage } from '@accord/server';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(Storage) private readonly storage: Storage) {}

  @Public()
  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'The process is up. Anyone may call it.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('ready')
  @ApiOperation({
    summary:
      'The process can serve requests: the database answers and no projection is stopped at an event it cannot apply. Anyone may call it; otherwise 503 `not-ready` (database) or `projection-failed` (with `projections`: name, position, error).',
  })
  async ready(): Promise<{ status: 'ready'; database: 'ok' }> {
    let failures: ProjectionFailure[];
    try {
      await this.storage.ping(2000);
      failures = await readProjectionFailures(this.storage.pool);
    } catch (err) {
      throw new UnavailableError('not-ready', `database unavailable: ${(err as Error).message}`, {
        retryAfterSeconds: 2,
      });
    }
    if (failures.length > 0)
      throw new UnavailableError(
        'projection-failed',
        failures
          .map((f) => `projection ${f.name} cannot apply the event at position ${f.position}: ${f.error}`)
          .join('; '),
        { projections: failures },
      );
    return { status: 'ready', database: 'ok' };
  }

  @Public()
  @Get('read-models')
  @ApiOperation({
    summary:
      "The last check of each read model against the log (`accord projections verify` or POST /v1/audit/read-models/verify): checkpoint, rows that differed, in which tables, when. Anyone may call it (no row's contents). 503 `read-model-mismatch` with `readModels` when a read model differed from the log (its tables were changed behind the projections' back: rebuild it), `not-ready` when the database does not answer.",
  })
  async readModels(): Promise<{ status: 'ok'; readModels: ReadModelCheckSummary[] }> {
    let checks: ReadModelCheckSummary[];
    try {
      checks = await readReadModelChecks(this.storage.pool);
    } catch (err) {
      throw new UnavailableError('not-ready', `database unavailable: ${(err as Error).message}`, {
        retryAfterSeconds: 2,
      });
    }
    const differing = checks.filter((c) => c.differing > 0);
    if (differing.length > 0)
      throw new UnavailableError(
        'read-model-mismatch',
        differing
          .map(
            (c) =>
              `read model ${c.name} differed from the log at position ${c.position} in ${c.differing} rows (${c.tables.join(', ')})`,
          )
          .join('; '),
        { readModels: checks },
      );
    return { status: 'ok', readModels: checks };
  }
}
