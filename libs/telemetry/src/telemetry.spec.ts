import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { contextOf, inSpan, traceparentOf } from '@accord/platform';
import {
  InvalidTelemetrySettingsError,
  MetricsNotEnabledError,
  MetricsTokenRequiredError,
  prometheusText,
  startTelemetry,
  telemetrySettings,
} from './telemetry';

const TOKEN = 'a-metrics-token-of-some-length';

describe('telemetry settings (the standard OTEL_* variables)', () => {
  it('are off by default, unlike the SDKs whose default exporter is OTLP', () => {
    expect(telemetrySettings({})).toMatchObject({ traces: 'none', metrics: 'none', serviceName: 'accord' });
  });

  it('turn traces and metrics on by exporter name, and OTEL_SDK_DISABLED=true turns everything off', () => {
    const env = {
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_METRICS_EXPORTER: 'prometheus',
      ACCORD_METRICS_TOKEN: TOKEN,
      OTEL_SERVICE_NAME: 'accord-eu',
    };
    expect(telemetrySettings(env)).toEqual({
      traces: 'otlp',
      metrics: 'prometheus',
      metricsToken: TOKEN,
      serviceName: 'accord-eu',
    });
    expect(telemetrySettings({ ...env, OTEL_SDK_DISABLED: 'true' })).toMatchObject({ traces: 'none', metrics: 'none' });
  });

  it('refuse an unknown exporter, and Prometheus without a metrics token of 16 characters or more', () => {
    expect(() => telemetrySettings({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(InvalidTelemetrySettingsError);
    expect(() => telemetrySettings({ OTEL_METRICS_EXPORTER: 'otlp' })).toThrow(InvalidTelemetrySettingsError);
    expect(() => telemetrySettings({ OTEL_METRICS_EXPORTER: 'prometheus' })).toThrow(/ACCORD_METRICS_TOKEN/);
    expect(() => telemetrySettings({ OTEL_METRICS_EXPORTER: 'prometheus', ACCORD_METRICS_TOKEN: 'short' })).toThrow(
      /ACCORD_METRICS_TOKEN/,
    );
  });
});

describe('/metrics (prometheusText)', () => {
  it('is not there while metrics are off, whatever token is presented', async () => {
    await expect(prometheusText(`Bearer ${TOKEN}`)).rejects.toThrow(MetricsNotEnabledError);
  });

  it('answers only the holder of the metrics token once on', async () => {
    const telemetry = startTelemetry({
      serviceName: 'accord',
      traces: 'none',
      metrics: 'prometheus',
      metricsToken: TOKEN,
    });
    try {
      await expect(prometheusText(undefined)).rejects.toThrow(MetricsTokenRequiredError);
      await expect(prometheusText(`Bearer ${TOKEN}x`)).rejects.toThrow(MetricsTokenRequiredError);
      await expect(prometheusText(`Basic ${TOKEN}`)).rejects.toThrow(MetricsTokenRequiredError);
      expect(await prometheusText(`Bearer ${TOKEN}`)).toContain('target_info{service_name="accord"}');
    } finally {
      await telemetry.shutdown();
    }
    await expect(prometheusText(`Bearer ${TOKEN}`)).rejects.toThrow(MetricsNotEnabledError);
  });
});

describe('tracing', () => {
  it('records nothing and names no traceparent while off', async () => {
    await inSpan('accord.append', {}, async (span) => {
      expect(span.isRecording()).toBe(false);
      expect(traceparentOf(span)).toBeUndefined();
    });
  });

  it('records spans once started, and stops recording at shutdown', async () => {
    const spans = new InMemorySpanExporter();
    const telemetry = startTelemetry(
      { serviceName: 'accord', traces: 'none', metrics: 'none' },
      { spanExporter: spans },
    );
    let traceparent: string | undefined;
    await inSpan('outer', {}, async (outer) => {
      await inSpan('inner', { parent: contextOf(outer) }, async (span) => {
        traceparent = traceparentOf(span);
      });
    });
    const [inner, outer] = spans.getFinishedSpans();
    await telemetry.shutdown();
    expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(traceparent).toBe(`00-${inner.spanContext().traceId}-${inner.spanContext().spanId}-01`);
    expect(trace.getTracer('accord').startSpan('after').isRecording()).toBe(false);
  });
});
