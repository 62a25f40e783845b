/**
 * The matchup explorer and My heroes in Chromium, against the real server whose dota services
 * are a hand-made model. Screenshots land in .artifacts/dota/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkedAccounts } from '../src/modules/identity/identity.tables';
import { launchChromium, requireChromium } from './chromium';
import { ANTI_MAGE, AXE, fakeDotaServices, LION, SNIPER } from './dota-graphql-fixtures';
import { type GraphqlHarness, graphqlApp } from './dota-graphql-harness';
import { makeCommunity, userWithRole } from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const artifacts = path.join(root, '.artifacts/dota');
const WAIT = 60_000;
/** Steam's 64-bit id of the linked player, and OpenDota's 32-bit account id of it. */
const STEAM_ID = '76561198000000042';
const ACCOUNT_ID = 39_734_314;

let t: GraphqlHarness;
let browser: Browser;
let base: string;
let cid: string;
let linkedCookie: string;
let unlinkedCookie: string;
let webDist: string;

beforeAll(async () => {
  requireChromium();
  // A build of the dashboard as it is now (a dist/ left from before might lack these pages).
  webDist = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-web-dota-'));
  execFileSync('npx', ['vite', 'build', '--outDir', webDist, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: path.join(root, 'apps/web'),
    stdio: 'pipe',
  });
  const services = fakeDotaServices({
    personal: {
      [ACCOUNT_ID]: [
        { heroId: AXE, score: 0.31, games: 64, wins: 41, expectedWins: 34.2 },
        { heroId: LION, score: 0.12, games: 38, wins: 22, expectedWins: 20.1 },
        { heroId: SNIPER, score: -0.22, games: 29, wins: 11, expectedWins: 14.3 },
      ],
    },
  });
  // No PUBLIC_URL: the browser's own address is the dashboard's origin.
  t = await graphqlApp(services, { webDist, env: { PUBLIC_URL: '' } });
  const c = await makeCommunity(t.ctx, { game: 'dota', name: 'Ancient Defenders' });
  cid = c.id;
  const linked = await userWithRole(t.app, t.ctx, cid, 'member', 'Linked Lina');
  await t.ctx.db
    .insert(linkedAccounts)
    .values({ userId: linked.userId, provider: 'steam', providerAccountId: STEAM_ID });
  linkedCookie = linked.cookie;
  unlinkedCookie = (await userWithRole(t.app, t.ctx, cid, 'member', 'Unlinked Uma')).cookie;
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
  fs.mkdirSync(artifacts, { recursive: true });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (webDist) fs.rmSync(webDist, { recursive: true, force: true });
});

async function signedIn(cookie: string, lang: 'en' | 'es'): Promise<BrowserContext> {
  const [name, value] = cookie.split('=') as [string, string];
  const context = await browser.newContext({
    viewport: { width: 1366, height: 1000 },
    locale: lang === 'es' ? 'es-ES' : 'en-GB',
  });
  await context.addCookies([{ name, value, url: base }]);
  return context;
}

describe('matchup explorer', () => {
  for (const lang of ['en', 'es'] as const) {
    it(`shows a hero's strength, counters and synergies with deltas and games (${lang})`, async () => {
      const context = await signedIn(linkedCookie, lang);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(`${base}/c/${cid}/dota/explorer?hero=${AXE}`);
      await page.getByTestId('counters-chart').waitFor({ timeout: WAIT });
      expect(await page.getByTestId('hero-select').inputValue()).toBe(String(AXE));
      // Axe's strength 0.12 log-odds is +3.0 % over an even game.
      expect(await page.getByTestId('strength-value').textContent()).toMatch(/\+3[.,]0 %/);
      const counters = await page.getByTestId('counters-chart').textContent();
      expect(counters).toContain('Anti-Mage');
      expect(counters).toMatch(/\+4[.,]5 %/); // 0.18 log-odds
      expect(counters).toContain('Juggernaut');
      expect(counters).toMatch(/−1[.,]5 %/); // −0.06
      expect(counters).toMatch(lang === 'es' ? /900 partidas/ : /900 games/);
      const synergies = await page.getByTestId('synergies-chart').textContent();
      expect(synergies).toContain('Lion');
      expect(synergies).toContain('Crystal Maiden');
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        lang === 'es' ? 'Explorador de enfrentamientos' : 'Matchup explorer',
      );
      await page.screenshot({ path: path.join(artifacts, `explorer-${lang}.png`), fullPage: true });

      await page.getByTestId('hero-select').selectOption(String(ANTI_MAGE));
      await page.waitForURL(new RegExp(`hero=${ANTI_MAGE}`), { timeout: WAIT });
      await page.waitForFunction(
        () =>
          document.querySelector('[data-testid="counters-chart"]')?.textContent?.includes('Crystal Maiden'),
        undefined,
        { timeout: WAIT },
      );
      expect(await page.getByTestId('counters-chart').textContent()).toMatch(/\+2[.,]0 %/); // 0.08 vs CM
      expect(errors).toEqual([]);
      await context.close();
    }, 180_000);
  }
});

describe('my heroes', () => {
  it('lists the linked player’s edge per hero (en and es)', async () => {
    for (const lang of ['en', 'es'] as const) {
      const context = await signedIn(linkedCookie, lang);
      const page = await context.newPage();
      await page.goto(`${base}/c/${cid}/dota/my-heroes`);
      await page.getByTestId('personal-table').waitFor({ timeout: WAIT });
      const rows = page.getByTestId('personal-row');
      expect(await rows.count()).toBe(3);
      expect(await rows.nth(0).textContent()).toContain('Axe');
      expect(await rows.nth(0).textContent()).toMatch(/\+7[.,]7 %/); // 0.31 log-odds
      expect(await rows.nth(2).textContent()).toContain('Sniper');
      expect(await rows.nth(2).textContent()).toMatch(/−5[.,]5 %/);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        lang === 'es' ? 'Mis héroes' : 'My heroes',
      );
      await page.screenshot({ path: path.join(artifacts, `my-heroes-${lang}.png`), fullPage: true });
      await context.close();
    }
  }, 180_000);

  it('asks a player without a Steam account to link one', async () => {
    const context = await signedIn(unlinkedCookie, 'en');
    const page = await context.newPage();
    await page.goto(`${base}/c/${cid}/dota/my-heroes`);
    await page.getByTestId('link-steam').waitFor({ timeout: WAIT });
    expect(await page.getByTestId('link-steam').textContent()).toContain('Link your Steam account');
    expect(await page.getByTestId('personal-table').count()).toBe(0);
    await page.screenshot({ path: path.join(artifacts, 'my-heroes-unlinked.png'), fullPage: true });
    await context.close();
  });
});
