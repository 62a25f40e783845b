import client from 'prom-client';

/**
 * The process's Prometheus metrics (`GET /metrics`). One registry per process, as Prometheus
 * scrapes processes: every API process and worker answers for itself. Node's own metrics
 * (event-loop delay, heap, GC, CPU, open handles) come from prom-client's defaults.
 */
export const metricsRegistry = new client.Registry();
client.collectDefaultMetrics({ register: metricsRegistry, eventLoopMonitoringPrecision: 20 });

const registers = [metricsRegistry];
/** Seconds: from a cached read (ms) to a long upload or job (minutes). */
const secondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export const httpRequestDuration = new client.Histogram({
  name: 'guildhall_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: secondsBuckets,
  registers,
});

const jobRuns = new client.Counter({
  name: 'guildhall_job_runs_total',
  help: 'Job attempts by job and outcome (succeeded, skipped, retried, failed)',
  labelNames: ['job', 'outcome'] as const,
  registers,
});
const jobDuration = new client.Histogram({
  name: 'guildhall_job_duration_seconds',
  help: 'Job attempt durations by job and outcome',
  labelNames: ['job', 'outcome'] as const,
  buckets: secondsBuckets,
  registers,
});

export type JobOutcome = 'succeeded' | 'skipped' | 'retried' | 'failed';

export function recordJobAttempt(job: string, outcome: JobOutcome, durationMs: number): void {
  jobRuns.inc({ job, outcome });
  jobDuration.observe({ job, outcome }, durationMs / 1000);
}

/** Where the queue depth is read at scrape time (the job-run store of this process's context). */
let queueDepthSource: (() => Promise<Record<'queued' | 'running', number>>) | undefined;

export function setQueueDepthSource(source: typeof queueDepthSource): void {
  queueDepthSource = source;
}

new client.Gauge({
  name: 'guildhall_job_queue_depth',
  help: 'Job runs waiting (queued) or in progress (running), installation-wide',
  labelNames: ['state'] as const,
  registers,
  async collect() {
    if (!queueDepthSource) return;
    try {
      const depth = await queueDepthSource();
      this.set({ state: 'queued' }, depth.queued);
      this.set({ state: 'running' }, depth.running);
    } catch {
      // a closed database at scrape time: keep the last values
    }
  },
});

const outboundRequests = new client.Counter({
  name: 'guildhall_outbound_requests_total',
  help: 'Calls to outside APIs by provider and answer (HTTP status, or timeout/network)',
  labelNames: ['provider', 'status'] as const,
  registers,
});

export function recordOutbound(provider: string, status: number | 'timeout' | 'network'): void {
  outboundRequests.inc({ provider, status: String(status) });
}

const uploads = new client.Counter({
  name: 'guildhall_uploads_total',
  help: 'Uploads by kind (savedvariables, combatlog) and outcome (ok, refused)',
  labelNames: ['kind', 'outcome'] as const,
  registers,
});
const uploadBytes = new client.Counter({
  name: 'guildhall_upload_bytes_total',
  help: 'Bytes received in uploads, as sent (compressed when the client compressed)',
  labelNames: ['kind'] as const,
  registers,
});
const uploadIngest = new client.Histogram({
  name: 'guildhall_upload_ingest_seconds',
  help: 'Time from a received upload to its answer',
  labelNames: ['kind'] as const,
  buckets: secondsBuckets,
  registers,
});

/**
 * Counts an upload, its bytes and its ingest time around `ingest`. `bytes` is a number when
 * known up front, or read from the result when the body streams in.
 */
export async function observeUpload<T>(
  kind: string,
  bytes: number | ((result: T) => number),
  ingest: () => Promise<T>,
): Promise<T> {
  const end = uploadIngest.startTimer({ kind });
  if (typeof bytes === 'number') uploadBytes.inc({ kind }, bytes);
  try {
    const result = await ingest();
    if (typeof bytes === 'function') uploadBytes.inc({ kind }, Math.max(0, bytes(result)));
    uploads.inc({ kind, outcome: 'ok' });
    return result;
  } catch (err) {
    uploads.inc({ kind, outcome: 'refused' });
    throw err;
  } finally {
    end();
  }
}

const liveConnections = new client.Gauge({
  name: 'guildhall_live_connections',
  help: 'Open live connections by kind (sse, websocket)',
  labelNames: ['kind'] as const,
  registers,
});

/** Counts a live connection as open; the answer counts it closed (call it once). */
export function openLiveConnection(kind: 'sse' | 'websocket'): () => void {
  liveConnections.inc({ kind });
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    liveConnections.dec({ kind });
  };
}
