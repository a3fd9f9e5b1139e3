import { Controller, Get, Header, Headers } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@accord/access';
import { prometheusText } from '@accord/telemetry';

/**
 * Prometheus scrapes this. Not a user's endpoint (no user token is accepted): it exists only when
 * OTEL_METRICS_EXPORTER=prometheus (otherwise 404 `metrics-not-enabled`), and answers only the
 * holder of ACCORD_METRICS_TOKEN as a bearer token (otherwise 401 `metrics-token-required`).
 */
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  @Public()
  @Get()
  @ApiOperation({
    summary:
      'Metrics in Prometheus text format (commands, append latency, group-commit size, follower lag, checkpoint age). Who: the holder of ACCORD_METRICS_TOKEN, as a bearer token (401 `metrics-token-required` otherwise); 404 `metrics-not-enabled` unless OTEL_METRICS_EXPORTER=prometheus.',
  })
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(@Headers('authorization') authorization: string | undefined): Promise<string> {
    return prometheusText(authorization);
  }
}
