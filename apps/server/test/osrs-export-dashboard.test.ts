import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportStaticDashboard } from '../src/modules/osrs';
import { launchChromium, requireChromium } from './chromium';
import { createTestContext, makeCommunity, type TestContext } from './helpers';
import { HOSTILE, NOW, seedClan } from './osrs-export-fixtures';

const artifacts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../.artifacts');

describe('static OSRS dashboard', () => {
  let t: TestContext;
  let browser: Browser;
  let file: string;
  let communityId: string;

  beforeAll(async () => {
    requireChromium();
    t = await createTestContext();
    communityId = (await seedClan(t.ctx)).id;
    file = (await exportStaticDashboard(t.ctx, communityId, { now: NOW })).path;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('is written under the data directory, with a time-stamped copy, and needs nothing from outside', () => {
    expect(file).toBe(path.join(t.dataDir, 'exports', 'osrs', communityId, 'dashboard.html'));
    const files = fs.readdirSync(path.dirname(file)).sort();
    expect(files).toEqual(['dashboard-2026-11-30T12-00-00-000Z.html', 'dashboard.html']);
    const html = fs.readFileSync(file, 'utf8');
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('<html lang="es">');
  });

  it('shows the seeded numbers offline in Chromium, in Spanish, the hostile name as text', async () => {
    const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    await context.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.request().url().startsWith('file:') ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      return d.dismiss();
    });
    await page.goto(pathToFileURL(file).href);

    expect(await page.locator('h1').textContent()).toBe('Los <b>Guardianes</b>');
    expect(await page.locator('#top-xp-7 h2').textContent()).toBe('Más XP, 7 días');

    // Top XP over 7 days: the hostile name leads with 800 000, shown as text.
    const first7 = page.locator('#top-xp-7 tbody tr').first();
    expect(await first7.locator('.name').textContent()).toBe(HOSTILE);
    expect(await first7.locator('.num').getAttribute('data-value')).toBe('800000');
    expect(await page.locator('#top-xp-30 tbody tr .name').allTextContents()).toEqual([
      'Zezima',
      HOSTILE,
      'Lynx Titan',
    ]);
    // Messages in the last 30 days only (the 999 of September are out).
    expect(await page.locator('#top-messages tbody tr .num').first().getAttribute('data-value')).toBe('40');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();

    // The heatmap's busiest cell: Wednesday (3) at 19:00 Madrid time, 50 messages.
    const cells = await page
      .locator('#heatmap rect')
      .evaluateAll((rs) =>
        rs.map(
          (r) =>
            [
              r.getAttribute('data-dow'),
              r.getAttribute('data-hour'),
              Number(r.getAttribute('data-count')),
            ] as const,
        ),
      );
    expect(cells).toHaveLength(7 * 24);
    const max = cells.reduce((a, b) => (b[2] > a[2] ? b : a));
    expect(max).toEqual(['3', '19', 50]);
    expect(cells.find(([d, h]) => d === '6' && h === '0')?.[2]).toBe(9);
    expect(cells.reduce((s, c) => s + c[2], 0)).toBe(66);

    // 30 days of history; XP on the 28th is Zezima's 300 000 between his two snapshots.
    const xpBars = page.locator('#history-xp rect');
    expect(await xpBars.count()).toBe(30);
    expect(await xpBars.last().getAttribute('data-day')).toBe('2026-11-30');
    expect(await page.locator('#history-xp rect[data-day="2026-11-28"]').getAttribute('data-value')).toBe(
      '300000',
    );
    expect(
      await page.locator('#history-messages rect[data-day="2026-11-25"]').getAttribute('data-value'),
    ).toBe('50');

    // A dot per active member; boss podiums from the latest snapshots.
    expect(await page.locator('#scatter circle').count()).toBe(3);
    const zulrah = page.locator('#bosses tr[data-boss="zulrah"] .name');
    expect(await zulrah.allTextContents()).toEqual([HOSTILE, 'Zezima']);
    expect(await page.locator('#bosses tr[data-boss="vorkath"] .num').getAttribute('data-value')).toBe('20');

    const data = JSON.parse((await page.locator('#dashboard-data').textContent()) ?? '{}');
    expect(data.topXp7[0]).toEqual({ name: HOSTILE, value: 800_000 });

    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'osrs-dashboard.png'), fullPage: true });
    expect(errors).toEqual([]);
    expect(requests.every((u) => u.startsWith('file:'))).toBe(true);
    await context.close();
  });

  it('speaks English for an English clan, and says when there is nothing yet', async () => {
    const empty = await makeCommunity(t.ctx, { game: 'osrs', language: 'en' });
    const html = fs.readFileSync((await exportStaticDashboard(t.ctx, empty.id, { now: NOW })).path, 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Top XP, 7 days');
    expect(html).toContain('No data yet');
  });
});
