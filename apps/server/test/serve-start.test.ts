/**
 * A fresh clone: `/` without a built dashboard, the data directory wherever the CLI starts,
 * and the first-start login link as a banner.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { defaultDataDir } from '../src/config';
import { boxed } from '../src/core/missing-dashboard';
import { runCli, SPAWNS_TIMEOUT } from './cli-process';
import { createTestContext, type TestContext } from './helpers';

let t: TestContext;
let app: Awaited<ReturnType<typeof buildApp>>;
let emptyDist: string;

beforeAll(async () => {
  t = await createTestContext();
  emptyDist = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-no-web-'));
  app = await buildApp(t.ctx, { webDist: emptyDist });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await t?.close();
  fs.rmSync(emptyDist, { recursive: true, force: true });
});

describe('a server without a built dashboard', () => {
  it('answers `/` and other pages with an HTML page saying how to build it, never a bare JSON 404', async () => {
    for (const url of ['/', '/c/some-community/roster', '/signin']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('npm run build');
      expect(res.body).toContain(emptyDist);
      expect(res.body).not.toContain('"error"');
    }
    // The API keeps its JSON errors.
    const api = await app.inject({ url: '/api/v1/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error.code).toBe('NOT_FOUND');
    expect((await app.inject({ url: '/api/health' })).statusCode).toBe(200);
  });
});

describe('the CLI from another working directory', () => {
  it(
    'names the installation’s data directory, not one under the working directory',
    async () => {
      const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-cwd-'));
      try {
        // `worker` says which storage it would use, then stops (no REDIS_URL) before opening it.
        const env: Record<string, string> = { REDIS_URL: '', DATABASE_URL: '' };
        const { GUILDHALL_DATA_DIR: _unset, ...parent } = process.env;
        const result = await runCli(['worker'], env, { cwd: elsewhere, baseEnv: parent });
        expect(result.code).toBe(2);
        const lines = result.stderr.trim().split('\n');
        expect(lines[0]).toBe(
          `guildhall: data directory ${defaultDataDir} (embedded database ${path.join(defaultDataDir, 'db')})`,
        );
        expect(fs.readdirSync(elsewhere)).toEqual([]);
      } finally {
        fs.rmSync(elsewhere, { recursive: true, force: true });
      }
    },
    SPAWNS_TIMEOUT,
  );
});

describe('the first-start banner', () => {
  it('boxes the link on lines of its own', () => {
    const text = boxed(['Sign in:', 'http://localhost:3000/auth/login?token=abc']);
    const lines = text.trim().split('\n');
    expect(lines[0]).toMatch(/^┌─+┐$/);
    expect(lines[2]).toBe('│ http://localhost:3000/auth/login?token=abc │');
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });
});
