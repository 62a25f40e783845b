import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/modules/audit';
import type { Community } from '../src/modules/communities';
import { setCredential, updateCommunity } from '../src/modules/communities';
import { createTestApp, makeCommunity, ownerCookie, type TestApp, userWithRole } from './helpers';

let t: TestApp;
let owner: string;
let community: Community;
let base: string;
const DAY = 86_400_000;
/** The community's latest activity: every read model's window ends here. */
const latest = new Date('2026-03-04T20:10:00Z'); // a Wednesday, 21:10 in Madrid

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;

interface Seeded {
  member: string;
  character: string;
}

/** A member with one (main) character, written straight into the tables the ingestion fills. */
async function addMember(
  name: string,
  opts: {
    cls?: string;
    role?: string;
    spec?: string;
    online?: boolean;
    active?: boolean;
    lastSeen?: Date;
  } = {},
): Promise<Seeded> {
  const db = t.ctx.db;
  const m = rowsOf<{ id: string }>(
    await db.execute(sql`
      insert into members (community_id, display_name, active, first_seen_at, last_seen_at, inactive_since)
      values (${community.id}, ${name}, ${opts.active ?? true}, ${new Date(latest.getTime() - 400 * DAY).toISOString()}::timestamptz,
              ${(opts.lastSeen ?? latest).toISOString()}::timestamptz,
              ${opts.active === false ? new Date(latest.getTime() - 60 * DAY).toISOString() : null}::timestamptz)
      returning id`),
  );
  const member = m[0]!.id;
  const c = rowsOf<{ id: string }>(
    await db.execute(sql`
      insert into characters (community_id, member_id, name, name_key, realm, class, spec, role, level, online,
                              last_seen_at)
      values (${community.id}, ${member}, ${`${name}-Stormvale`}, ${`${name.toLowerCase()}-stormvale`}, 'Stormvale',
              ${opts.cls ?? 'MAGE'}, ${opts.spec ?? null}, ${opts.role ?? null}, 80, ${opts.online ?? false},
              ${(opts.lastSeen ?? latest).toISOString()}::timestamptz)
      returning id`),
  );
  const character = c[0]!.id;
  await db.execute(sql`update members set main_character_id = ${character} where id = ${member}`);
  return { member, character };
}

async function addScore(character: string, score: number, at: Date) {
  await t.ctx.db.execute(sql`
    insert into character_scores (character_id, community_id, score, source, recorded_at)
    values (${character}, ${community.id}, ${score}, 'raiderio', ${at.toISOString()}::timestamptz)`);
}

async function addRun(
  character: string,
  dungeon: string,
  level: number,
  upgrades: number,
  season = 'season-tww-3',
) {
  await t.ctx.db.execute(sql`
    insert into wow_best_runs (character_id, season, dungeon, community_id, dungeon_name, level, clear_time_ms,
                               par_time_ms, upgrades, score, completed_at)
    values (${character}, ${season}, ${dungeon.slice(0, 4).toUpperCase()}, ${community.id}, ${dungeon}, ${level},
            1500000, 1800000, ${upgrades}, 300, ${latest.toISOString()}::timestamptz)`);
}

let tank: Seeded;
let healer: Seeded;
let dps: Seeded;
let gone: Seeded;
let quiet: Seeded;

