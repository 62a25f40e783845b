import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpClient, type ProviderError } from '../src/core/outbound/http-client';
import { waitForRun } from '../src/core/queue';
import { createMemoryLimiter } from '../src/core/rate-limiter';
import { FakeServer, json } from './fakes/server';
import { createTestApp, type TestApp } from './helpers';

const TOKEN = 'scrape-token-0123456789';

/** One sample's value from the exposition text, 0 when absent (a counter not yet touched). */
function sample(text: string, name: string, labels: Record<string, string>): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelText = /\{(.*)\}/.exec(line)?.[1] ?? '';
    if (wanted.every((w) => labelText.split(',').includes(w))) return Number(line.split(' ').at(-1));
  }
  return 0;
}

describe('GET /metrics', () => {
  let t: TestApp;
  const scrape = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { METRICS_TOKEN: TOKEN } });
    await t.ctx.queue.start({ worker: true, scheduler: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('times requests by route pattern and status', async () => {
    const labels = { method: 'GET', route: '/api/health', status: '200' };
    const before = sample(await scrape(), 'guildhall_http_request_duration_seconds_count', labels);
    for (let i = 0; i < 3; i++) expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
    const notFound = { method: 'GET', route: 'unmatched', status: '404' };
    const missesBefore = sample(await scrape(), 'guildhall_http_request_duration_seconds_count', notFound);
    await t.app.inject({ url: '/api/v1/no-such-route/123' });
    const text = await scrape();
    expect(sample(text, 'guildhall_http_request_duration_seconds_count', labels)).toBe(before + 3);
    // Unknown paths share one label: a scanner cannot grow the series without bound.
    expect(sample(text, 'guildhall_http_request_duration_seconds_count', notFound)).toBe(missesBefore + 1);
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    expect(text).toMatch(/^guildhall_job_queue_depth\{state="queued"\} \d+$/m);
  });

  it('counts job runs by outcome with their durations', async () => {
    const labels = { job: 'job-runs-prune', outcome: 'succeeded' };
    const before = sample(await scrape(), 'guildhall_job_runs_total', labels);
    const run = await waitForRun(t.ctx.jobRuns, await t.ctx.queue.enqueue('job-runs-prune', {}), 60_000);
    expect(run.status).toBe('succeeded');
    const text = await scrape();
    expect(sample(text, 'guildhall_job_runs_total', labels)).toBe(before + 1);
    expect(sample(text, 'guildhall_job_duration_seconds_count', labels)).toBeGreaterThanOrEqual(before + 1);
  });

  it('counts outside API calls by provider and status, 429s included', async () => {
    const api = new FakeServer((req) =>
      req.path === '/busy'
        ? json({ message: 'slow down' }, 429, { 'retry-after': '3600' })
        : json({ ok: true }),
    );
    await api.start();
    try {
      const http = createHttpClient(
        { limiter: createMemoryLimiter(Date.now), timeoutMs: 5_000, maxWaitMs: 0 },
        { name: 'metricsfake', baseUrl: api.url, budget: { bucket: 'metricsfake', rules: [] } },
      );
      const schema = z.object({ ok: z.boolean() });
      await http.request({ path: '/fine', schema });
      const err = await http.request({ path: '/busy', schema }).catch((e: ProviderError) => e);
      expect((err as ProviderError).kind).toBe('rate_limited');
      const text = await scrape();
      expect(
        sample(text, 'guildhall_outbound_requests_total', { provider: 'metricsfake', status: '200' }),
      ).toBe(1);
      expect(
        sample(text, 'guildhall_outbound_requests_total', { provider: 'metricsfake', status: '429' }),
      ).toBe(1);
    } finally {
      await api.close();
    }
  });

  it('answers other addresses only with the token, and never a forwarded request without one', async () => {
    const remote = { method: 'GET' as const, url: '/metrics', remoteAddress: '203.0.113.9' };
    expect((await t.app.inject(remote)).statusCode).toBe(403);
    const wrong = await t.app.inject({ ...remote, headers: { authorization: 'Bearer not-the-token' } });
    expect(wrong.statusCode).toBe(403);
    const right = await t.app.inject({ ...remote, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(right.statusCode).toBe(200);
    expect(right.headers['content-type']).toContain('text/plain');
    const proxied = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    expect(proxied.statusCode).toBe(403);
  });
});
