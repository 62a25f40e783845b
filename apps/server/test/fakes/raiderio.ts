import { shippedRealms } from '../../src/modules/wow/realms';
import { FakeServer, json } from './server';

/**
 * Raider.IO's `GET /api/v1/characters/profile`, answered with the documented shape
 * (https://raider.io/api#/character/getApiV1CharactersProfile): fields we do not read are
 * there too, as the real service sends them. Unknown characters get Raider.IO's own
 * answer, 400 "Could not find requested character"; a realm slug it does not know (neither a
 * real realm of the region nor one a test added characters on) gets 400 "Failed to find realm".
 */

export interface FakeRun {
  short: string;
  dungeon: string;
  level: number;
  upgrades: number;
  clearMs: number;
  parMs: number;
  score: number;
  completedAt: string;
}

export interface FakeCharacter {
  region: string;
  /** Realm slug as Raider.IO expects it in `realm=`. */
  realmSlug: string;
  realm: string;
  name: string;
  className: string;
  spec: string;
  role: 'TANK' | 'HEALING' | 'DPS';
  score: number;
  itemLevel: number;
  runs: FakeRun[];
}

export const run = (
  short: string,
  dungeon: string,
  level: number,
  upgrades: number,
  score: number,
): FakeRun => ({
  short,
  dungeon,
  level,
  upgrades,
  clearMs: 1_700_000 - upgrades * 100_000,
  parMs: 1_800_999,
  score,
  completedAt: '2025-12-10T21:14:03.000Z',
});

export function profileFixture(c: FakeCharacter) {
  const slug = c.realmSlug;
  return {
    name: c.name,
    race: 'Night Elf',
    class: c.className,
    active_spec_name: c.spec,
    active_spec_role: c.role,
    gender: 'female',
    faction: 'alliance',
    achievement_points: 21_340,
    honorable_kills: 0,
    thumbnail_url: `https://render.worldofwarcraft.com/${c.region}/character/${encodeURIComponent(slug)}/12/123456-avatar.jpg?alt=/wow/static/images/2d/avatar/4-1.jpg`,
    region: c.region,
    realm: c.realm,
    last_crawled_at: '2025-12-11T08:02:11.000Z',
    profile_url: `https://raider.io/characters/${c.region}/${encodeURIComponent(slug)}/${encodeURIComponent(c.name)}`,
    profile_banner: 'tww-season3',
    mythic_plus_scores_by_season: [
      {
        season: 'season-tww-3',
        scores: {
          all: c.score,
          dps: c.role === 'DPS' ? c.score : 0,
          healer: c.role === 'HEALING' ? c.score : 0,
          tank: c.role === 'TANK' ? c.score : 0,
          spec_0: 0,
          spec_1: c.score,
          spec_2: 0,
          spec_3: 0,
        },
        segments: {
          all: { score: c.score, color: '#a335ee' },
          dps: { score: 0, color: '#ffffff' },
          healer: { score: 0, color: '#ffffff' },
          tank: { score: 0, color: '#ffffff' },
        },
      },
    ],
    mythic_plus_best_runs: c.runs.map((r, i) => ({
      dungeon: r.dungeon,
      short_name: r.short,
      mythic_level: r.level,
      completed_at: r.completedAt,
      clear_time_ms: r.clearMs,
      keystone_run_id: 9_000_000 + i,
      par_time_ms: r.parMs,
      num_keystone_upgrades: r.upgrades,
      map_challenge_mode_id: 500 + i,
      zone_id: 15_000 + i,
      zone_expansion_id: 10,
      icon_url: 'https://cdn.raiderio.net/images/wow/icons/large/inv_achievement_dungeon_arak.jpg',
      background_image_url: 'https://cdn.raiderio.net/images/dungeons/expansion10/base/arak.jpg',
      score: r.score,
      affixes: [
        {
          id: 148,
          name: 'Xal’atath’s Bargain: Ascendant',
          description: 'While in combat, Xal’atath periodically…',
          icon: 'spell_nzinsanity_fearofdeath',
          icon_url: 'https://cdn.raiderio.net/images/wow/icons/large/spell_nzinsanity_fearofdeath.jpg',
          wowhead_url: 'https://wowhead.com/affix=148',
        },
      ],
      url: `https://raider.io/mythic-plus-runs/season-tww-3/${9_000_000 + i}`,
    })),
    gear: {
      updated_at: '2025-12-11T08:02:11.000Z',
      item_level_equipped: c.itemLevel,
      item_level_total: Math.round(c.itemLevel + 1),
      artifact_traits: 0,
      corruption: { added: 0, resisted: 0, total: 0, cloakRank: 0, spells: [] },
      items: {},
    },
  };
}

export const notFound = () =>
  json({ statusCode: 400, error: 'Bad Request', message: 'Could not find requested character' }, 400);

export const realmNotFound = (slug: string) =>
  json({ statusCode: 400, error: 'Bad Request', message: `Failed to find realm ${slug}` }, 400);

export class FakeRaiderIo extends FakeServer {
  readonly characters = new Map<string, FakeCharacter>();

  constructor() {
    super((req) => {
      if (req.method !== 'GET' || req.path !== '/api/v1/characters/profile')
        return json({ statusCode: 404 }, 404);
      const region = req.query.get('region') ?? '';
      const realm = req.query.get('realm') ?? '';
      if (!this.knows(region, realm)) return realmNotFound(realm);
      const key = FakeRaiderIo.key(region, realm, req.query.get('name') ?? '');
      const c = this.characters.get(key);
      return c ? json(profileFixture(c)) : notFound();
    });
  }

  private knows(region: string, slug: string): boolean {
    return (
      shippedRealms(region).some((r) => r.slug === slug) ||
      [...this.characters.values()].some((c) => c.region === region && c.realmSlug === slug)
    );
  }

  static key(region: string, realmSlug: string, name: string): string {
    return `${region}|${realmSlug}|${name.toLowerCase()}`;
  }

  add(c: FakeCharacter): FakeCharacter {
    this.characters.set(FakeRaiderIo.key(c.region, c.realmSlug, c.name), c);
    return c;
  }

  /** Profile requests for a character name (to inject failures for it). */
  static forName(name: string) {
    return (req: { path: string; query: URLSearchParams }) =>
      req.path === '/api/v1/characters/profile' &&
      req.query.get('name')?.toLowerCase() === name.toLowerCase();
  }
}
