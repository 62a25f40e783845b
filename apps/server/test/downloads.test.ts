import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { createTestContext, type TestContext } from './helpers';

let t: TestContext;
let app: FastifyInstance;
let dist: string;
const bundle = '#!/usr/bin/env node\nconsole.log("agent");\n';
const linux = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3]);

beforeAll(async () => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-downloads-'));
  // What a build that made only the bundle and the Linux executable leaves, cache included.
  fs.writeFileSync(path.join(dist, 'guildhall-agent.mjs'), bundle);
  fs.writeFileSync(path.join(dist, 'guildhall-agent-linux-x64'), linux);
  fs.mkdirSync(path.join(dist, '.cache'));
  fs.writeFileSync(path.join(dist, '.cache', 'node'), 'a node binary');
  t = await createTestContext();
  app = await buildApp(t.ctx, { agentDist: dist });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await t.close();
  fs.rmSync(dist, { recursive: true, force: true });
});

describe('GET /downloads/<file> (no sign-in)', () => {
  it('answers the bundled agent and an executable as attachments, byte for byte', async () => {
    const mjs = await app.inject('/downloads/guildhall-agent.mjs');
    expect(mjs.statusCode).toBe(200);
    expect(mjs.headers['content-disposition']).toBe('attachment; filename="guildhall-agent.mjs"');
    expect(mjs.headers['content-type']).toMatch(/^text\/javascript/);
    expect(mjs.body).toBe(bundle);

    const exe = await app.inject('/downloads/guildhall-agent-linux-x64');
    expect(exe.statusCode).toBe(200);
    expect(exe.headers['content-type']).toBe('application/octet-stream');
    expect(exe.headers['content-disposition']).toBe('attachment; filename="guildhall-agent-linux-x64"');
    expect(Number(exe.headers['content-length'])).toBe(linux.length);
    expect(exe.rawPayload.equals(linux)).toBe(true);
  });

  it('says an artefact that was not built is missing and names the build command', async () => {
    const json = await app.inject('/downloads/guildhall-agent-win-x64.exe');
    expect(json.statusCode).toBe(404);
    expect(json.json()).toEqual({
      error: {
        code: 'DOWNLOAD_NOT_BUILT',
        message:
          'guildhall-agent-win-x64.exe has not been built on this server: run `npm run build` in the Guildhall folder, then restart it',
        details: { file: 'guildhall-agent-win-x64.exe', buildCommand: 'npm run build' },
      },
    });
    const page = await app.inject({
      url: '/downloads/guildhall-agent-macos-arm64',
      headers: { accept: 'text/html,application/xhtml+xml' },
    });
    expect(page.statusCode).toBe(404);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<h1>guildhall-agent-macos-arm64 is not built yet</h1>');
    expect(page.body).toContain('<code>npm run build</code>');
  });

  it('serves nothing else from the build folder', async () => {
    for (const url of [
      '/downloads/.cache',
      '/downloads/..%2Fpackage.json',
      '/downloads/node',
      '/downloads/',
    ]) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body, url).not.toContain('a node binary');
    }
    expect((await app.inject('/downloads/.cache%2Fnode')).json().error.code).toBe('NOT_FOUND');
  });

  it('lists which downloads exist, with sizes, for the admin page', async () => {
    const res = await app.inject('/api/v1/downloads');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      buildCommand: 'npm run build',
      items: [
        {
          platform: 'windows',
          file: 'guildhall-agent-win-x64.exe',
          url: '/downloads/guildhall-agent-win-x64.exe',
          size: null,
        },
        {
          platform: 'macos-arm64',
          file: 'guildhall-agent-macos-arm64',
          url: '/downloads/guildhall-agent-macos-arm64',
          size: null,
        },
        {
          platform: 'macos-x64',
          file: 'guildhall-agent-macos-x64',
          url: '/downloads/guildhall-agent-macos-x64',
          size: null,
        },
        {
          platform: 'linux',
          file: 'guildhall-agent-linux-x64',
          url: '/downloads/guildhall-agent-linux-x64',
          size: linux.length,
        },
        {
          platform: 'node',
          file: 'guildhall-agent.mjs',
          url: '/downloads/guildhall-agent.mjs',
          size: Buffer.byteLength(bundle),
        },
      ],
    });
  });
});
