import fs from 'node:fs';
import path from 'node:path';
import { isSpecOfClass, WOW_MAX_LEVEL } from '@guildhall/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NAME, runOperation } from '../src/cli/operations';
import { offline } from './fakes/server';
import { createTestApp, ownerCookie, type TestApp } from './helpers';

/**
 * `guildhall seed --demo`, fresh, read as a WoW player and an officer would: real specs,
 * scores only at max level, "online now" current, admin pages with something to show, and
 * the README describing what it seeds.
 */
let t: TestApp;
let communityId: string;
let owner: string;
let seededAt: number;

type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] => (result as { rows: Row[] }).rows;

/** A year of history through the real ingestion: minutes on a loaded two-core machine. */
const SEED_TIMEOUT = 1_500_000;

beforeAll(async () => {
  t = await createTestApp({ env: offline });
  seededAt = Date.now();
  const [, id] = await runOperation(t.ctx, 'seed', { demo: true });
  communityId = id!;
  owner = await ownerCookie(t.app, t.ctx);
}, SEED_TIMEOUT);
afterAll(() => t.close());

const get = async (url: string) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/v1/communities/${communityId}${url}`,
    headers: { cookie: owner },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

describe('the seeded demo', () => {
  it('gives every character a spec its class has', async () => {
    const rows = rowsOf(
      await t.ctx.db.execute(
        sql`select name, class, spec from characters where community_id = ${communityId}`,
      ),
    );
    expect(rows.length).toBeGreaterThan(100);
    const impossible = rows.filter((r) => r.spec !== null && !isSpecOfClass(String(r.class), String(r.spec)));
    expect(impossible).toEqual([]);
    // Nearly everyone has a spec: the seed's "sync" filled them.
    expect(rows.filter((r) => r.spec !== null).length).toBeGreaterThan(rows.length * 0.9);
    const parses = rowsOf(
      await t.ctx.db.execute(sql`
        select c.class, p.spec from wow_parses p join characters c on c.id = p.character_id
        where p.community_id = ${communityId}`),
    );
    expect(parses.length).toBeGreaterThan(0);
    expect(parses.filter((r) => r.spec !== null && !isSpecOfClass(String(r.class), String(r.spec)))).toEqual(
      [],
    );
  });

  it('has no Mythic+ score below the level cap', async () => {
    const below = rowsOf(
      await t.ctx.db.execute(sql`
        select distinct c.name, c.level from character_scores s join characters c on c.id = s.character_id
        where c.community_id = ${communityId} and c.level < ${WOW_MAX_LEVEL}`),
    );
    expect(below).toEqual([]);
    const roster = await get('/roster?limit=500');
    const scored = roster.items.filter((i: { score: number | null }) => i.score !== null);
    expect(scored.length).toBeGreaterThan(20);
    expect(scored.every((i: { level: number }) => i.level === WOW_MAX_LEVEL)).toBe(true);
  });

  it('ends at the moment of seeding: online now is current and agrees with the roster', async () => {
    const kpis = await get('/kpis');
    expect(kpis.onlineCurrent).toBe(true);
    expect(kpis.onlineNow).toBeGreaterThan(0);
    expect(Date.parse(kpis.onlineAt)).toBeGreaterThanOrEqual(seededAt - 60_000);
    expect(Date.parse(kpis.lastUploadAt)).toBeGreaterThanOrEqual(seededAt);
    const online = await get('/roster?online=true&limit=500');
    expect(online.total).toBeGreaterThan(0);
    expect(online.total).toBeLessThanOrEqual(kpis.onlineNow);
    const team = await get('/dashboard/team-candidates');
    expect(team.items.some((c: { online: boolean }) => c.online)).toBe(true);
  });

  it('gives the admin pages something to show: members with roles, purge candidates, readable audit entries', async () => {
    const memberships = await get('/memberships');
    const roles = new Set(memberships.items.map((m: { role: string }) => m.role));
    expect([...roles]).toEqual(expect.arrayContaining(['officer', 'member']));
    const purge = await get('/dashboard/purge');
    expect(purge.members.length).toBeGreaterThan(0);
    const audit = await get('/audit?limit=100');
    const granted = audit.items.filter((e: { action: string }) => e.action === 'membership.update');
    expect(granted.length).toBe(memberships.items.length);
    // Details are small flat facts ("role: officer"), which the audit page lists as key/value lines.
    expect(granted[0].details).toEqual({ role: expect.stringMatching(/^(officer|member)$/) });
  });

  it('is what the README says it seeds', async () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    expect(readme).toContain(DEMO_NAME.replace(' (demo)', ''));
    const said = /~(\d+) members/.exec(readme);
    expect(said).not.toBeNull();
    const n = Number(
      rowsOf(
        await t.ctx.db.execute(
          sql`select count(*)::int as n from members where community_id = ${communityId}`,
        ),
      )[0]!.n,
    );
    expect(Math.abs(n - Number(said![1])), `the demo has ${n} members`).toBeLessThanOrEqual(5);
    const accounts = /(\d+) accounts with roles/.exec(readme);
    expect(Number(accounts?.[1])).toBe((await get('/memberships')).items.length);
  });
});
