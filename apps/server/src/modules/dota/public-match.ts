import { DOTA_MAX_HERO_ID } from '@guildhall/contracts';
import { KNOWN_HERO, patchOf } from './patches';
import type { DotaMatch } from './types';

/**
 * One OpenDota public match (`/publicMatches` row, an explorer row, or a row of an import
 * file) checked and normalised into a `DotaMatch`, or the reason it is refused. Teams come in
 * two encodings: integer arrays (2024 on) and comma strings (`"8,14,35,74,99"`, earlier); a
 * CSV may also carry a JSON array as text.
 */
export type ParsedMatch = { ok: true; match: DotaMatch } | { ok: false; reason: string };

const MAX_MATCH_ID = Number.MAX_SAFE_INTEGER;
/** 2011-01-01: nothing public is older; a later bound keeps typos (milliseconds) out. */
const MIN_START = 1_293_840_000;
const MAX_START = 4_102_444_800;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A whole number from a JSON number or a numeric string (CSV cells are strings). */
function int(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) {
    const n = Number(v.trim());
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

function bool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1' || s === 't') return true;
    if (s === 'false' || s === '0' || s === 'f') return false;
  }
  return undefined;
}

/** A team's five hero ids from an array, a comma string or a JSON array in a string. */
export function parseTeam(v: unknown, side: string): number[] | string {
  let items: unknown[];
  if (Array.isArray(v)) items = v;
  else if (typeof v === 'string') {
    const s = v.trim();
    if (s.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(s);
        if (!Array.isArray(parsed)) return `${side} is not a list of hero ids`;
        items = parsed;
      } catch {
        return `${side} is not a list of hero ids`;
      }
    } else items = s === '' ? [] : s.split(',');
  } else if (v === null || v === undefined) return `${side} is missing`;
  else return `${side} is not a list of hero ids`;
  if (items.length !== 5) return `${side} has ${items.length} heroes, not 5`;
  const heroes: number[] = [];
  for (const item of items) {
    const id = int(item);
    if (id === undefined) return `${side} has a hero id that is not a whole number`;
    if (id < 1 || id > DOTA_MAX_HERO_ID || KNOWN_HERO[id] !== 1) return `${side} has unknown hero id ${id}`;
    heroes.push(id);
  }
  return heroes;
}

export function parsePublicMatch(raw: unknown): ParsedMatch {
  if (!isRecord(raw)) return { ok: false, reason: 'not an object' };
  const matchId = int(raw.match_id);
  if (matchId === undefined || matchId < 1 || matchId > MAX_MATCH_ID)
    return { ok: false, reason: 'match_id is missing or not a positive whole number' };
  const startTime = int(raw.start_time);
  if (startTime === undefined || startTime < MIN_START || startTime > MAX_START)
    return { ok: false, reason: 'start_time is missing or not Unix seconds' };
  const duration = int(raw.duration);
  if (duration === undefined || duration < 0 || duration > 86_400)
    return { ok: false, reason: 'duration is missing or out of range' };
  const radiantWin = bool(raw.radiant_win);
  if (radiantWin === undefined) return { ok: false, reason: 'radiant_win is missing or not a boolean' };
  let avgRankTier: number | null = null;
  if (raw.avg_rank_tier !== null && raw.avg_rank_tier !== undefined && raw.avg_rank_tier !== '') {
    const tier = int(raw.avg_rank_tier);
    if (tier === undefined || tier < 0 || tier > 85)
      return { ok: false, reason: 'avg_rank_tier is out of range' };
    avgRankTier = tier;
  }
  const radiant = parseTeam(raw.radiant_team, 'radiant_team');
  if (typeof radiant === 'string') return { ok: false, reason: radiant };
  const dire = parseTeam(raw.dire_team, 'dire_team');
  if (typeof dire === 'string') return { ok: false, reason: dire };
  const seen = new Set([...radiant, ...dire]);
  if (seen.size !== 10) return { ok: false, reason: 'a hero appears twice in the match' };
  const small = (v: unknown) => {
    const n = int(v);
    return n !== undefined && n >= 0 && n < 65_536 ? n : 0;
  };
  return {
    ok: true,
    match: {
      matchId,
      startTime,
      duration,
      patch: patchOf(startTime),
      avgRankTier,
      lobbyType: small(raw.lobby_type),
      gameMode: small(raw.game_mode),
      radiantWin,
      radiant,
      dire,
    },
  };
}
