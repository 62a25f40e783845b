/**
 * The draft board in Chromium: two captains in two browser contexts (two users, two cookie
 * jars) in one room; what one locks in appears on the other's board. Screenshots land in
 * `.artifacts/dota-draft-*.png`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { installDotaServices } from '../src/modules/dota';
import { DraftHub } from '../src/modules/dota/draft/draft-hub';
import { launchChromium, requireChromium } from './chromium';
import { fakeModel, fakeServices } from './dota-draft-fixtures';
import {
  browserSessionCookie,
  createTestContext,
  makeCommunity,
  type TestContext,
  userWithRole,
} from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const artifacts = path.join(root, '.artifacts');
const WAIT = 120_000;
const AXE = 2;
const LION = 26;
const PUDGE = 14;

describe('draft board in the browser', () => {
  let t: TestContext;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let hub: DraftHub;
  let browser: Browser;
  let base: string;
  let cid: string;
  let webDist: string;
  const contexts: BrowserContext[] = [];
  const consoleErrors: string[] = [];

  async function captain(cookie: string, locale: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale });
    contexts.push(context);
    await context.addCookies([browserSessionCookie(cookie, base)]);
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT);
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    return page;
  }

  beforeAll(async () => {
    requireChromium();
    // This branch's pages, built beside the test (a shared dist may predate them).
    webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-draft-web-'));
    execFileSync('npx', ['vite', 'build', '--outDir', webDist, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: path.join(root, 'apps/web'),
      stdio: 'pipe',
    });
    t = await createTestContext({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    const services = fakeServices(fakeModel());
    hub = new DraftHub(t.ctx, services, Date, null);
    installDotaServices(t.ctx, services, { hub });
    app = await buildApp(t.ctx, { webDist });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    cid = (await makeCommunity(t.ctx, { name: 'Tidehunters', game: 'dota' })).id;
    browser = await launchChromium();
    fs.mkdirSync(artifacts, { recursive: true });
  }, 600_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    hub?.close();
    await app?.close();
    await t?.close();
    if (webDist) fs.rmSync(webDist, { recursive: true, force: true });
  });

  /** Selects a hero and locks it in, then waits until the other captain's board shows it. */
  async function play(
    page: Page,
    other: Page,
    heroId: number,
    side: 'radiant' | 'dire',
    kind: 'pick' | 'ban',
  ) {
    await page.getByTestId(`hero-${heroId}`).click();
    await page.getByTestId('lock-in').click();
    await other.getByTestId(`${kind}-${side}-${heroId}`).waitFor();
  }

  it("shows one captain's pick on the other captain's board, in English and Spanish", async () => {
    const radiantUser = await userWithRole(app, t.ctx, cid, 'officer', 'Ana');
    const direUser = await userWithRole(app, t.ctx, cid, 'member', 'Bruno');
    const radiant = await captain(radiantUser.cookie, 'en-GB');
    const dire = await captain(direUser.cookie, 'es-ES');

    await radiant.goto(`${base}/c/${cid}/dota/draft`);
    await radiant.getByTestId('draft-mode').selectOption('captains_mode');
    await radiant.screenshot({ path: path.join(artifacts, 'dota-draft-lobby.png') });
    await radiant.getByTestId('open-room').click();
    await radiant.waitForURL(/room=/);
    const url = radiant.url();
    await radiant.getByTestId('take-radiant').click();
    await radiant.getByTestId('team-radiant').getByText('You').waitFor();

    await dire.goto(url);
    await dire.getByTestId('take-dire').click();
    // The draft starts: radiant (first pick) bans first.
    await radiant.getByTestId('lock-in').waitFor();
    expect(await dire.getByTestId('turn').textContent()).toContain('Radiant');

    await play(radiant, dire, AXE, 'radiant', 'ban');
    expect(await dire.getByTestId(`hero-${AXE}`).getAttribute('data-state')).toBe('ban-radiant');
    // Not dire's turn on radiant's board: its heroes are not selectable.
    expect(await radiant.getByTestId(`hero-${LION}`).isDisabled()).toBe(true);
    await play(dire, radiant, LION, 'dire', 'ban');
    await play(dire, radiant, PUDGE, 'dire', 'ban');
    // Undo dire's last ban from dire's board; radiant's board loses it.
    await dire.getByTestId('undo').click();
    await radiant.getByTestId(`ban-dire-${PUDGE}`).waitFor({ state: 'detached' });
    await play(dire, radiant, PUDGE, 'dire', 'ban');
    // The remaining first-phase bans (radiant, dire, dire, radiant), then the first two picks.
    await play(radiant, dire, 1, 'radiant', 'ban');
    await play(dire, radiant, 5, 'dire', 'ban');
    await play(dire, radiant, 7, 'dire', 'ban');
    await play(radiant, dire, 8, 'radiant', 'ban');
    await play(radiant, dire, 3, 'radiant', 'pick');
    expect(await dire.getByTestId(`pick-radiant-3`).textContent()).toBe('Bane');
    // Dire picks from a suggestion: the list is dire's, with reasons against radiant's pick.
    const suggestions = dire.getByTestId('suggestions');
    await suggestions.getByText('contrarresta a Bane').first().waitFor();
    await dire.getByTestId('suggestion-4').click();
    await dire.getByTestId('lock-in').click();
    await radiant.getByTestId('pick-dire-4').waitFor();

    for (const p of [radiant, dire]) await p.evaluate(() => window.scrollTo(0, 0));
    await radiant.screenshot({ path: path.join(artifacts, 'dota-draft-radiant-en.png'), fullPage: true });
    await dire.screenshot({ path: path.join(artifacts, 'dota-draft-dire-es.png'), fullPage: true });
    await radiant.setViewportSize({ width: 390, height: 844 });
    await radiant.screenshot({ path: path.join(artifacts, 'dota-draft-phone.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});
