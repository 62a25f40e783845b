import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { createTestContext, type TestContext } from './helpers';
import { latch } from './latch';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('the built dashboard', () => {
  it('is served at / with SPA fallback, while API misses stay JSON', async () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-web-'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Guildhall</title>');
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
    const app = await buildApp(t.ctx, { webDist: dist });
    try {
      const home = await app.inject('/');
      expect(home.statusCode).toBe(200);
      expect(home.body).toContain('<title>Guildhall</title>');
      const deep = await app.inject('/c/123/roster?class=MAGE');
      expect(deep.statusCode).toBe(200);
      expect(deep.headers['content-type']).toContain('text/html');
      const asset = await app.inject('/assets/app.js');
      expect(asset.body).toBe('console.log(1)');
      const api = await app.inject('/api/v1/nope');
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('NOT_FOUND');
    } finally {
      await app.close();
      fs.rmSync(dist, { recursive: true, force: true });
    }
  });

  it('is absent without a build: / says how to build it, and the API stays JSON', async () => {
    const app = await buildApp(t.ctx, { webDist: path.join(os.tmpdir(), 'gh-no-such-dist') });
    try {
      const page = await app.inject({ url: '/', headers: { accept: 'text/html' } });
      expect(page.statusCode).toBe(503);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.body).toContain('npm run build');
      expect((await app.inject('/api/v1/nope')).json().error.code).toBe('NOT_FOUND');
    } finally {
      await app.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('finishes an in-flight request before closing', async () => {
    // Latches, not sleeps: the handler holds the request until the server has stopped listening.
    const inHandler = latch();
    const released = latch();
    const app = await buildApp(t.ctx, {
      webDist: path.join(os.tmpdir(), 'gh-no-such-dist'),
      extra: async (a) => {
        a.get('/api/test/slow', async () => {
          inHandler.open();
          await released.opened;
          return { done: true };
        });
      },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const inFlight = fetch(`http://127.0.0.1:${port}/api/test/slow`).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
    await inHandler.opened;
    const closing = app.close();
    while (app.server.listening) await new Promise((r) => setImmediate(r));
    // Closed to new connections while the request is still held.
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    released.open();
    await closing;
    expect(await inFlight).toEqual({ status: 200, body: { done: true } });
  });
});
