import { type FakeResponse, FakeServer, json, type SeenRequest } from './server';

/**
 * Wise Old Man API v2 (`shared/formats/wise-old-man.md`): the group routes a harvest uses,
 * answered with the documented shapes (fields Guildhall does not read included), and the
 * documented failures: 403 for an unknown `x-api-key` before any route, 404
 * `GROUP_NOT_FOUND`, 400 `VALIDATION_ERROR` and `INVALID_DATE_RANGE`; tests queue 429s with
 * `Retry-After` and 503s through `inject`. The metric list is data (`metrics`), so a test adds
 * a boss the client has never heard of or drops one, as the game does.
 */

export interface WomMetricList {
  skills: string[];
  bosses: string[];
  activities: string[];
  computed: string[];
}

/** The mid-2026 list (bosses abridged: the client must not depend on it being complete). */
export const womMetricsFixture = (): WomMetricList => ({
  skills:
    'overall attack defence strength hitpoints ranged prayer magic cooking woodcutting fletching fishing firemaking crafting smithing mining herblore agility thieving slayer farming runecrafting hunter construction sailing'.split(
      ' ',
    ),
  bosses:
    'abyssal_sire alchemical_hydra chambers_of_xeric chambers_of_xeric_challenge_mode theatre_of_blood theatre_of_blood_hard_mode tombs_of_amascut tombs_of_amascut_expert nex vorkath zulrah yama doom_of_mokhaiotl brutus tzkal_zuk mimic'.split(
      ' ',
    ),
  activities:
    'bounty_hunter_hunter bounty_hunter_rogue clue_scrolls_all clue_scrolls_beginner clue_scrolls_easy clue_scrolls_medium clue_scrolls_hard clue_scrolls_elite clue_scrolls_master last_man_standing pvp_arena soul_wars_zeal guardians_of_the_rift colosseum_glory collections_logged'.split(
      ' ',
    ),
  computed: ['ehp', 'ehb'],
});

/** A snapshot as the fake keeps it: each metric's main value (`-1` = unranked); missing = -1. */
export interface FakeSnapshot {
  at: string;
  values: Record<string, number>;
}

export interface FakePlayer {
  id: number;
  displayName: string;
  role: string;
  joinedAt: string;
  /** Oldest first. */
  snapshots: FakeSnapshot[];
}

interface FakeGroup {
  id: number;
  name: string;
  members: FakePlayer[];
}

const ISO = (d: Date) => d.toISOString();
const levelOf = (exp: number) => (exp < 0 ? 1 : Math.min(99, 1 + Math.floor(Math.sqrt(exp / 75))));

export class FakeWiseOldMan extends FakeServer {
  metrics = womMetricsFixture();
  readonly groups = new Map<number, FakeGroup>();
  /** Keys the fake accepts; any other `x-api-key` is refused with 403 before routing. */
  readonly keys = new Set<string>();

  constructor() {
    super((req) => this.route(req));
  }

  addGroup(id: number, name = `Clan ${id}`): FakeGroup {
    const group = { id, name, members: [] };
    this.groups.set(id, group);
    return group;
  }

  addPlayer(groupId: number, player: FakePlayer): FakePlayer {
    const group = this.groups.get(groupId) ?? this.addGroup(groupId);
    group.members.push(player);
    return player;
  }

  /** Calls to the API (every route), for the "a handful per run" checks. */
  callsTo(prefix = '/'): number {
    return this.requests.filter((r) => r.path.startsWith(prefix)).length;
  }

  private player(p: FakePlayer) {
    const latest = p.snapshots.at(-1);
    const v = (m: string) => latest?.values[m] ?? -1;
    const username = p.displayName.toLowerCase();
    return {
      id: p.id,
      username,
      displayName: p.displayName,
      type: 'regular',
      build: 'main',
      status: 'active',
      country: null,
      patron: false,
      exp: v('overall'),
      ehp: v('ehp'),
      ehb: v('ehb'),
      ttm: 120.5,
      tt200m: 9000.25,
      registeredAt: '2021-03-04T10:11:12.000Z',
      updatedAt: latest?.at ?? '2021-03-04T10:11:12.000Z',
      lastChangedAt: latest?.at ?? null,
      lastImportedAt: null,
    };
  }

  private snapshot(p: FakePlayer, s: FakeSnapshot) {
    const v = (m: string) => s.values[m] ?? -1;
    const rank = (m: string) => (v(m) < 0 ? -1 : 1000 + (p.id % 5000));
    const map = <T>(names: string[], entry: (m: string) => T) =>
      Object.fromEntries(names.map((m) => [m, { metric: m, ...entry(m) }]));
    return {
      id: -1,
      playerId: p.id,
      createdAt: s.at,
      importedAt: null,
      data: {
        skills: map(this.metrics.skills, (m) => ({
          experience: v(m),
          rank: rank(m),
          level: m === 'overall' ? 2277 : levelOf(v(m)),
          ehp: Math.max(0, v(m)) / 100_000,
        })),
        bosses: map(this.metrics.bosses, (m) => ({
          kills: v(m),
          rank: rank(m),
          ehb: Math.max(0, v(m)) / 40,
        })),
        activities: map(this.metrics.activities, (m) => ({ score: v(m), rank: rank(m) })),
        computed: map(this.metrics.computed, (m) => ({ value: v(m), rank: rank(m) })),
      },
    };
  }

  private allMetrics(): string[] {
    const m = this.metrics;
    return [...m.skills, ...m.bosses, ...m.activities, ...m.computed];
  }

