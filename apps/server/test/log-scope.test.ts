import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { buildApp } from '../src/app';
import type { AppContext } from '../src/core/context';
import { defineJob, waitForRun } from '../src/core/queue';
import { createTestContext, type TestContext } from './helpers';

/**
 * Code deep in a service, handed no logger: it logs through the context's, after awaiting the
 * database and a timer, as real services do.
 */
async function deepService(ctx: AppContext, what: string): Promise<void> {
  await ctx.db.execute(sql`select 1`);
  await new Promise((resolve) => setImmediate(resolve));
  ctx.log.info({ what }, 'deep service line');
}

let t: TestContext;
let app: FastifyInstance;
let serverClosed: () => void = () => {};

const lines = () => t.logLines.map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  t = await createTestContext();
  t.ctx.queue.register([
    defineJob({
      name: 'log-scope-probe',
      payload: z.object({ what: z.string() }),
      retry: { attempts: 1, backoffMs: 1 },
      handler: async ({ what }, job) => {
        job.log.info({ what }, 'job line');
        await deepService(t.ctx, what);
        return {};
      },
    }),
  ]);
  await t.ctx.queue.start({ worker: true, scheduler: false });
  app = await buildApp(t.ctx, {
    extra: async (a) => {
      a.post('/test/deep', async (request) => {
        request.log.info('route line');
        await deepService(t.ctx, (request.body as { what: string }).what);
        return { ok: true };
      });
      a.get('/test/ws', { websocket: true }, (socket) => {
        socket.on('close', () => serverClosed());
      });
    },
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await t?.close();
});

describe('log lines carry their cause', () => {
  it("every line of a request, deep service code's included, carries the request id", async () => {
    const res = await app.inject({ method: 'POST', url: '/test/deep', payload: { what: 'from-request' } });
    expect(res.statusCode, res.body).toBe(200);
    const route = lines().find((l) => l.msg === 'route line');
    const deep = lines().find((l) => l.msg === 'deep service line' && l.what === 'from-request');
    expect(route?.reqId).toMatch(/^req-/);
    expect(deep?.reqId).toBe(route?.reqId);
    // Once per line: the request's own logger is not given the id a second time.
    const raw = t.logLines.find((l) => l.includes('"route line"'))!;
    expect(raw.match(/"reqId"/g)).toHaveLength(1);
  });

  it("every line of a job run, deep service code's included, carries the run id", async () => {
    const runId = await t.ctx.queue.enqueue('log-scope-probe', { what: 'from-job' });
    expect((await waitForRun(t.ctx.jobRuns, runId, 60_000)).status).toBe('succeeded');
    const own = lines().find((l) => l.msg === 'job line' && l.what === 'from-job');
    const deep = lines().find((l) => l.msg === 'deep service line' && l.what === 'from-job');
    expect(own).toMatchObject({ runId, job: 'log-scope-probe' });
    expect(deep).toMatchObject({ runId, job: 'log-scope-probe' });
    expect(deep?.reqId).toBeUndefined();
  });

  it('lines outside any request or job carry neither', () => {
    t.ctx.log.info('outside line');
    const outside = lines().find((l) => l.msg === 'outside line');
    expect(outside?.reqId).toBeUndefined();
    expect(outside?.runId).toBeUndefined();
  });
});

describe('live connections', () => {
  const gauge = async () => {
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    return Number(/^guildhall_live_connections\{kind="websocket"\} (\d+)$/m.exec(text)?.[1] ?? 0);
  };

  it('counts an open WebSocket and forgets it once closed', async () => {
    const before = await gauge();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };
    const ws = new WebSocket(`ws://127.0.0.1:${address.port}/test/ws`);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    expect(await gauge()).toBe(before + 1);
    const closed = new Promise<void>((resolve) => {
      serverClosed = resolve;
    });
    ws.close();
    await closed;
    expect(await gauge()).toBe(before);
  });
});
