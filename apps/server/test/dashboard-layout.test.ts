/**
 * Every page of the dashboard in Debian's Chromium, in English and Spanish, against a server
 * with data in every module (a WoW guild with the demo's telemetry and events, an OSRS clan,
 * a dota team): at phone width (390 px) no page overflows the screen and no text is drawn
 * over other text; at desktop width the same; and the Spanish dashboard shows no English.
 * Screenshots land in `.artifacts/layout/`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOTA_HEROES } from '@guildhall/contracts';
import { eq } from 'drizzle-orm';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminTabs } from '../../web/src/admin-tabs';
import { en } from '../../web/src/i18n/en';
import { es } from '../../web/src/i18n/es';
import { gameNamesEs } from '../../web/src/i18n/game-names';
import { linkedAccounts, users } from '../src/modules/identity/identity.tables';
import { modules } from '../src/modules/registry';
import { seedWowDemo } from '../src/modules/wow/demo';
import { launchChromium, requireChromium } from './chromium';
import { AXE, fakeDotaServices, LION } from './dota-graphql-fixtures';
import { type GraphqlHarness, graphqlApp } from './dota-graphql-harness';
import { makeCommunity, ownerCookie, userWithRole } from './helpers';
import { assertLayout, englishMatcher, visibleTexts } from './layout-checks';
import { seedLiveClan } from './osrs-web-fixtures';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const artifacts = path.join(root, '.artifacts/layout');
const phone = { width: 390, height: 844 };
const desktop = { width: 1440, height: 900 };
const WAIT = 120_000;
/**
 * `npm run screenshots` sets this to docs/: the README's pictures are taken here, from the
 * dashboard as it is (one screen's height each, to keep the files small).
 */
const docs = process.env.GUILDHALL_SCREENSHOTS_DIR
  ? path.resolve(root, process.env.GUILDHALL_SCREENSHOTS_DIR)
  : null;
const docShots = new Set(['home-desktop', 'home-phone', 'profile-phone', 'mythic-plus-desktop']);
const STEAM_ID = '76561198000000001';
const ACCOUNT_ID = 39_734_273;

let t: GraphqlHarness;
let browser: Browser;
let base: string;
let owner: string;
let dotaMember: string;
let webDist: string;
/** Texts the fixture wrote as a community would (names, titles): not the dashboard's own words. */
const written = new Set<string>();
const pages: { name: string; url: string; cookie: () => string }[] = [];

async function get<T>(url: string): Promise<T> {
  const res = await t.app.inject({ method: 'GET', url, headers: { cookie: owner } });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

async function open(cookie: string, lang: 'en' | 'es', viewport: typeof phone): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale: lang === 'es' ? 'es-ES' : 'en-GB' });
  const [name, value] = cookie.split(/=(.*)/s) as [string, string];
  await context.addCookies([{ name, value, url: base }]);
  await context.addInitScript((l) => localStorage.setItem('guildhall.lang', l), lang);
  context.setDefaultTimeout(WAIT);
  return context;
}

/** Opens a page and waits until its data has arrived and no spinner is left. */
async function settle(page: Page, url: string): Promise<void> {
  await page.goto(`${base}${url}`);
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(
    () =>
      !document.querySelector('[aria-busy="true"], [role="status"] .animate-spin') &&
      (document.querySelector('main')?.textContent ?? '').trim().length > 0,
  );
  await page.evaluate(() => window.scrollTo(0, 0));
}