beforeAll(async () => {
  t = await createTestApp();
  // The guild's latest sighting was a minute ago: its online members still are (the online window).
  t.ctx.now = () => new Date(latest.getTime() + 60_000);
  owner = await ownerCookie(t.app, t.ctx);
  community = await makeCommunity(t.ctx, { name: 'Los Centinelas' });
  base = `/api/v1/communities/${community.id}`;
  tank = await addMember('Tanky', { cls: 'WARRIOR', role: 'tank', spec: 'Protection', online: true });
  healer = await addMember('Healy', { cls: 'DRUID', role: 'healer', spec: 'Restoration' });
  dps = await addMember('Zappy', { cls: 'MAGE', role: 'dps', spec: 'Frost', online: true });
  gone = await addMember('Gone', {
    cls: 'ROGUE',
    active: false,
    lastSeen: new Date(latest.getTime() - 90 * DAY),
  });
  quiet = await addMember('Quiet', { cls: 'PRIEST', lastSeen: new Date(latest.getTime() - 45 * DAY) });

  await addScore(tank.character, 2400, new Date(latest.getTime() - 20 * DAY));
  await addScore(tank.character, 2810, new Date(latest.getTime() - 2 * DAY));
  await addScore(healer.character, 2500, new Date(latest.getTime() - 3 * DAY));
  await addScore(dps.character, 3100, new Date(latest.getTime() - 1 * DAY));
  await addScore(gone.character, 3300, new Date(latest.getTime() - 100 * DAY));

  await addRun(tank.character, 'Ara-Kara, City of Echoes', 21, 1);
  await addRun(healer.character, 'Ara-Kara, City of Echoes', 16, 2);
  await addRun(dps.character, 'Ara-Kara, City of Echoes', 12, 1);
  await addRun(dps.character, 'The Dawnbreaker', 24, 0); // depleted: not timed
  await addRun(gone.character, 'The Dawnbreaker', 25, 3); // inactive member: not listed
  await addRun(healer.character, 'The Dawnbreaker', 9, 3); // below +10
  await addRun(tank.character, 'The Dawnbreaker', 30, 3, 'season-tww-1'); // an older season

  // Three Wednesdays at 21:10 Madrid time (20:10 UTC in winter), plus a Tuesday.
  const wednesdays = [0, 7, 14].map((days) => new Date(latest.getTime() - days * DAY));
  const snapshots: [Date, number, string[]][] = [
    [wednesdays[0]!, 30, [tank.member, dps.member]],
    [wednesdays[1]!, 20, [tank.member]],
    [wednesdays[2]!, 10, [tank.member, healer.member]],
    [new Date(latest.getTime() - DAY), 99, [healer.member]],
  ];
  for (const [at, count, ids] of snapshots) {
    await t.ctx.db.execute(sql`
      insert into activity_snapshots (community_id, at, online_count, online_member_ids)
      values (${community.id}, ${at.toISOString()}::timestamptz, ${count},
              (select array_agg(x::uuid) from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) x))`);
  }
  // Presence rows at the same instants count once with the snapshot's list (a union).
  await t.ctx.db.execute(sql`
    insert into activity_presence (member_id, at, community_id, source)
    values (${dps.member}, ${wednesdays[0]!.toISOString()}::timestamptz, ${community.id}, 'roster')`);
});
afterAll(() => t.close());

const get = (url: string, cookie?: string) =>
  t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });

