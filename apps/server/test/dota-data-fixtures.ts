import { DOTA_HEROES } from '@guildhall/contracts';
import type { DotaMatch } from '../src/modules/dota/types';

/** A deterministic stream of numbers in [0, 1) (mulberry32). */
export function seeded(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HERO_IDS = DOTA_HEROES.map((h) => h.id);

/** Ten distinct real hero ids. */
export function drawHeroes(random: () => number): number[] {
  const picked = new Set<number>();
  while (picked.size < 10) picked.add(HERO_IDS[Math.floor(random() * HERO_IDS.length)] as number);
  return [...picked];
}

/** 2026-04-15 (patch 7.41, id 60). */
export const T0 = 1_776_211_200;

/** OpenDota `/publicMatches` rows, newest first, ids `top`, `top − 1`, …; `comma` picks the older team encoding. */
export function publicMatchRows(
  count: number,
  opts: { top?: number; seed?: number; comma?: boolean; startTime?: number } = {},
) {
  const random = seeded(opts.seed ?? 1);
  const top = opts.top ?? 8_000_000_000;
  return Array.from({ length: count }, (_, i) => {
    const heroes = drawHeroes(random);
    const radiant = heroes.slice(0, 5);
    const dire = heroes.slice(5);
    const tier = random() < 0.1 ? null : 10 * (1 + Math.floor(random() * 7)) + 1 + Math.floor(random() * 5);
    return {
      match_id: top - i,
      match_seq_num: 7_000_000_000 - i,
      radiant_win: random() < 0.52,
      start_time: (opts.startTime ?? T0) - i * 7,
      duration: 1500 + Math.floor(random() * 1500),
      lobby_type: 7,
      game_mode: 22,
      avg_rank_tier: tier,
      num_rank_tier: tier === null ? 0 : 6,
      cluster: 133,
      radiant_team: opts.comma ? radiant.join(',') : radiant,
      dire_team: opts.comma ? dire.join(',') : dire,
      ...(opts.comma ? { avg_mmr: null, num_mmr: null } : {}),
    };
  });
}

export function dotaMatch(matchId: number, overrides: Partial<DotaMatch> = {}, seed = matchId): DotaMatch {
  const heroes = drawHeroes(seeded(seed));
  return {
    matchId,
    startTime: T0,
    duration: 2000,
    patch: 60,
    avgRankTier: 54,
    lobbyType: 7,
    gameMode: 22,
    radiantWin: matchId % 2 === 0,
    radiant: heroes.slice(0, 5),
    dire: heroes.slice(5),
    ...overrides,
  };
}