describe('every page at phone and desktop width, in English and Spanish', () => {
  beforeAll(async () => {
    requireChromium();
    // A build of the dashboard as it is now; GUILDHALL_TEST_WEB_DIST reuses one built by hand.
    webDist =
      process.env.GUILDHALL_TEST_WEB_DIST ?? fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-web-layout-'));
    if (!process.env.GUILDHALL_TEST_WEB_DIST)
      execFileSync('npx', ['vite', 'build', '--outDir', webDist, '--emptyOutDir', '--logLevel', 'error'], {
        cwd: path.join(root, 'apps/web'),
        stdio: 'pipe',
      });
    t = await graphqlApp(
      fakeDotaServices({
        personal: {
          [ACCOUNT_ID]: [
            { heroId: AXE, score: 0.31, games: 64, wins: 41, expectedWins: 34.2 },
            { heroId: LION, score: 0.12, games: 38, wins: 22, expectedWins: 20.1 },
          ],
        },
      }),
      { webDist, env: { PUBLIC_URL: '' } },
    );
    // A WoW guild filled by every module's demo seed (a smaller guild than the real demo's).
    const wow = await makeCommunity(t.ctx, { name: 'Los Centinelas', language: 'es' });
    for (const m of modules) {
      if (m.name === 'wow')
        await seedWowDemo(t.ctx, wow.id, { members: 40, days: 30, snapshots: 30 * 144, weeks: 2 });
      else await m.seedDemo?.(t.ctx, wow.id);
    }
    const osrs = await seedLiveClan(t.ctx);
    const dota = await makeCommunity(t.ctx, { game: 'dota', name: 'Ancient Defenders' });
    owner = await ownerCookie(t.app, t.ctx);
    // The owner's display name shows in the header: a name, not the English word "Owner".
    await t.ctx.db.update(users).set({ displayName: 'Aldraz' }).where(eq(users.isInstanceOwner, true));
    const linked = await userWithRole(t.app, t.ctx, dota.id, 'member', 'Linked Lina');
    await t.ctx.db
      .insert(linkedAccounts)
      .values({ userId: linked.userId, provider: 'steam', providerAccountId: STEAM_ID });
    dotaMember = linked.cookie;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;

    const w = `/c/${wow.id}`;
    const top = await get<{ items: { id: string }[] }>(
      `/api/v1/communities/${wow.id}/roster?sort=score&dir=desc&limit=1`,
    );
    const raids = await get<{ items: { raidId: string }[] }>(`/api/v1/communities/${wow.id}/telemetry/raids`);
    const raidId = raids.items[0]?.raidId;
    const raid = raidId
      ? await get<{ pulls: { pullId: string }[] }>(`/api/v1/communities/${wow.id}/telemetry/raids/${raidId}`)
      : null;
    const events = await get<{ items: { id: string }[] }>(`/api/v1/communities/${wow.id}/events`);
    // What the community wrote is shown as written: the demo's event titles and descriptions,
    // the clan's member names and Wise Old Man ranks (Old School RuneScape has no Spanish client).
    for (const e of events.items) {
      const detail = await get<{ title: string; description: string }>(
        `/api/v1/communities/${wow.id}/events/${e.id}`,
      );
      written.add(detail.title);
      for (const line of detail.description.split('\n')) written.add(line.trim());
    }
    const clan = await get<{ items: { name: string; role: string }[] }>(
      `/api/v1/communities/${osrs.id}/osrs/roster`,
    );
    for (const m of clan.items) written.add(m.name).add(m.role);
    // Dota 2 keeps its heroes' English names in every language.
    for (const h of DOTA_HEROES) written.add(h.localizedName);
    const byOwner = () => owner;
    const add = (name: string, url: string, cookie = byOwner) => pages.push({ name, url, cookie });
    add('home', w);
    add('roster', `${w}/roster`);
    add('profile', `${w}/members/${top.items[0]!.id}`);
    add('mythic-plus', `${w}/mythic-plus`);
    add('raid', `${w}/raid`);
    add('logs', `${w}/logs`);
    if (raidId) add('logs-raid', `${w}/logs/${raidId}`);
    if (raidId && raid?.pulls[0]) add('logs-pull', `${w}/logs/${raidId}/pulls/${raid.pulls[0].pullId}`);
    add('events', `${w}/events`);
    if (events.items[0]) add('event', `${w}/events/${events.items[0].id}`);
    add('events-catalogue', `${w}/events/catalogue`);
    add('events-championships', `${w}/events/championships`);
    add('events-tickets', `${w}/events/tickets`);
    for (const tab of adminTabs) add(`admin-${tab}`, `${w}/admin?tab=${tab}`);
    add('osrs', `/c/${osrs.id}/osrs`);
    add('osrs-roster', `/c/${osrs.id}/osrs/roster`);
    add('osrs-purge', `/c/${osrs.id}/osrs/purge`);
    add('dota-draft', `/c/${dota.id}/dota/draft`, () => dotaMember);
    add('dota-explorer', `/c/${dota.id}/dota/explorer?hero=${AXE}`, () => dotaMember);
    add('dota-my-heroes', `/c/${dota.id}/dota/my-heroes`, () => dotaMember);
    add('signin', '/signin');
    browser = await launchChromium();
    fs.mkdirSync(artifacts, { recursive: true });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (webDist && !process.env.GUILDHALL_TEST_WEB_DIST) fs.rmSync(webDist, { recursive: true, force: true });
  });

  for (const lang of ['en', 'es'] as const) {
    for (const [label, viewport] of [
      ['phone', phone],
      ['desktop', desktop],
    ] as const) {
      it(`lays out every page without overflow or overlapping text (${label}, ${lang})`, async () => {
        const problems: string[] = [];
        const contexts = new Map<string, BrowserContext>();
        const errors: string[] = [];
        const watched = new Set<Page>();
        try {
          for (const p of pages) {
            const cookie = p.cookie();
            if (!contexts.has(cookie)) contexts.set(cookie, await open(cookie, lang, viewport));
            const page = contexts.get(cookie)!.pages()[0] ?? (await contexts.get(cookie)!.newPage());
            if (!watched.has(page)) {
              watched.add(page);
              page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
            }
            await settle(page, p.url);
            await page.screenshot({
              path: path.join(artifacts, `${p.name}-${label}-${lang}.png`),
              fullPage: true,
            });
            if (docs && docShots.has(`${p.name}-${label}`))
              await page.screenshot({ path: path.join(docs, `${p.name}-${label}-${lang}.png`) });
            await assertLayout(page, p.name).catch((e: Error) => problems.push(e.message));
            // The activity heatmaps show all 24 hours at once, evening included, without scrolling.
            const lastHour = await page
              .locator('[data-testid$="heatmap"] [data-hour="23"]')
              .evaluateAll((els) =>
                els.map((e) => e.getBoundingClientRect().right - document.documentElement.clientWidth),
              );
            if (lastHour.some((past) => past > 0))
              problems.push(`${p.name}: the heatmap's 23:00 column is off-screen`);
            if (p.name === 'home' || p.name === 'osrs') expect(lastHour.length).toBe(7);
          }
        } finally {
          for (const c of contexts.values()) await c.close();
        }
        expect(errors).toEqual([]);
        expect(problems.join('\n')).toBe('');
      }, 900_000);
    }
  }

  it('shows no English in the Spanish dashboard', async () => {
    // The game's names the web layer translates (specs, dungeons, raids) count as catalogue values too.
    const gameEn = Object.fromEntries(
      Object.entries(gameNamesEs).map(([k, v]) => [k, Object.fromEntries(Object.keys(v).map((n) => [n, n]))]),
    );
    const english = englishMatcher({ ...en, game: gameEn }, { ...es, game: gameNamesEs });
    // The matcher itself must let every Spanish catalogue value through.
    const walk = (v: unknown): string[] =>
      typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(walk) : [];
    expect(
      walk(es)
        .filter((s) => english(s) !== null)
        .map((s) => `${s}: ${english(s)}`),
    ).toEqual([]);
    const found: string[] = [];
    const contexts = new Map<string, BrowserContext>();
    try {
      for (const p of pages) {
        const cookie = p.cookie();
        if (!contexts.has(cookie)) contexts.set(cookie, await open(cookie, 'es', desktop));
        const page = contexts.get(cookie)!.pages()[0] ?? (await contexts.get(cookie)!.newPage());
        await settle(page, p.url);
        for (const box of await visibleTexts(page)) {
          // The audit log's details are the stored data, marked translate="no" by the page.
          if (written.has(box.text) || box.stored) continue;
          const why = english(box.text);
          if (why) found.push(`${p.name}: "${box.text}" (${box.where}): ${why}`);
        }
      }
    } finally {
      for (const c of contexts.values()) await c.close();
    }
    expect([...new Set(found)]).toEqual([]);
  }, 900_000);
});
