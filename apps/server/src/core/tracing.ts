import {
  type Attributes,
  context,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Config } from '../config';

/**
 * OpenTelemetry traces, by hand at the few places every caller shares: the HTTP hooks (one
 * server span per request), `requestJson` (one client span per outside call), the job runners
 * (one root span per run) and the two database drivers (one span per statement). Automatic
 * instrumentation patches modules as they are required, which under ESM needs a loader hook
 * started before the app, and would miss the embedded database (PGlite answers from a worker
 * thread) anyway. Off — and free: no span objects, no context switches — unless
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set.
 */
let tracingOn = false;

const tracer = () => trace.getTracer('guildhall');

export const tracingEnabled = () => tracingOn;

/** A provider over the given processor, registered as the process's (the SDK loads only here). */
export async function installTracing(
  processor: SpanProcessor,
  serviceName = 'guildhall',
): Promise<{ shutdown(): Promise<void> }> {
  const { NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [processor],
  });
  provider.register();
  tracingOn = true;
  return {
    async shutdown() {
      tracingOn = false;
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}

/** `a=b,c=d` (the OTLP headers variable's format) as an object. */
export function parseOtlpHeaders(raw: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}

/** Starts exporting to the OTLP/HTTP collector when one is configured; answers how to stop. */
export async function startTracing(
  config: Pick<Config, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_HEADERS' | 'OTEL_SERVICE_NAME'>,
): Promise<{ shutdown(): Promise<void> } | undefined> {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return undefined;
  const { BatchSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  const exporter = new OTLPTraceExporter({
    // The generic endpoint names the collector; traces go to its /v1/traces (the spec's rule).
    url: `${endpoint.replace(/\/+$/, '')}/v1/traces`,
    headers: parseOtlpHeaders(config.OTEL_EXPORTER_OTLP_HEADERS),
  });
  return installTracing(new BatchSpanProcessor(exporter), config.OTEL_SERVICE_NAME);
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** A trace of its own (a job run), whatever context it was started from. */
  root?: boolean;
}

/** Runs `work` inside a span (ended when it settles, marked failed when it throws). */
export async function withSpan<T>(
  name: string,
  opts: SpanOptions,
  work: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!tracingOn) return work(undefined);
  const parent = opts.root ? ROOT_CONTEXT : context.active();
  const span = tracer().startSpan(
    name,
    { kind: opts.kind ?? SpanKind.INTERNAL, ...(opts.attributes ? { attributes: opts.attributes } : {}) },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (err) {
    failSpan(span, err);
    throw err;
  } finally {
    span.end();
  }
}

export function failSpan(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
}

/** A span started now under the active context, ended by the caller (request hooks, driver callbacks). */
export function startSpan(name: string, opts: SpanOptions): Span | undefined {
  if (!tracingOn) return undefined;
  return tracer().startSpan(
    name,
    { kind: opts.kind ?? SpanKind.INTERNAL, ...(opts.attributes ? { attributes: opts.attributes } : {}) },
    opts.root ? ROOT_CONTEXT : context.active(),
  );
}

/** Calls `fn` with `span` as the active span (for hooks that continue a request's work). */
export function runInSpan<T>(span: Span | undefined, fn: () => T): T {
  if (!span) return fn();
  return context.with(trace.setSpan(context.active(), span), fn);
}

/** A statement's verb, for the span name (`db select`): the text itself is an attribute. */
export function statementVerb(sql: string): string {
  return (/^\s*([A-Za-z]+)/.exec(sql)?.[1] ?? 'query').toLowerCase();
}

/** A client span for one database statement under the active span, ended by the caller. */
export function startQuerySpan(sql: string): Span | undefined {
  if (!tracingOn) return undefined;
  return startSpan(`db ${statementVerb(sql)}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'db.system.name': 'postgresql',
      'db.query.text': sql.length > 2000 ? `${sql.slice(0, 2000)}…` : sql,
    },
  });
}

/** Times one database statement (the embedded driver's) as a client span under the active one. */
export async function traceQuery<T>(sql: string, run: () => Promise<T>): Promise<T> {
  const span = startQuerySpan(sql);
  if (!span) return run();
  try {
    return await run();
  } catch (err) {
    failSpan(span, err);
    throw err;
  } finally {
    span.end();
  }
}

export { SpanKind };
