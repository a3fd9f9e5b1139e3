import { timingSafeEqual, createHash } from 'node:crypto';
import { metrics, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { AppError, BadInputError } from '@accord/platform';

/**
 * What the standard OTEL_* variables ask for. Off by default: unlike the OpenTelemetry SDKs, whose
 * default exporter is OTLP, Accord records nothing until an exporter is named, so a deployment
 * that never heard of OpenTelemetry sends nothing anywhere.
 */
export interface TelemetrySettings {
  serviceName: string;
  /** `otlp` (to OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT over HTTP), `console`, or none. */
  traces: 'otlp' | 'console' | 'none';
  /** `prometheus`: served at the API's /metrics to callers holding `metricsToken`. */
  metrics: 'prometheus' | 'none';
  metricsToken?: string;
}

export class InvalidTelemetrySettingsError extends BadInputError {
  constructor(message: string) {
    super('invalid-telemetry-settings', message);
  }
}

export const MIN_METRICS_TOKEN_LENGTH = 16;

export function telemetrySettings(env: NodeJS.ProcessEnv): TelemetrySettings {
  const disabled = (env.OTEL_SDK_DISABLED ?? '').trim().toLowerCase() === 'true';
  const traces = (env.OTEL_TRACES_EXPORTER ?? 'none').trim().toLowerCase() || 'none';
  const metricsExporter = (env.OTEL_METRICS_EXPORTER ?? 'none').trim().toLowerCase() || 'none';
  if (!['otlp', 'console', 'none'].includes(traces))
    throw new InvalidTelemetrySettingsError(`OTEL_TRACES_EXPORTER=${traces}: Accord knows otlp, console and none`);
  if (!['prometheus', 'none'].includes(metricsExporter))
    throw new InvalidTelemetrySettingsError(
      `OTEL_METRICS_EXPORTER=${metricsExporter}: Accord knows prometheus and none`,
    );
  const metricsToken = env.ACCORD_METRICS_TOKEN || undefined;
  if (!disabled && metricsExporter === 'prometheus' && (metricsToken?.length ?? 0) < MIN_METRICS_TOKEN_LENGTH)
    throw new InvalidTelemetrySettingsError(
      `OTEL_METRICS_EXPORTER=prometheus needs ACCORD_METRICS_TOKEN (at least ${MIN_METRICS_TOKEN_LENGTH} characters): /metrics is served only to its holder`,
    );
  return {
    serviceName: env.OTEL_SERVICE_NAME || 'accord',
    traces: disabled ? 'none' : (traces as TelemetrySettings['traces']),
    metrics: disabled ? 'none' : (metricsExporter as TelemetrySettings['metrics']),
    metricsToken,
  };
}

/** A reader collected on demand, by /metrics. */
class PullReader extends MetricReader {
  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export interface Telemetry {
  /** Ends the providers, flushing spans still buffered. */
  shutdown(): Promise<void>;
}

interface Active {
  tracerProvider?: TracerProvider;
  meterProvider?: MeterProvider;
  reader?: PullReader;
  metricsToken?: Buffer;
}

let active: Active | null = null;

/**
 * Registers the SDK globally as `settings` say; does nothing when both are `none`. `spanExporter`
 * replaces the one the settings name (tests pass the SDK's InMemorySpanExporter; spans are then
 * exported as they end, so a test sees them at once, unless `batched`: the overhead bench exports
 * in batches, as a deployment's exporter does). One at a time per process.
 */
export function startTelemetry(
  settings: TelemetrySettings,
  options: { spanExporter?: SpanExporter; batched?: boolean } = {},
): Telemetry {
  if (active) throw new Error('telemetry is already started in this process');
  const resource = resourceFromAttributes({ 'service.name': settings.serviceName });
  const started: Active = {};
  const exporter = options.spanExporter ?? spanExporterFor(settings.traces);
  if (exporter) {
    const processor =
      options.spanExporter && !options.batched
        ? new SimpleSpanProcessor({ exporter })
        : new BatchSpanProcessor({ exporter });
    started.tracerProvider = new TracerProvider({ resource, spanProcessors: [processor] });
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(started.tracerProvider);
  }
  if (settings.metrics === 'prometheus') {
    started.reader = new PullReader();
    started.meterProvider = new MeterProvider({ resource, readers: [started.reader] });
    started.metricsToken = digest(settings.metricsToken ?? '');
    metrics.setGlobalMeterProvider(started.meterProvider);
  }
  active = started;
  return {
    async shutdown() {
      if (active !== started) return;
      active = null;
      await started.tracerProvider?.shutdown();
      await started.meterProvider?.shutdown();
      if (started.tracerProvider) {
        trace.disable();
        propagation.disable();
      }
      if (started.meterProvider) metrics.disable();
    },
  };
}

function spanExporterFor(traces: TelemetrySettings['traces']): SpanExporter | undefined {
  if (traces === 'otlp') return new OTLPTraceExporter();
  if (traces === 'console') return new ConsoleSpanExporter();
  return undefined;
}

export class MetricsNotEnabledError extends AppError {
  constructor() {
    super('not-found', 'metrics-not-enabled', 'Metrics are off (OTEL_METRICS_EXPORTER is not prometheus)');
  }
}

export class MetricsTokenRequiredError extends AppError {
  constructor() {
    super('unauthenticated', 'metrics-token-required', '/metrics needs Authorization: Bearer <ACCORD_METRICS_TOKEN>');
  }
}

/**
 * The metrics in Prometheus text format, for the holder of the metrics token. Off: not found;
 * without the token or with another one: unauthenticated.
 */
export async function prometheusText(authorization: string | undefined): Promise<string> {
  const current = active;
  if (!current?.reader || !current.metricsToken) throw new MetricsNotEnabledError();
  const presented = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  if (!presented || !timingSafeEqual(digest(presented), current.metricsToken)) throw new MetricsTokenRequiredError();
  const { resourceMetrics } = await current.reader.collect();
  return new PrometheusSerializer().serialize(resourceMetrics);
}

// Digests of equal length, so comparing them takes the same time whatever was presented.
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
