import { DOTA_HEROES, DOTA_MAX_HERO_ID, DOTA_PATCHES } from '@guildhall/contracts';

/** Patch start times in Unix seconds, ascending, beside their OpenDota patch numbers. */
const PATCH_STARTS = DOTA_PATCHES.map((p) => ({
  id: p.id,
  start: Math.floor(Date.parse(p.date) / 1000),
})).sort((a, b) => a.start - b.start);

/** OpenDota's patch number of a match that started at `startTime` (Unix seconds): the last patch live by then. */
export function patchOf(startTime: number): number {
  let lo = 0;
  let hi = PATCH_STARTS.length - 1;
  if (startTime < (PATCH_STARTS[0]?.start ?? 0)) return PATCH_STARTS[0]?.id ?? 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((PATCH_STARTS[mid]?.start ?? 0) <= startTime) lo = mid;
    else hi = mid - 1;
  }
  return PATCH_STARTS[lo]?.id ?? 0;
}

/**
 * The start times (Unix seconds, end exclusive) of the matches `patchOf` gives `id`; null for a
 * patch the list does not have. The first patch also takes every earlier match.
 */
export function patchWindow(id: number): { start: number; end: number } | null {
  const i = PATCH_STARTS.findIndex((p) => p.id === id);
  if (i < 0) return null;
  return {
    start: i === 0 ? 0 : PATCH_STARTS[i]!.start,
    end: PATCH_STARTS[i + 1]?.start ?? 2 ** 32,
  };
}

/** The rank bracket of a match: the medal (1–8) of its `avg_rank_tier`, 0 when unknown. */
export function bracketOf(avgRankTier: number | null): number {
  if (avgRankTier === null) return 0;
  const medal = Math.floor(avgRankTier / 10);
  return medal >= 1 && medal <= 8 ? medal : 0;
}

/** Ids of heroes the game has (sparse): a match naming another id is refused. */
export const KNOWN_HERO = (() => {
  const known = new Uint8Array(DOTA_MAX_HERO_ID + 1);
  for (const h of DOTA_HEROES) known[h.id] = 1;
  return known;
})();

/** Steam's 64-bit id of an account is this plus OpenDota's 32-bit account id. */
export const STEAM_ID64_BASE = 76561197960265728n;
/** Steam's marker of an anonymous player in match data (2^32 − 1). */
export const ANONYMOUS_ACCOUNT_ID = 4294967295;

/** The 32-bit account id of a 64-bit SteamID string, or null when it is not one. */
export function accountIdOf(steamId64: string): number | null {
  if (!/^\d{17}$/.test(steamId64)) return null;
  const id = BigInt(steamId64) - STEAM_ID64_BASE;
  return id > 0n && id < BigInt(ANONYMOUS_ACCOUNT_ID) ? Number(id) : null;
}