describe('heatmap cell', () => {
  it('answers the cell numbers the heatmap shows, and who is usually online then', async () => {
    const heatmap = (await get(`${base}/heatmap`, owner)).json();
    const busy = heatmap.cells.filter((c: { samples: number }) => c.samples > 0);
    const wed = busy.find((c: { weekday: number; hour: number }) => c.weekday === 3 && c.hour === 21);
    expect(wed).toMatchObject({ samples: 3, average: 20 });

    const res = await get(`${base}/dashboard/heatmap-cell?weekday=3&hour=21`, owner);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBeDefined();
    const cell = res.json();
    expect(cell).toMatchObject({ weekday: 3, hour: 21, average: wed.average, samples: wed.samples });
    expect(cell.members.map((m: { name: string; seen: number }) => [m.name, m.seen])).toEqual([
      ['Tanky-Stormvale', 3],
      ['Healy-Stormvale', 1],
      ['Zappy-Stormvale', 1],
    ]);
    expect(cell.members[0]).toMatchObject({ id: tank.member, class: 'WARRIOR' });

    const again = await t.app.inject({
      method: 'GET',
      url: `${base}/dashboard/heatmap-cell?weekday=3&hour=21`,
      headers: { cookie: owner, 'if-none-match': res.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);

    const empty = (await get(`${base}/dashboard/heatmap-cell?weekday=1&hour=4`, owner)).json();
    expect(empty).toEqual({ weekday: 1, hour: 4, average: null, samples: 0, members: [] });
    expect((await get(`${base}/dashboard/heatmap-cell?weekday=7&hour=4`, owner)).statusCode).toBe(400);
  });
});

describe('mythic+ overview and team candidates', () => {
  it('ranks active members by their latest score and groups timed keys by their highest tier', async () => {
    const res = await get(`${base}/dashboard/mythic-plus`, owner);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.season).toBe('season-tww-3');
    expect(body.top.map((m: { name: string; score: number }) => [m.name, m.score])).toEqual([
      ['Zappy-Stormvale', 3100],
      ['Tanky-Stormvale', 2810],
      ['Healy-Stormvale', 2500],
    ]);
    const names = (dungeon: string, level: number) =>
      body.dungeons
        .find((d: { dungeon: string }) => d.dungeon === dungeon)
        ?.tiers.find((x: { level: number }) => x.level === level)
        ?.members.map((m: { name: string }) => m.name);
    expect(names('Ara-Kara, City of Echoes', 20)).toEqual(['Tanky-Stormvale']);
    expect(names('Ara-Kara, City of Echoes', 15)).toEqual(['Healy-Stormvale']);
    expect(names('Ara-Kara, City of Echoes', 10)).toEqual(['Zappy-Stormvale']);
    // Depleted, inactive, below +10 and other seasons' runs are not there.
    expect(body.dungeons.map((d: { dungeon: string }) => d.dungeon)).toEqual(['Ara-Kara, City of Echoes']);
  });

  it('lists the active members with role, score and online state for the team builder', async () => {
    const res = await get(`${base}/dashboard/team-candidates`, owner);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      id: string;
      name: string;
      role: string;
      score: number;
      online: boolean;
    }[];
    expect(items.map((i) => i.name)).toEqual([
      'Zappy-Stormvale',
      'Tanky-Stormvale',
      'Healy-Stormvale',
      'Quiet-Stormvale',
    ]);
    expect(items[1]).toMatchObject({
      id: tank.member,
      role: 'tank',
      score: 2810,
      online: true,
      class: 'WARRIOR',
    });
    expect(items[3]).toMatchObject({ score: null, online: false });
    // Visitors do not get the member list, even when the community has public pages.
    expect((await get(`${base}/dashboard/team-candidates`)).statusCode).toBe(401);
  });
});

describe('public pages', () => {
  it('lets visitors read only the cells of a public heatmap and lists the community publicly', async () => {
    expect((await get(`${base}/dashboard/heatmap-cell?weekday=3&hour=21`)).statusCode).toBe(401);
    expect((await get('/api/v1/public-communities')).json().items).toEqual([]);
    await updateCommunity(
      t.ctx,
      community.id,
      { settings: { publicPages: ['heatmap', 'leaderboard'] } },
      cliActor,
    );
    expect((await get(`${base}/dashboard/heatmap-cell?weekday=3&hour=21`)).statusCode).toBe(200);
    expect((await get(`${base}/dashboard/mythic-plus`)).statusCode).toBe(200);
    expect((await get(`${base}/dashboard/purge`)).statusCode).toBe(401);
    expect((await get('/api/v1/public-communities')).json().items).toEqual([
      { id: community.id, name: 'Los Centinelas', game: 'wow', publicPages: ['heatmap', 'leaderboard'] },
    ]);
    const before = (await get(`/api/v1/auth/providers?community=${community.id}`)).json();
    expect(before).toMatchObject({ battlenet: false, battlenetUrl: null });
    await setCredential(
      t.ctx,
      community.id,
      'blizzard',
      { clientId: 'id', clientSecret: 'secret' },
      cliActor,
    );
    const after = (await get(`/api/v1/auth/providers?community=${community.id}`)).json();
    expect(after).toMatchObject({ battlenet: true, battlenetUrl: `/auth/battlenet/${community.id}/login` });
    expect((await get('/api/v1/auth/providers')).json()).toMatchObject({ battlenet: false });
  });
});