  private route(req: SeenRequest): FakeResponse {
    const key = req.headers['x-api-key'];
    if (typeof key === 'string' && !this.keys.has(key))
      return json(
        { message: 'Invalid API Key. Please check https://docs.wiseoldman.net/#rate-limits--api-keys.' },
        403,
      );
    const limit = typeof key === 'string' ? '100' : '20';
    const headers = {
      'RateLimit-Limit': limit,
      'RateLimit-Remaining': String(Number(limit) - 1),
      'RateLimit-Reset': '60',
    };
    const m = /^\/groups\/(\d+)(\/[a-z-]+)?$/.exec(req.path);
    if (req.method !== 'GET' || !m)
      return json({ code: 'ENDPOINT_NOT_FOUND', message: 'Endpoint not found.' }, 404);
    const group = this.groups.get(Number(m[1]));
    if (!group) return json({ code: 'GROUP_NOT_FOUND', message: 'Group not found.' }, 404);
    const sub = m[2] ?? '';
    if (sub === '') return json(this.details(group), 200, headers);
    if (sub === '/bulk-hiscores')
      return json(
        group.members
          .filter((p) => p.snapshots.length > 0)
          .map((p) => ({ player: this.player(p), data: this.snapshot(p, p.snapshots.at(-1)!) })),
        200,
        headers,
      );
    if (sub === '/bulk-gained') return this.bulkGained(group, req, headers);
    return json({ code: 'ENDPOINT_NOT_FOUND', message: 'Endpoint not found.' }, 404);
  }

  private details(group: FakeGroup) {
    return {
      id: group.id,
      name: group.name,
      clanChat: group.name,
      description: null,
      homeworld: 330,
      verified: true,
      patron: false,
      visible: true,
      profileImage: null,
      bannerImage: null,
      score: 120,
      createdAt: '2022-01-01T00:00:00.000Z',
      updatedAt: '2026-06-01T00:00:00.000Z',
      memberCount: group.members.length,
      socialLinks: { website: null, discord: null, twitter: null, youtube: null, twitch: null },
      roleOrders: [{ groupId: group.id, role: 'leader', index: 0 }],
      memberships: group.members.map((p) => ({
        playerId: p.id,
        groupId: group.id,
        role: p.role,
        clientSyncJoinedAt: null,
        createdAt: p.joinedAt,
        updatedAt: p.joinedAt,
        player: this.player(p),
      })),
    };
  }

  private bulkGained(group: FakeGroup, req: SeenRequest, headers: Record<string, string>): FakeResponse {
    const period = req.query.get('period');
    let start: number;
    let end = Date.now();
    if (period) {
      const days = { day: 1, week: 7, month: 31, year: 365.24 }[period];
      if (!days) return json({ code: 'VALIDATION_ERROR', message: "Invalid enum value for 'period'." }, 400);
      start = end - days * 86_400_000;
    } else {
      start = Date.parse(req.query.get('startDate') ?? '');
      end = Date.parse(req.query.get('endDate') ?? '');
      if (Number.isNaN(start))
        return json({ code: 'VALIDATION_ERROR', message: "Parameter 'startDate' is not a valid date." }, 400);
      if (Number.isNaN(end))
        return json({ code: 'VALIDATION_ERROR', message: "Parameter 'endDate' is not a valid date." }, 400);
      if (start >= end)
        return json({ code: 'INVALID_DATE_RANGE', message: 'Start date must be before the end date.' }, 400);
    }
    const metrics = this.allMetrics();
    const rows = group.members.flatMap((p) => {
      const inRange = p.snapshots.filter((s) => Date.parse(s.at) >= start && Date.parse(s.at) <= end);
      const first = inRange[0];
      const last = inRange.at(-1);
      if (!first || !last) return [];
      return [
        {
          player: this.player(p),
          startDate: first.at,
          endDate: last.at,
          data: metrics.map((metric) => {
            const s = first.values[metric] ?? -1;
            const e = last.values[metric] ?? -1;
            const gained = metric === 'overall' && s === -1 ? 0 : Math.max(0, e - Math.max(s, 0));
            return { metric, gained, start: s, end: e };
          }),
        },
      ];
    });
    return json(rows, 200, headers);
  }
}

/** A clan of `size` members with snapshots over a year (for the benchmark and the call counts). */
export function fakeClan(fake: FakeWiseOldMan, groupId: number, size: number, now = new Date()): void {
  fake.addGroup(groupId, 'Bench Clan');
  const roles = [
    'member',
    'leader',
    'administrator',
    'sapphire',
    'emerald',
    'ruby',
    'diamond',
    'dragonstone',
  ];
  const metrics = [...fake.metrics.skills, ...fake.metrics.bosses, ...fake.metrics.activities];
  for (let i = 0; i < size; i++) {
    const snapshots: FakeSnapshot[] = [400, 200, 60, 20, 5, 1].map((daysAgo, k) => {
      const values: Record<string, number> = {};
      metrics.forEach((m, j) => {
        values[m] = (i * 7 + j * 13) % 11 === 0 ? -1 : 10_000 + i * 31 + j * 101 + k * 5_000;
      });
      values.overall = 5_000_000 + i * 1_000 + k * 250_000;
      values.ehp = 100 + k * 3;
      values.ehb = 20 + k;
      return { at: ISO(new Date(now.getTime() - daysAgo * 86_400_000)), values };
    });
    fake.addPlayer(groupId, {
      id: 10_000 + i,
      displayName: `Player ${i}`,
      role: roles[i % roles.length]!,
      joinedAt: '2023-05-06T07:08:09.000Z',
      snapshots,
    });
  }
}
