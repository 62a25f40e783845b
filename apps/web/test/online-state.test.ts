/**
 * Browser check of the one "online" rule: a character the last roster called online two
 * hours ago shows "Last seen …" and a grey dot, on the roster and its profile; one seen a
 * minute ago keeps its green dot. The real server, a real upload, Debian's Chromium.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSavedVariables } from '../../server/src/modules/wow/lua-writer';
import { launchChromiumProfile, requireChromium } from '../../server/test/chromium';

const here = path.dirname(fileURLToPath(import.meta.url));
const webDir = path.resolve(here, '..');
const root = path.resolve(webDir, '../..');
const bin = path.join(root, 'apps/server/bin/guildhall.js');
const artifacts = path.join(here, 'artifacts');
/** Budgets for a loaded two-core machine, not assertions on speed. */
const WAIT = 120_000;
const HOOK = 900_000;
const skipBrowser = process.env.GUILDHALL_SKIP_BROWSER_TESTS === '1';

let server: ChildProcess | undefined;
let serverLog = '';
let dataDir: string;
let base: string;
let cid: string;
let browser: BrowserContext | undefined;
let page: Page;
let profileDir: string;

function env(): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, GUILDHALL_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1' };
  for (const k of ['DATABASE_URL', 'REDIS_URL', 'PUBLIC_URL', 'GUILDHALL_SECRET']) delete e[k];
  e.LOG_LEVEL = 'info';
  return e;
}

/** A CLI command against the running server (handed over its admin channel); its last line. */
const cli = (...args: string[]) =>
  execFileSync(process.execPath, [bin, ...args], { env: env(), encoding: 'utf8' })
    .trim()
    .split('\n')
    .at(-1)!;

function startServer(): Promise<string> {
  server = spawn(process.execPath, [bin, 'serve'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /serving on http:\/\/localhost:(\d+)/.exec(serverLog);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    };
    server!.stdout!.on('data', (d) => {
      serverLog += d;
      check();
    });
    server!.stderr!.on('data', (d) => {
      serverLog += d;
    });
    server!.once('exit', (code) =>
      reject(new Error(`the server exited (${code}):\n${serverLog.slice(-2000)}`)),
    );
  });
}

/** The addon's file: a roster refreshed two hours ago naming both online; Borvik chatted a minute ago. */
function trackerFile(now: number): string {
  const rosterAt = Math.floor(now / 1000) - 2 * 3600;
  const chattedAt = Math.floor(now / 1000) - 60;
  return writeSavedVariables({
    GuildActivityTrackerDB: {
      data: {
        'Borvik-Stormvale': {
          total: 1,
          daily: { [new Date(chattedAt * 1000).toISOString().slice(0, 10)]: 1 },
          lastMessage: 'buenas',
          lastSeenTS: chattedAt,
          rankName: 'Miembro',
          rankIndex: 4,
        },
      },
      stats: { [rosterAt]: 2 },
      roster: {
        Aldrena: { rank: 'Miembro', level: 80, class: 'DRUID', is_online: true },
        Borvik: { rank: 'Miembro', level: 80, class: 'WARRIOR', is_online: true },
      },
      mythic: {},
      rosterLastUpdateAt: rosterAt,
      settings: { sortMode: 'count' },
    },
  });
}

describe.skipIf(skipBrowser)('online state in Chromium', () => {
  beforeAll(async () => {
    requireChromium();
    fs.mkdirSync(artifacts, { recursive: true });
    if (!fs.existsSync(path.join(webDir, 'dist/index.html'))) {
      execFileSync('npm', ['run', 'build', '-w', '@guildhall/web'], { cwd: root, stdio: 'pipe' });
    }
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-online-test-'));
    base = await startServer();
    cid = cli(
      'community',
      'create',
      '--name',
      'Online test',
      '--game',
      'wow',
      '--region',
      'eu',
      '--realm',
      'Stormvale',
    );
    const key = cli('apikey', 'create', '--community', cid, '--scope', 'upload');
    const text = trackerFile(Date.now());
    const res = await fetch(`${base}/api/upload`, {
      method: 'POST',
      headers: {
        'x-api-key': key,
        'content-encoding': 'gzip',
        'content-type': 'application/octet-stream',
        'x-content-sha256': crypto.createHash('sha256').update(text).digest('hex'),
        'x-source-file': 'ACCOUNT/GuildActivityTracker.lua',
      },
      body: zlib.gzipSync(Buffer.from(text)),
    });
    expect(res.status, await res.clone().text()).toBe(200);

    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-chromium-'));
    browser = await launchChromiumProfile(profileDir, {
      viewport: { width: 1440, height: 900 },
      locale: 'en-GB',
    });
    browser.setDefaultTimeout(WAIT);
    page = browser.pages()[0] ?? (await browser.newPage());
    const token = /token=([\w-]+)/.exec(cli('login-link'))?.[1];
    await page.goto(`${base}/auth/login?token=${token}`);
    await page.waitForURL(/\/c\/[0-9a-f-]{36}/);
  }, HOOK);

  afterAll(async () => {
    await browser?.close();
    server?.kill('SIGTERM');
    if (server && server.exitCode === null) await new Promise((r) => server!.once('exit', r));
    for (const dir of [dataDir, profileDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'shows "last seen" and a grey dot for a stale online flag, a green dot for a fresh one',
    async () => {
      await page.goto(`${base}/c/${cid}/roster`);
      const stale = page.locator('tr', { hasText: 'Aldrena' }).getByTestId('online-dot');
      const fresh = page.locator('tr', { hasText: 'Borvik' }).getByTestId('online-dot');
      await stale.waitFor({ state: 'visible' });
      expect(await stale.getAttribute('data-online')).toBe('false');
      expect(await stale.getAttribute('aria-label')).toMatch(/^Last seen 2 hours ago$/);
      expect(await fresh.getAttribute('data-online')).toBe('true');
      expect(await fresh.getAttribute('aria-label')).toBe('Online now');
      await page.screenshot({ path: path.join(artifacts, 'online-state-roster.png') });

      await page.locator('tr', { hasText: 'Aldrena' }).getByRole('link').first().click();
      const state = page.getByTestId('online-state');
      await state.waitFor({ state: 'visible' });
      expect(await state.textContent()).toMatch(/Last seen 2 hours ago/);
      expect(await state.getByTestId('online-dot').getAttribute('data-online')).toBe('false');
      await page.screenshot({ path: path.join(artifacts, 'online-state-profile.png') });
    },
    HOOK,
  );
});
