import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@accord/access';
import { UnavailableError } from '@accord/platform';
import { ProjectionFailure, readProjectionFailures } from '@accord/projections';
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
}
