/**
 * "Sign in with Steam" in Chromium: the real server (with the built dashboard) and the fake
 * Steam OpenID provider, through the sign-in page, Steam, the callback and back; then a
 * signed-in owner linking Steam through the confirmation page (a real same-origin form POST).
 * Screenshots land in .artifacts/steam/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountIdToSteamId64, ensureInstanceOwner, steamAccountOfUser } from '../src/modules/identity';
import { launchChromium, requireChromium } from './chromium';
import { offline } from './fakes/server';
import { FakeSteamOpenId } from './fakes/steam-openid';
import { createTestApp, ownerCookie, type TestApp } from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const artifacts = path.join(root, '.artifacts/steam');
const WAIT = 120_000;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

describe('Sign in with Steam, in Chromium', () => {
  const steam = new FakeSteamOpenId();
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    requireChromium();
    if (!fs.existsSync(path.join(root, 'apps/web/dist/index.html')))
      execFileSync('npm', ['run', 'build', '-w', '@guildhall/web'], { cwd: root, stdio: 'pipe' });
    fs.mkdirSync(artifacts, { recursive: true });
    await steam.start();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({
      env: {
        ...offline,
        PORT: String(port),
        PUBLIC_URL: base,
        STEAM_SIGN_IN: 'true',
        STEAM_OPENID_URL: steam.endpoint,
        STEAM_API_BASE_URL: steam.url,
        OUTBOUND_TIMEOUT_MS: '5000',
      },
    });
    await t.app.listen({ port, host: '127.0.0.1' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await steam.stop();
  });

  it('signs a new player in from the sign-in page and shows their SteamID', async () => {
    steam.user = accountIdToSteamId64(2_039_734_272 + 4242);
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/signin`);
    const button = page.getByTestId('signin-steam');
    await button.waitFor({ timeout: WAIT });
    expect(await button.textContent()).toContain('Sign in with Steam');
    await page.screenshot({ path: path.join(artifacts, 'signin-en.png') });

    await button.click();
    await page.waitForURL(`${base}/`, { timeout: WAIT });
    const cookies = await context.cookies(base);
    expect(cookies.map((c) => c.name)).toContain('gh_session');

    await page.goto(`${base}/signin`);
    const linked = page.getByTestId('linked-steam');
    await linked.waitFor({ timeout: WAIT });
    expect(await page.getByTestId('steam-id64').textContent()).toBe(steam.user);
    expect(await linked.textContent()).toContain(String(2_039_734_272 + 4242));
    // Signed in: no sign-in button for Steam any more.
    expect(await page.getByTestId('signin-steam').count()).toBe(0);
    await page.screenshot({ path: path.join(artifacts, 'account-en.png') });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets the signed-in owner link Steam after confirming on the page that names it (Spanish)', async () => {
    steam.user = accountIdToSteamId64(123_456_789);
    const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'es-ES' });
    const owner = (await ownerCookie(t.app, t.ctx)).split('=');
    await context.addCookies([{ name: owner[0]!, value: owner.slice(1).join('='), url: base }]);
    const page = await context.newPage();
    await page.goto(`${base}/signin`);
    const link = page.getByTestId('link-steam');
    await link.waitFor({ timeout: WAIT });
    expect(await link.textContent()).toBe('Vincular una cuenta de Steam');
    await page.screenshot({ path: path.join(artifacts, 'account-es-unlinked.png') });

    await link.click();
    await page.waitForURL(/\/auth\/steam\/link\?p=/, { timeout: WAIT });
    expect(await page.locator('h1').textContent()).toBe('Vincular tu cuenta de Steam');
    expect(await page.locator('main').textContent()).toContain(`SteamID ${steam.user}`);
    await page.screenshot({ path: path.join(artifacts, 'confirm-es.png') });

    await page.locator('form button').click();
    await page.waitForURL(`${base}/signin`, { timeout: WAIT });
    await page.getByTestId('linked-steam').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('steam-id64').textContent()).toBe(steam.user);
    expect(await page.getByTestId('linked-accounts').textContent()).toContain('Id de cuenta de Dota');
    await page.screenshot({ path: path.join(artifacts, 'account-es-linked.png') });

    const { user } = await ensureInstanceOwner(t.ctx.db);
    expect((await steamAccountOfUser(t.ctx.db, user.id))?.accountId32).toBe(123_456_789);
    await context.close();
  });
});
