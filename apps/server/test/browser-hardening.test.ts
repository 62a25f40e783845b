/**
 * The CSRF rule and the Content-Security-Policy in a real browser: Debian's Chromium against
 * a signed-in server on a loopback port, with an attacker's page served from another port
 * (the same site, so the browser does send the SameSite=Lax session cookie) and from another
 * host name (another site).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { jobRuns } from '../src/core/queue/job-runs.tables';
import { apiKeys } from '../src/modules/access/access.tables';
import { communities } from '../src/modules/communities/communities.tables';
import { sessions } from '../src/modules/identity/identity.tables';
import { launchChromiumProfile } from './chromium';
import {
  browserSessionCookie,
  createTestContext,
  makeCommunity,
  ownerCookie,
  type TestContext,
} from './helpers';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const webDist = path.join(root, 'apps/web/dist');

let t: TestContext;
let app: Awaited<ReturnType<typeof buildApp>>;
let server: string;
let communityId: string;
let session: string;
let attacker: http.Server;
let attackerPort: number;
let browser: BrowserContext;
let profile: string;
const answered: { method: string; url: string; status: number; body: string }[] = [];

/** The attacker's page: a form per target, and a script that fires no-cors fetches. */
const attackPage = (target: string, cid: string) => `<!doctype html>
<html><body>
${[
  `/api/v1/communities/${cid}/jobs/raiderio-sync`,
  `/api/v1/communities/${cid}/webhooks/00000000-0000-4000-8000-000000000000/test`,
  '/auth/logout',
  `/api/v1/communities/${cid}/api-keys`,
]
  .map(
    (url, i) =>
      `<form id="f${i}" method="post" action="${target}${url}" enctype="text/plain"><input name='{"name":"stolen","scopes":["read"],"x":"' value='"}'></form>`,
  )
  .join('\n')}
</body></html>`;

beforeAll(async () => {
  t = await createTestContext({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  if (!fs.existsSync(path.join(webDist, 'index.html'))) {
    execFileSync('npm', ['run', 'build', '-w', '@guildhall/web'], { cwd: root, stdio: 'pipe' });
  }
  app = await buildApp(t.ctx, { webDist });
  // What the server answered each write: the browser hides no-cors answers from the page.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      answered.push({
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        body: typeof payload === 'string' ? payload : '',
      });
    return payload;
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  server = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  communityId = (await makeCommunity(t.ctx, { name: 'Los Centinelas' })).id;
  session = await ownerCookie(app, t.ctx);

  attacker = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(attackPage(server, communityId));
  });
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
  attackerPort = (attacker.address() as AddressInfo).port;

  profile = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-chromium-'));
  browser = await launchChromiumProfile(profile);
  await browser.addCookies([browserSessionCookie(session, server)]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => attacker?.close(r));
  await app?.close();
  await t?.close();
  if (profile) fs.rmSync(profile, { recursive: true, force: true });
});

const state = async () => ({
  name: (await t.ctx.db.select().from(communities).where(eq(communities.id, communityId)))[0]?.name,
  keys: (await t.ctx.db.select().from(apiKeys).where(eq(apiKeys.communityId, communityId))).length,
  sessions: (await t.ctx.db.select().from(sessions)).length,
  runs: (await t.ctx.db.select().from(jobRuns)).length,
});

// No skip without Chromium: a browser suite that cannot start fails (apt-get install chromium).
describe('in Chromium', () => {
  it('refuses every write a page on another origin makes with the signed-in cookie', async () => {
    const before = await state();
    const page = await browser.newPage();
    answered.length = 0;
    for (const origin of [`http://127.0.0.1:${attackerPort}`, `http://localhost:${attackerPort}`]) {
      // Form posts: each navigates its page to the server, so each gets a fresh page.
      for (let i = 0; i < 4; i++) {
        const p = await browser.newPage();
        await p.goto(`${origin}/`);
        const done = p.waitForResponse((r) => r.url().startsWith(server) && r.request().method() === 'POST');
        // Submitted after evaluate returns: the navigation would otherwise cut the call short.
        await p.evaluate((id) => {
          setTimeout(() => (document.getElementById(id) as HTMLFormElement).submit(), 0);
        }, `f${i}`);
        await done;
        await p.close();
      }
      await page.goto(`${origin}/`);
      // Fetches: simple no-cors requests reach the server; PATCH/DELETE stop at the preflight.
      const outcomes = await page.evaluate(
        async ({ server, cid }) => {
          const tries: [string, RequestInit][] = [
            [`/api/v1/communities/${cid}/jobs/raiderio-sync`, { method: 'POST', mode: 'no-cors' }],
            ['/auth/logout', { method: 'POST', mode: 'no-cors' }],
            [
              `/api/v1/communities/${cid}`,
              {
                method: 'POST',
                mode: 'no-cors',
                body: '{"name":"Hijacked"}',
                headers: { 'content-type': 'text/plain' },
              },
            ],
            [
              `/api/v1/communities/${cid}`,
              {
                method: 'PATCH',
                body: '{"name":"Hijacked"}',
                headers: { 'content-type': 'application/json' },
              },
            ],
            [
              `/api/v1/communities/${cid}/api-keys/00000000-0000-4000-8000-000000000000`,
              { method: 'DELETE' },
            ],
          ];
          const out: string[] = [];
          for (const [url, init] of tries) {
            try {
              const res = await fetch(server + url, { ...init, credentials: 'include' });
              out.push(`${init.method} ${res.type} ${res.status}`);
            } catch (err) {
              out.push(`${init.method} blocked ${(err as Error).name}`);
            }
          }
          return out;
        },
        { server, cid: communityId },
      );
      // PATCH and DELETE need a CORS preflight the server never grants: they never leave the
      // browser. The POSTs do reach the server (below); their answers are withheld from the
      // page (Cross-Origin-Resource-Policy: same-origin).
      expect(outcomes.slice(3)).toEqual(['PATCH blocked TypeError', 'DELETE blocked TypeError']);
    }

    const writes = answered.filter((s) => s.method !== 'OPTIONS');
    // Four forms and three fetches, from each of the two origins.
    expect(writes).toHaveLength(14);
    for (const w of writes) {
      expect(w.status, `${w.method} ${w.url}`).toBe(403);
      expect(JSON.parse(w.body).error.code).toBe('CROSS_ORIGIN_REQUEST');
    }
    expect(writes.some((s) => s.method === 'PATCH' || s.method === 'DELETE')).toBe(false);
    expect(await state()).toEqual(before);
    await page.close();
  });

  it('lets the dashboard itself write, and its pages load under the CSP without violations', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    const home = await page.goto(`${server}/c/${communityId}`);
    expect(home?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForLoadState('networkidle');
    await page.goto(`${server}/c/${communityId}/admin?tab=settings`);
    await page.locator('[data-testid="admin-settings"]').waitFor({ timeout: 60_000 });
    // A same-origin write through the dashboard's own fetch path.
    const status = await page.evaluate(async (cid) => {
      const res = await fetch(`/api/v1/communities/${cid}`, {
        method: 'PATCH',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Los Centinelas' }),
      });
      return res.status;
    }, communityId);
    expect(status).toBe(200);
    // Swagger UI renders under its own policy.
    await page.goto(`${server}/docs/`);
    await page.locator('.swagger-ui .info').first().waitFor({ timeout: 60_000 });
    expect(problems).toEqual([]);
    await page.close();
  });
});
