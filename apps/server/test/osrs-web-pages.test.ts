/**
 * The live OSRS pages in Debian's Chromium against a real server (in process, on a loopback
 * port) with a seeded clan: every number shown is checked against the API the page reads, in
 * English and Spanish; screenshots at desktop and phone width land in `.artifacts/`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TOsrsDashboard, TOsrsPurge, TOsrsRoster } from '@guildhall/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { launchChromium, requireChromium } from './chromium';
import {
  browserSessionCookie,
  createTestContext,
  ownerCookie,
  type TestContext,
  userWithRole,
} from './helpers';
import { seedLiveClan } from './osrs-web-fixtures';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const webDist = path.join(root, 'apps/web/dist');
const artifacts = path.join(root, '.artifacts');
const desktop = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };

let t: TestContext;
let app: Awaited<ReturnType<typeof buildApp>>;
let base: string;
let cid: string;
let browser: Browser;
let owner: string;
let member: string;

async function signedIn(
  cookie: string,
  locale: string,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale, viewport: desktop, acceptDownloads: true });
  await context.addCookies([browserSessionCookie(cookie, base)]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return { context, page, errors };
}

async function read<T>(url: string): Promise<T> {
  const res = await app.inject({
    method: 'GET',
    url: `/api/v1/communities/${cid}/osrs/${url}`,
    headers: { cookie: owner },
  });
  expect(res.statusCode).toBe(200);
  return res.json() as T;
}

async function shoot(page: Page, name: string, ready: string) {
  fs.mkdirSync(artifacts, { recursive: true });
  for (const [label, size] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    await page.setViewportSize(size);
    await page.locator(ready).first().waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(artifacts, `osrs-web-${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(desktop);
}

beforeAll(async () => {
  requireChromium();
  t = await createTestContext({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  if (!fs.existsSync(path.join(webDist, 'index.html')))
    execFileSync('npm', ['run', 'build', '-w', '@guildhall/web'], { cwd: root, stdio: 'pipe' });
  app = await buildApp(t.ctx, { webDist });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  cid = (await seedLiveClan(t.ctx)).id;
  owner = await ownerCookie(app, t.ctx);
  member = (await userWithRole(app, t.ctx, cid, 'member')).cookie;
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await t?.close();
});

const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();
const attrs = (page: Page, selector: string, attr: string) =>
  page.locator(selector).evaluateAll((els, a) => els.map((e) => e.getAttribute(a)), attr);

describe('OSRS live pages in Chromium', () => {
  it('shows the overview with the API numbers, in English then Spanish', async () => {
    const api = await read<TOsrsDashboard>('dashboard');
    for (const [locale, title, fmt] of [
      ['en-GB', 'Clan stats', new Intl.NumberFormat('en-GB')],
      ['es-ES', 'Estadísticas del clan', new Intl.NumberFormat('es-ES')],
    ] as const) {
      const { context, page, errors } = await signedIn(owner, locale);
      await page.goto(`${base}/c/${cid}/osrs`);
      await page.getByTestId('osrs-heatmap').waitFor();
      expect(await page.locator('h1').first().textContent()).toBe(title);

      const cells = await page
        .locator('[data-testid="osrs-heatmap"] [data-count]')
        .evaluateAll((els) =>
          els.map((e) => [
            Number(e.getAttribute('data-dow')),
            Number(e.getAttribute('data-hour')),
            Number(e.getAttribute('data-count')),
          ]),
        );
      expect(cells).toHaveLength(7 * 24);
      for (const [dow, hour, n] of cells) expect(n).toBe(api.heatmap[dow! - 1]![hour!]);

      expect(await attrs(page, '[data-testid="osrs-history-xp"] [data-day]', 'data-value')).toEqual(
        api.history.map((d) => String(d.xp)),
      );
      expect(await attrs(page, '[data-testid="osrs-history-messages"] [data-day]', 'data-value')).toEqual(
        api.history.map((d) => String(d.messages)),
      );
      const xp30 = api.history.reduce((s, d) => s + d.xp, 0);
      expect(await page.getByTestId('osrs-kpi-xp-value').textContent()).toBe(fmt.format(xp30));
      expect(await page.getByTestId('osrs-kpi-members-value').textContent()).toBe(
        fmt.format(api.scatter.length),
      );

      expect(await attrs(page, '[data-testid="osrs-scatter"] circle', 'data-name')).toEqual(
        api.scatter.map((p) => p.name),
      );
      for (const [id, rows] of [
        ['osrs-top-xp7', api.topXp7],
        ['osrs-top-xp30', api.topXp30],
        ['osrs-top-messages', api.topMessages],
      ] as const) {
        expect(await texts(page, `[data-testid="${id}"] [data-testid="osrs-board-name"]`)).toEqual(
          rows.map((r) => r.name),
        );
        expect(await texts(page, `[data-testid="${id}"] [data-testid="osrs-board-value"]`)).toEqual(
          rows.map((r) => fmt.format(r.value)),
        );
      }
      expect(api.bosses.map((b) => b.boss)).toEqual(['vorkath', 'zulrah']);
      expect(await texts(page, '[data-boss="zulrah"] [data-testid="osrs-boss-name"]')).toEqual(
        api.bosses[1]!.top.map((r) => r.name),
      );
      await shoot(page, `overview-${locale}`, '[data-testid="osrs-scatter"]');
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 240_000);

  it('lists the roster with each window’s gains as the API answers them, sorted and filtered', async () => {
    const api = await read<TOsrsRoster>('roster');
    const { context, page, errors } = await signedIn(owner, 'es-ES');
    const fmt = new Intl.NumberFormat('es-ES', { maximumFractionDigits: 0 });
    await page.goto(`${base}/c/${cid}/osrs/roster`);
    await page.getByTestId('osrs-roster').waitFor();
    const byXp = (p: '7' | '30') =>
      [...api.items].sort((a, b) => b.xp[p] - a.xp[p] || a.name.localeCompare(b.name));
    expect(await texts(page, '[data-testid="osrs-member-name"]')).toEqual(
      byXp('30').map((m) => `${m.name}${m.discordUserId ? '' : 'sin Discord'}`),
    );
    expect(await attrs(page, '[data-testid="osrs-member-xp"]', 'data-value')).toEqual(
      byXp('30').map((m) => String(m.xp['30'])),
    );
    expect(await attrs(page, '[data-testid="osrs-member-levels"]', 'data-value')).toEqual(
      byXp('30').map((m) => String(m.levels['30'])),
    );
    expect(await attrs(page, '[data-testid="osrs-member-messages"]', 'data-value')).toEqual(
      byXp('30').map((m) => String(m.messages['30'])),
    );
    await page.getByRole('tab', { name: '7 días' }).click();
    await page.waitForFunction(
      () => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent === '7 días',
    );
    expect(await texts(page, '[data-testid="osrs-member-xp"]')).toEqual(
      byXp('7').map((m) => fmt.format(m.xp['7'])),
    );
    expect(await attrs(page, '[data-testid="osrs-member-ehp"]', 'data-value')).toEqual(
      byXp('7').map((m) => String(m.ehp['7'])),
    );
    expect(await attrs(page, '[data-testid="osrs-member-kills"]', 'data-value')).toEqual(
      byXp('7').map((m) => String(m.bossKills['7'])),
    );
    await page.getByTestId('osrs-sort-name').click();
    expect(await attrs(page, '[data-testid="osrs-member-row"]', 'data-wom-id')).toEqual(
      [...api.items].sort((a, b) => a.name.localeCompare(b.name)).map((m) => String(m.womId)),
    );
    await page.getByTestId('osrs-roster-search').fill('lynx');
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid="osrs-member-row"]').length === 1,
    );
    await page.getByTestId('osrs-roster-search').fill('');
    await shoot(page, 'roster-es-ES', '[data-testid="osrs-member-row"]');
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('shows officers the purge candidates and downloads the Excel report; members see neither', async () => {
    const api = await read<TOsrsPurge>('purge');
    const { context, page, errors } = await signedIn(owner, 'en-GB');
    await page.goto(`${base}/c/${cid}/osrs`);
    await page.getByTestId('osrs-tab-purge').click();
    await page.getByTestId('osrs-purge').waitFor();
    expect(await attrs(page, '[data-testid="osrs-member-row"]', 'data-wom-id')).toEqual(
      api.items.map((m) => String(m.womId)),
    );
    expect(api.items.map((m) => m.name)).toEqual(['Iron Tess']);
    await shoot(page, 'purge-en-GB', '[data-testid="osrs-purge"]');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('osrs-report').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^osrs-report-.+\.xlsx$/);
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    expect(errors).toEqual([]);
    await context.close();

    const m = await signedIn(member, 'en-GB');
    await m.page.goto(`${base}/c/${cid}/osrs/roster`);
    await m.page.getByTestId('osrs-roster').waitFor();
    expect(await m.page.getByTestId('osrs-tab-purge').count()).toBe(0);
    expect(await m.page.getByTestId('osrs-report').count()).toBe(0);
    await m.page.goto(`${base}/c/${cid}/osrs/purge`);
    await m.page.getByTestId('page-denied').waitFor();
    expect(m.errors).toEqual([]);
    await m.context.close();
  }, 240_000);
});