describe('The Purge', () => {
  it('shows a dry run, refuses without the typed name, then removes only eligible members, audited', async () => {
    const member = await userWithRole(t.app, t.ctx, community.id, 'member');
    expect((await get(`${base}/dashboard/purge`, member.cookie)).statusCode).toBe(403);
    const officer = await userWithRole(t.app, t.ctx, community.id, 'officer');
    expect((await get(`${base}/dashboard/purge`, officer.cookie)).statusCode).toBe(200);

    // Thirty days before the latest activity: the inactive member and the one quiet for 45 days.
    const preview = (await get(`${base}/dashboard/purge`, owner)).json();
    expect(preview.thresholdDays).toBe(30);
    expect(preview.members.map((m: { name: string }) => m.name)).toEqual([
      'Gone-Stormvale',
      'Quiet-Stormvale',
    ]);
    expect(preview.members[0]).toMatchObject({ id: gone.member, active: false, characters: 1 });
    expect(preview.characters).toBe(2);

    // The tank was seen at the latest activity: listed by a tampered request, it is skipped.
    const ids = [gone.member, quiet.member, tank.member];
    const wrong = await t.app.inject({
      method: 'POST',
      url: `${base}/dashboard/purge`,
      headers: { cookie: owner },
      payload: { confirm: 'los centinelas', memberIds: ids },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('CONFIRMATION_REQUIRED');
    const still = await t.ctx.db.execute(
      sql`select count(*)::int as n from members where community_id = ${community.id}`,
    );
    expect(rowsOf<{ n: number }>(still)[0]!.n).toBe(5);

    // A member that is not eligible (it is not in this community) is skipped.
    const other = await makeCommunity(t.ctx);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/communities/${other.id}/dashboard/purge`,
      headers: { cookie: owner },
      payload: { confirm: other.name, memberIds: ids },
    });
    expect(res.json()).toEqual({ removed: 0, characters: 0 });

    const ok = await t.app.inject({
      method: 'POST',
      url: `${base}/dashboard/purge`,
      headers: { cookie: owner },
      payload: { confirm: 'Los Centinelas', memberIds: ids },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ removed: 2, characters: 2 });
    const left = await t.ctx.db.execute(sql`
      select m.display_name from members m where m.community_id = ${community.id} order by 1`);
    expect(rowsOf<{ display_name: string }>(left).map((r) => r.display_name)).toEqual([
      'Healy',
      'Tanky',
      'Zappy',
    ]);
    const goneChars = await t.ctx.db.execute(
      sql`select count(*)::int as n from characters where member_id = ${gone.member}`,
    );
    expect(rowsOf<{ n: number }>(goneChars)[0]!.n).toBe(0);

    const audit = (await get(`${base}/audit?action=members.purge`, owner)).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0].details).toMatchObject({
      removed: 2,
      requested: 3,
      members: ['Gone-Stormvale', 'Quiet-Stormvale'],
    });
    expect((await get(`${base}/dashboard/purge`, owner)).json().members).toEqual([]);
  });
});

describe('demo presence', () => {
  it('names as many members as each hour’s first snapshot counted, the same way every time', async () => {
    const { demoPresence } = await import('../src/modules/dashboard');
    const ids = Array.from(
      { length: 20 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const at = (min: number) => new Date(Date.UTC(2026, 2, 4, 20, 0) + min * 60_000);
    // The last member was last seen before the second hour: never online after that.
    const members = ids.map((id, i) => ({ id, lastSeen: i === 19 ? at(30) : null }));
    const snapshots = [
      { at: at(0), onlineCount: 5 },
      { at: at(10), onlineCount: 9 }, // same hour: skipped
      { at: at(60), onlineCount: 30 }, // more than the members: everyone still around, once
      { at: at(120), onlineCount: 0 },
    ];
    const rows = demoPresence(members, snapshots, 1);
    const byInstant = new Map<number, string[]>();
    for (const r of rows)
      byInstant.set(r.at.getTime(), [...(byInstant.get(r.at.getTime()) ?? []), r.memberId]);
    expect([...byInstant.keys()]).toEqual([at(0).getTime(), at(60).getTime()]);
    expect(byInstant.get(at(0).getTime())).toHaveLength(5);
    expect(new Set(byInstant.get(at(60).getTime()))).toEqual(new Set(ids.slice(0, 19)));
    expect(demoPresence(members, snapshots, 1)).toEqual(rows);
  });
});
