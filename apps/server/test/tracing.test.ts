import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForRun } from '../src/core/queue';
import { installTracing, parseOtlpHeaders, tracingEnabled, withSpan } from '../src/core/tracing';
import { FakeDiscord, webhookUrl } from './fakes/discord';
import { offline } from './fakes/server';
import { createTestApp, makeCommunity, ownerCookie, type TestApp } from './helpers';

const exporter = new InMemorySpanExporter();
const discord = new FakeDiscord();
let tracing: { shutdown(): Promise<void> };
let t: TestApp;
let owner: string;

const spans = () => exporter.getFinishedSpans();
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const inTrace = (traceId: string) => spans().filter((s) => s.spanContext().traceId === traceId);

beforeAll(async () => {
  expect(tracingEnabled()).toBe(false);
  // Off by default: no provider, no span, the work simply runs.
  expect(await withSpan('unused', {}, async (span) => span)).toBeUndefined();
  tracing = await installTracing(new SimpleSpanProcessor(exporter));
  await discord.start();
  t = await createTestApp({
    env: { ...offline, DISCORD_API_BASE_URL: `${discord.url}/api/v10`, OUTBOUND_TIMEOUT_MS: '30000' },
  });
  await t.ctx.queue.start({ worker: true, scheduler: false });
  owner = await ownerCookie(t.app, t.ctx);
});

afterAll(async () => {
  await t?.close();
  await discord.close();
  await tracing?.shutdown();
});

describe('traces', () => {
  it('gives a request one server span with its database statements and outside calls as children', async () => {
    const community = await makeCommunity(t.ctx, { name: 'Traced', language: 'en' });
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/communities/${community.id}/webhooks`,
      headers: { cookie: owner },
      payload: { name: 'traced', url: webhookUrl('8800000000000000001') },
    });
    expect(created.statusCode, created.body).toBe(201);
    exporter.reset();

    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/communities/${community.id}/webhooks/${created.json().id}/test`,
      headers: { cookie: owner },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(discord.messagesTo('8800000000000000001')).toHaveLength(1);

    const server = spans().find(
      (s) => s.kind === SpanKind.SERVER && s.name === 'POST /api/v1/communities/:id/webhooks/:webhookId/test',
    );
    expect(server).toBeDefined();
    expect(parentOf(server!)).toBeUndefined();
    expect(server!.attributes['http.response.status_code']).toBe(200);
    const { traceId, spanId } = server!.spanContext();
    const children = inTrace(traceId).filter((s) => parentOf(s) === spanId);

    // The session lookup, the community, the webhook, the audit entry's transaction: all PostgreSQL.
    const statements = children.filter((s) => s.name.startsWith('db '));
    expect(statements.length).toBeGreaterThanOrEqual(3);
    expect(statements.map((s) => s.name)).toContain('db select');
    expect(statements.map((s) => s.name)).toContain('db insert');
    expect(statements.every((s) => s.kind === SpanKind.CLIENT)).toBe(true);

    const outbound = children.filter((s) => s.attributes['guildhall.provider'] === 'discord');
    expect(outbound).toHaveLength(1);
    expect(outbound[0]!.kind).toBe(SpanKind.CLIENT);
    expect(outbound[0]!.attributes['http.response.status_code']).toBe(200);
    expect(outbound[0]!.attributes['server.address']).toBe(new URL(discord.url).host);
  });

  it('gives each job run a trace of its own, even when a request queued it', async () => {
    exporter.reset();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/jobs/job-runs-prune',
      headers: { cookie: owner },
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(202);
    const { runId } = res.json() as { runId: number };
    expect((await waitForRun(t.ctx.jobRuns, runId, 60_000)).status).toBe('succeeded');

    const request = spans().find((s) => s.name === 'POST /api/v1/admin/jobs/:name');
    const job = spans().find((s) => s.name === 'job job-runs-prune');
    expect(request).toBeDefined();
    expect(job).toBeDefined();
    expect(parentOf(job!)).toBeUndefined();
    expect(job!.attributes['guildhall.job.run_id']).toBe(runId);
    expect(job!.spanContext().traceId).not.toBe(request!.spanContext().traceId);
    // The run's own statements (its bookkeeping and the prune) are in its trace, not the request's.
    const jobStatements = inTrace(job!.spanContext().traceId).filter((s) => s.name.startsWith('db '));
    expect(jobStatements.map((s) => s.name)).toContain('db delete');
    expect(inTrace(request!.spanContext().traceId).some((s) => s.name === 'db delete')).toBe(false);
  });

  it('reads the OTLP headers variable', () => {
    expect(parseOtlpHeaders('api-key=abc%3D1, x-team = ops')).toEqual({
      'api-key': 'abc=1',
      'x-team': 'ops',
    });
    expect(parseOtlpHeaders(undefined)).toEqual({});
  });
});
