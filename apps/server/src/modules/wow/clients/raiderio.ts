import { z } from 'zod';
import {
  createHttpClient,
  credentialTag,
  type HttpDeps,
  ProviderError,
} from '../../../core/outbound/http-client';
import type { BucketRule } from '../../../core/rate-limiter';

/** Raider.IO allows about 300 requests a minute per client. */
export const RAIDERIO_RULES: BucketRule[] = [{ capacity: 300, perMs: 60_000 }];

const zBestRun = z.object({
  dungeon: z.string(),
  short_name: z.string(),
  mythic_level: z.number().int(),
  completed_at: z.string(),
  clear_time_ms: z.number(),
  par_time_ms: z.number().nullish(),
  num_keystone_upgrades: z.number().int(),
  score: z.number().nullish(),
  map_challenge_mode_id: z.number().int().nullish(),
  url: z.string().nullish(),
});

/** `GET /api/v1/characters/profile`, with the fields we ask for (documented shape). */
const zProfile = z.object({
  name: z.string(),
  race: z.string().nullish(),
  class: z.string().nullish(),
  active_spec_name: z.string().nullish(),
  active_spec_role: z.string().nullish(),
  region: z.string(),
  realm: z.string(),
  thumbnail_url: z.string().nullish(),
  profile_url: z.string().nullish(),
  last_crawled_at: z.string().nullish(),
  gear: z
    .object({ item_level_equipped: z.number().nullish(), item_level_total: z.number().nullish() })
    .nullish(),
  mythic_plus_scores_by_season: z
    .array(z.object({ season: z.string(), scores: z.object({ all: z.number() }) }))
    .nullish(),
  mythic_plus_best_runs: z.array(zBestRun).nullish(),
});

export interface RaiderIoBestRun {
  dungeon: string;
  shortName: string;
  level: number;
  clearTimeMs: number;
  parTimeMs: number | null;
  upgrades: number;
  score: number | null;
  completedAt: Date;
  url: string | null;
}

export interface RaiderIoProfile {
  name: string;
  realm: string;
  spec: string | null;
  role: 'tank' | 'healer' | 'dps' | null;
  itemLevel: number | null;
  thumbnailUrl: string | null;
  profileUrl: string | null;
  season: string | null;
  score: number | null;
  /** The best run per dungeon (highest score, then level). */
  bestRuns: RaiderIoBestRun[];
}

/**
 * What a profile lookup found. Raider.IO answers both misses with HTTP 400 and
 * `{statusCode: 400, error: 'Bad Request', message}`: "Could not find requested character"
 * is the character's, "Failed to find realm …" means the realm slug is wrong, a
 * configuration problem that says nothing about the character.
 */
export type RaiderIoLookup =
  | { kind: 'found'; profile: RaiderIoProfile }
  | { kind: 'character_not_found' }
  | { kind: 'realm_not_found'; message: string };

const roles: Record<string, RaiderIoProfile['role']> = { TANK: 'tank', HEALING: 'healer', DPS: 'dps' };

export function createRaiderIoClient(deps: HttpDeps & { baseUrl: string; accessKey?: string }) {
  const http = createHttpClient(deps, {
    name: 'raiderio',
    baseUrl: deps.baseUrl,
    budget: {
      bucket: `raiderio:${deps.accessKey ? credentialTag(deps.accessKey) : 'public'}`,
      rules: RAIDERIO_RULES,
    },
  });
  return {
    /** A character's M+ profile, by the realm's slug (resolved through the realm table). */
    async characterProfile(region: string, realmSlug: string, name: string): Promise<RaiderIoLookup> {
      let miss: RaiderIoLookup | undefined;
      try {
        const raw = await http.request({
          path: '/api/v1/characters/profile',
          query: {
            region,
            realm: realmSlug,
            name,
            fields: 'mythic_plus_scores_by_season:current,mythic_plus_best_runs,gear',
            access_key: deps.accessKey,
          },
          schema: zProfile,
          // Raider.IO answers 400 for both: an unknown realm is the community's configuration, an
          // unknown character is a miss.
          classify: (status, body) => {
            if (status !== 400) return undefined;
            const message = messageOf(body);
            if (/failed to find realm/i.test(message)) miss = { kind: 'realm_not_found', message };
            else if (/could not find requested character/i.test(message))
              miss = { kind: 'character_not_found' };
            return miss ? 'not_found' : undefined;
          },
        });
        return { kind: 'found', profile: normalise(raw) };
      } catch (err) {
        if (miss && err instanceof ProviderError && err.kind === 'not_found') return miss;
        if (err instanceof ProviderError && err.kind === 'unauthorized')
          throw new ProviderError('raiderio', 'unauthorized', 'the access key was refused', err.status);
        throw err;
      }
    },
  };
}

export type RaiderIoClient = ReturnType<typeof createRaiderIoClient>;

const messageOf = (body: unknown) =>
  body && typeof body === 'object' && 'message' in body && typeof body.message === 'string'
    ? body.message
    : '';

function normalise(raw: z.infer<typeof zProfile>): RaiderIoProfile {
  const season = raw.mythic_plus_scores_by_season?.[0];
  const best = new Map<string, RaiderIoBestRun>();
  for (const r of raw.mythic_plus_best_runs ?? []) {
    const run: RaiderIoBestRun = {
      dungeon: r.dungeon,
      shortName: r.short_name,
      level: r.mythic_level,
      clearTimeMs: Math.round(r.clear_time_ms),
      parTimeMs: r.par_time_ms == null ? null : Math.round(r.par_time_ms),
      upgrades: r.num_keystone_upgrades,
      score: r.score ?? null,
      completedAt: new Date(r.completed_at),
      url: r.url ?? null,
    };
    if (Number.isNaN(run.completedAt.getTime())) continue;
    const seen = best.get(run.shortName);
    if (!seen || (run.score ?? 0) > (seen.score ?? 0) || (run.score === seen.score && run.level > seen.level))
      best.set(run.shortName, run);
  }
  return {
    name: raw.name,
    realm: raw.realm,
    spec: raw.active_spec_name ?? null,
    role: raw.active_spec_role ? (roles[raw.active_spec_role.toUpperCase()] ?? null) : null,
    itemLevel: raw.gear?.item_level_equipped ?? null,
    thumbnailUrl: raw.thumbnail_url ?? null,
    profileUrl: raw.profile_url ?? null,
    season: season?.season ?? null,
    score: season ? Math.round(season.scores.all * 10) / 10 : null,
    bestRuns: [...best.values()].sort((a, b) => a.shortName.localeCompare(b.shortName)),
  };
}
