/**
 * Admin → API keys → "Connect a PC" in Debian's Chromium against a real server (in process, on
 * a loopback port): the officer makes an upload key, picks a system, and the command holds this
 * server's URL and that key; a real upload with the key turns the guide's status to "it works".
 * Screenshots at desktop and phone width land in `.artifacts/`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { launchChromium, requireChromium } from './chromium';
import {
  browserSessionCookie,
  createTestContext,
  makeCommunity,
  ownerCookie,
  type TestContext,
} from './helpers';
import { day, trackerFile, uploadFile } from './wow-fixtures';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const webDist = path.join(root, 'apps/web/dist');
const artifacts = path.join(root, '.artifacts');
const WAIT = 60_000;

let t: TestContext;
let app: Awaited<ReturnType<typeof buildApp>>;
let agentDist: string;
let base: string;
let cid: string;
let owner: string;
let browser: Browser;

beforeAll(async () => {
  requireChromium();
  if (!fs.existsSync(path.join(webDist, 'index.html')))
    execFileSync('npm', ['run', 'build', '-w', '@guildhall/web'], { cwd: root, stdio: 'pipe' });
  // A server whose build made the Windows and Linux executables, not the macOS ones.
  agentDist = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-connect-pc-'));
  fs.writeFileSync(path.join(agentDist, 'guildhall-agent-win-x64.exe'), Buffer.alloc(3 * 1024 * 1024, 1));
  fs.writeFileSync(path.join(agentDist, 'guildhall-agent-linux-x64'), Buffer.alloc(2 * 1024 * 1024, 1));
  t = await createTestContext({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  app = await buildApp(t.ctx, { webDist, agentDist });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  cid = (await makeCommunity(t.ctx, { name: 'Stormvale Vanguard' })).id;
  owner = await ownerCookie(app, t.ctx);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await t?.close();
  if (agentDist) fs.rmSync(agentDist, { recursive: true, force: true });
});

async function openGuide(locale: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
  await context.addCookies([browserSessionCookie(owner, base)]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}/c/${cid}/admin?tab=apiKeys`);
  await page.getByTestId('connect-pc').waitFor({ timeout: WAIT });
  return { page, errors };
}

const command = (page: Page) => page.getByTestId('connect-pc-command').textContent();

describe('Connect a PC (admin → API keys)', () => {
  it('makes a key that also sends raid combat logs when asked: telemetry scope, --combat-log, combatLog in the settings', async () => {
    const { page, errors } = await openGuide('es-ES');
    await page.getByLabel('PC de quién').fill('Raid PC');
    await page.getByTestId('connect-pc-combat-log').check();
    await page.getByTestId('connect-pc-create').click();
    await page.getByText('Clave de subida «Raid PC» creada').waitFor({ timeout: WAIT });
    const keys = await app.inject({ url: `/api/v1/communities/${cid}/api-keys`, headers: { cookie: owner } });
    const row = keys.json().items.find((k: { name: string }) => k.name === 'Raid PC');
    expect([...row.scopes].sort()).toEqual(['telemetry', 'upload']);
    const windows = (await command(page)) ?? '';
    const key = /--key (gh_\S+)/.exec(windows)?.[1] ?? '';
    expect(key.startsWith(row.prefix)).toBe(true);
    expect(windows.endsWith(`--server ${base} --key ${key} --combat-log`)).toBe(true);
    expect(JSON.parse((await page.getByTestId('connect-pc-config').textContent()) ?? '')).toEqual({
      server: base,
      key,
      combatLog: true,
    });
    expect(await page.getByText('registro de combate avanzado').count()).toBe(1);
    // The key is let in where the agent sends combat logs (an empty log is refused as such, not for its scope).
    const res = await fetch(`${base}/api/v1/telemetry/combat-log`, {
      method: 'POST',
      headers: { 'x-api-key': key, 'content-type': 'text/plain' },
      body: '',
    });
    expect(res.status).not.toBe(401);
    expect(res.status).not.toBe(403);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('makes an upload key and shows the command for each system with this server and key', async () => {
    const { page, errors } = await openGuide('en-GB');
    // Before a key exists: the command is there, with a placeholder to replace.
    expect(await command(page)).toContain(`--server ${base} --key <upload key>`);

    await page.getByLabel('Whose PC').fill('Aldrena PC');
    await page.getByTestId('connect-pc-create').click();
    await page.getByText('Upload key “Aldrena PC” created').waitFor({ timeout: WAIT });
    const keys = await app.inject({ url: `/api/v1/communities/${cid}/api-keys`, headers: { cookie: owner } });
    const row = keys.json().items.find((k: { name: string }) => k.name === 'Aldrena PC');
    expect(row.scopes).toEqual(['upload']);
    const windows = (await command(page)) ?? '';
    const key = /--key (gh_\S+)/.exec(windows)?.[1] ?? '';
    expect(key.startsWith(row.prefix)).toBe(true);
    expect(windows).toBe(
      `cd $env:USERPROFILE\\Downloads\n.\\guildhall-agent-win-x64.exe --server ${base} --key ${key}`,
    );
    expect(JSON.parse((await page.getByTestId('connect-pc-config').textContent()) ?? '')).toEqual({
      server: base,
      key,
    });
    const button = page.getByTestId('download-agent');
    expect(await button.textContent()).toBe('Download for Windows (3 MB)');
    expect(await button.getAttribute('href')).toBe('/downloads/guildhall-agent-win-x64.exe');
    // The button's file is served.
    const served = await fetch(`${base}/downloads/guildhall-agent-win-x64.exe`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-disposition')).toContain('attachment');

    await page.getByRole('tab', { name: 'macOS (Apple silicon)' }).click();
    expect(await command(page)).toBe(
      [
        'cd ~/Downloads',
        'chmod +x guildhall-agent-macos-arm64',
        'xattr -c guildhall-agent-macos-arm64',
        'codesign --force --sign - guildhall-agent-macos-arm64',
        `./guildhall-agent-macos-arm64 --server ${base} --key ${key}`,
      ].join('\n'),
    );
    // Not built on this server: no button, the build command instead.
    expect(await page.getByTestId('download-agent').count()).toBe(0);
    expect(await page.getByTestId('download-missing').textContent()).toContain('npm run build');

    await page.getByRole('tab', { name: 'Linux' }).click();
    expect(await command(page)).toContain(`./guildhall-agent-linux-x64 --server ${base} --key ${key}`);
    await page.getByTestId('method-npx').check();
    expect(await command(page)).toBe(`npx guildhall-agent --server ${base} --key ${key}`);

    // The officer sees it work: a real upload with the key.
    expect(await page.getByTestId('connect-pc-status').textContent()).toMatch(
      /^Waiting for the first upload/,
    );
    const upload = await uploadFile(app, key, trackerFile({ rosterAt: day(1), roster: { Aldrena: {} } }));
    expect(upload.statusCode).toBe(200);
    await page.getByText('It works: the last upload arrived').waitFor({ timeout: WAIT });
    const lastUpload = page
      .locator('[data-testid="api-key-row"]', { hasText: 'Aldrena PC' })
      .getByTestId('api-key-last-upload');
    expect(await lastUpload.textContent()).not.toBe('never');

    fs.mkdirSync(artifacts, { recursive: true });
    await page.getByRole('tab', { name: 'Windows' }).click();
    await page.getByTestId('method-download').check();
    await page.screenshot({ path: path.join(artifacts, 'connect-pc-desktop.png'), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(artifacts, 'connect-pc-phone.png'), fullPage: true });
    // The guide fits a phone: nothing wider than the screen but the scrolling code blocks.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  }, 240_000);

  it('speaks Spanish', async () => {
    const { page, errors } = await openGuide('es-ES');
    await page.getByText('Conectar un PC').first().waitFor({ timeout: WAIT });
    expect(await command(page)).toContain(`--key <clave de subida>`);
    expect(await page.getByTestId('connect-pc-create').textContent()).toBe('Crear clave de subida');
    await page.screenshot({ path: path.join(artifacts, 'connect-pc-desktop-es.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);
});
