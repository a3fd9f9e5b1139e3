import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@accord/access';
import { UnavailableError } from '@accord/platform';
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
  @ApiOperation({ summary: 'The process can serve requests: the database answers. Anyone may call it; 503 otherwise.' })
  async ready(): Promise<{ status: 'ready'; database: 'ok' }> {
    try {
      await this.storage.ping(2000);
    } catch (err) {
      throw new UnavailableError('not-ready', `database unavailable: ${(err as Error).message}`, {
        retryAfterSeconds: 2,
      });
    }
    return { status: 'ready', database: 'ok' };
  }
}
