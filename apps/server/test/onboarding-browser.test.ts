/**
 * The first hour in Debian's Chromium against a real server (in process, on a loopback port):
 * a fresh install's owner creates the first community and lands in it; each community shows the
 * pages of its own game; an invite link makes a stranger a member once, and a used or expired
 * link says so. Screenshots land in `.artifacts/`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { createInvite } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import { createLoginToken, createUser } from '../src/modules/identity';
import { launchChromium, requireChromium } from './chromium';
import {
  browserSessionCookie,
  createTestContext,
  makeCommunity,
  ownerCookie,
  type TestContext,
} from './helpers';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const webDist = path.join(root, 'apps/web/dist');
const artifacts = path.join(root, '.artifacts');
const desktop = { width: 1440, height: 900 };
const phone = { width: 390, height: 844 };

let t: TestContext;
let app: Awaited<ReturnType<typeof buildApp>>;
let base: string;
let browser: Browser;
let owner: string;

async function browse(
  cookie: string | null,
  locale = 'en-GB',
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ locale, viewport: desktop });
  if (cookie) {
    await context.addCookies([browserSessionCookie(cookie, base)]);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    // A 401/410 answer the page shows on purpose is logged by Chromium as a failed resource.
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return { context, page, errors };
}

async function shoot(page: Page, name: string) {
  fs.mkdirSync(artifacts, { recursive: true });
  for (const [label, size] of [
    ['desktop', desktop],
    ['phone', phone],
  ] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: path.join(artifacts, `onboarding-${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(desktop);
}

const navLabels = (page: Page) => page.locator('header nav:visible a').allTextContents();

beforeAll(async () => {
  requireChromium();
  t = await createTestContext({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  if (!fs.existsSync(path.join(webDist, 'index.html')))
    execFileSync('npm', ['run', 'build', '-w', '@guildhall/web'], { cwd: root, stdio: 'pipe' });
  app = await buildApp(t.ctx, { webDist });
  await app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  owner = await ownerCookie(app, t.ctx);
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await t?.close();
});

describe('the first hour, in Chromium', () => {
  it('a fresh install’s owner creates the first community and lands in it', async () => {
    const { context, page, errors } = await browse(owner);
    await page.goto(`${base}/`);
    await page.getByTestId('create-community').waitFor();
    expect(await page.locator('h1').first().textContent()).toBe('Create your first community');
    expect(await page.getByTestId('no-community').count()).toBe(0);

    await page.getByTestId('game-wow').check();
    await page.getByLabel('Name').fill('Silver Hand');
    await page.getByLabel('Region').selectOption('eu');
    await page.getByLabel(/^Realm/).fill('Silverm');
    // The realm table answers the autocomplete.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('#realm-options option')].some(
        (o) => (o as HTMLOptionElement).value === 'Silvermoon',
      ),
    );
    await page.getByLabel(/^Realm/).fill('Silvermoon');
    await page.getByLabel('Time zone').selectOption('Europe/Madrid');
    await page.locator('#community-language').selectOption('es');
    await page.getByTestId('module-telemetry').uncheck();
    await shoot(page, 'create-first');
    await page.getByTestId('create-community-submit').click();

    await page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
    const cid = page.url().split('/c/')[1]!;
    const card = await app.inject({ url: `/api/v1/communities/${cid}`, headers: { cookie: owner } });
    expect(card.json()).toMatchObject({
      name: 'Silver Hand',
      game: 'wow',
      region: 'eu',
      realm: 'Silvermoon',
      timezone: 'Europe/Madrid',
      language: 'es',
    });
    expect(card.json().modules).toEqual(['wow', 'activity', 'events', 'admin']);
    await page.locator('h1', { hasText: 'Silver Hand' }).waitFor();
    // Left out at creation: no raid logs in its navigation.
    expect(await navLabels(page)).not.toContain('Raid logs');
    await shoot(page, 'landed');
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('shows each community the pages of its own game, and its game’s home', async () => {
    const osrs = await makeCommunity(t.ctx, { name: 'Falador Knights', game: 'osrs' });
    const dota = await makeCommunity(t.ctx, { name: 'Radiant Five', game: 'dota' });
    const wow = await makeCommunity(t.ctx, { name: 'Los Centinelas', game: 'wow' });
    const { context, page, errors } = await browse(owner);

    await page.goto(`${base}/c/${osrs.id}`);
    await page.waitForURL(`${base}/c/${osrs.id}/osrs`);
    await page.locator('header nav:visible a').first().waitFor();
    const osrsNav = await navLabels(page);
    expect(osrsNav).toEqual(['Clan', 'Events', 'Admin']);
    for (const wowOnly of ['Mythic+', 'Raid', 'Roster', 'Raid logs', 'Home'])
      expect(osrsNav).not.toContain(wowOnly);
    // A WoW page's address in an OSRS clan is refused, not shown with WoW data.
    await page.goto(`${base}/c/${osrs.id}/mythic-plus`);
    await page.getByTestId('page-denied').waitFor();
    await page.goto(`${base}/c/${osrs.id}`);
    await page.waitForURL(`${base}/c/${osrs.id}/osrs`);
    await shoot(page, 'nav-osrs');

    await page.goto(`${base}/c/${dota.id}`);
    await page.waitForURL(`${base}/c/${dota.id}/dota/draft`);
    await page.locator('header nav:visible a').first().waitFor();
    const dotaNav = await navLabels(page);
    expect(dotaNav).not.toContain('Mythic+');
    expect(dotaNav).not.toContain('Raid');
    expect(dotaNav[0]).toBe('Draft');

    await page.goto(`${base}/c/${wow.id}`);
    await page.locator('header nav:visible a').first().waitFor();
    const wowNav = await navLabels(page);
    expect(wowNav).toEqual(['Home', 'Roster', 'Mythic+', 'Raid', 'Raid logs', 'Events', 'Admin']);
    expect(page.url()).toBe(`${base}/c/${wow.id}`);
    await shoot(page, 'nav-wow');

    // The switcher reaches every community and a new one; Admin is in the shell.
    const switcher = page.getByTestId('community-switcher');
    expect(await switcher.locator('option').allTextContents()).toEqual(
      expect.arrayContaining(['Falador Knights', 'Radiant Five', 'Los Centinelas', '+ New community']),
    );
    await switcher.selectOption({ label: 'Falador Knights' });
    await page.waitForURL(`${base}/c/${osrs.id}/osrs`);
    await page.locator('header nav:visible a', { hasText: 'Admin' }).click();
    await page.waitForURL(`${base}/c/${osrs.id}/admin`);
    await page.getByTestId('admin-members').waitFor();
    // The clan's admin has no WoW tabs (the addon's recorders, the WoW purge), even by address.
    const adminTabs = await page.getByRole('tab').allTextContents();
    expect(adminTabs).toContain('Invite links');
    expect(adminTabs).not.toContain('Recorders');
    expect(adminTabs).not.toContain('The Purge');
    await page.goto(`${base}/c/${osrs.id}/admin?tab=recorders`);
    await page.getByTestId('admin-members').waitFor();

    // The installation owner sets where ops alerts go; the page shows it masked from then on.
    await page.goto(`${base}/c/${osrs.id}/admin?tab=settings`);
    // The clan's own settings have no WoW realm, region or WoW public pages.
    await page.locator('#set-name').waitFor();
    expect(await page.locator('#set-realm').count()).toBe(0);
    expect(await page.getByText('Mythic+ leaderboard').count()).toBe(0);
    const ops = page.getByTestId('ops-alerts');
    await ops
      .locator('#ops-webhook')
      .fill('https://discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz0123');
    await ops.locator('#ops-language').selectOption('es');
    await ops.getByRole('button', { name: 'Save' }).click();
    await ops.getByText('Alerts go to').waitFor();
    expect(await ops.textContent()).not.toContain('abcdefghijklmnopqrstuvwxyz0123');
    await shoot(page, 'ops-alerts');
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);

  it('an invite link makes a stranger a member once; a used or expired link says so', async () => {
    const guild = await makeCommunity(t.ctx, { name: 'Invite Guild', game: 'wow' });
    const officerView = await browse(owner);
    await officerView.page.goto(`${base}/c/${guild.id}/admin?tab=invites`);
    await officerView.page.getByTestId('admin-invites').waitFor();
    await officerView.page.getByLabel('Role').selectOption('member');
    await officerView.page.getByTestId('create-invite').click();
    const url = (await officerView.page.getByTestId('new-invite-url').textContent())!;
    expect(url).toMatch(new RegExp(`^${base}/invite/[\\w-]{40,}$`));
    await officerView.page.locator('[data-testid="invite-row"][data-state="open"]').waitFor();
    await shoot(officerView.page, 'invites-admin');

    // A second browser, not signed in: sees the invite, signs in with a login link, accepts.
    const stranger = await createUser(t.ctx.db, { displayName: 'Nova Stranger', isInstanceOwner: false });
    const loginLink = `${base}/auth/login?token=${await createLoginToken(t.ctx.db, stranger.id)}`;
    const guest = await browse(null);
    await guest.page.goto(url);
    await guest.page.getByTestId('invite-open').waitFor();
    expect(await guest.page.getByTestId('invite-community').textContent()).toBe('Invite Guild');
    await shoot(guest.page, 'invite-open');
    await guest.page.getByTestId('invite-signin').click();
    await guest.page.waitForURL(/\/signin/);
    await guest.page.locator('#login-link').fill(loginLink);
    await guest.page.locator('#login-link').press('Enter');
    // The sign-in ends on `/`, which sends the user back to the invite.
    await guest.page.getByTestId('invite-accept').waitFor();
    await guest.page.getByTestId('invite-accept').click();
    await guest.page.waitForURL(`${base}/c/${guild.id}`);
    const me = await guest.page.evaluate(() => fetch('/api/v1/me').then((r) => r.json()));
    expect(me.communities).toEqual([{ id: guild.id, name: 'Invite Guild', role: 'member' }]);
    await guest.page.locator('header nav:visible a', { hasText: 'Roster' }).waitFor();
    expect(guest.errors).toEqual([]);

    // The officer's list shows who used it.
    await officerView.page.reload();
    await officerView.page.locator('[data-testid="invite-row"][data-state="used"]').waitFor();
    expect(await officerView.page.locator('[data-testid="invite-row"]').first().textContent()).toContain(
      'Nova Stranger',
    );

    // Used: a third person gets a clear page, and no membership.
    const late = await browse(null);
    await late.page.goto(url);
    await late.page.locator('[data-testid="invite-unusable"][data-state="used"]').waitFor();
    expect(await late.page.locator('h1').first().textContent()).toBe(
      'This invite link has already been used',
    );
    await shoot(late.page, 'invite-used');

    // Expired: made two days ago for an hour.
    const old = await createInvite(
      t.ctx,
      guild.id,
      { role: 'officer', expiresInHours: 1 },
      cliActor,
      new Date(Date.now() - 2 * 86_400_000),
    );
    await late.page.goto(`${base}/invite/${old.token}`);
    await late.page.locator('[data-testid="invite-unusable"][data-state="expired"]').waitFor();
    expect(await late.page.locator('h1').first().textContent()).toBe('This invite link has expired');
    await shoot(late.page, 'invite-expired');
    expect(late.errors).toEqual([]);
    for (const b of [officerView, guest, late]) await b.context.close();
  }, 240_000);
});
