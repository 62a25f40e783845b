import { z } from 'zod';
import { DOTA_MAX_HERO_ID } from './dota-heroes';

export * from './dota-heroes';

/** A hero id as the game numbers them (sparse, 1…DOTA_MAX_HERO_ID). */
export const zDotaHeroId = z.number().int().min(1).max(DOTA_MAX_HERO_ID);

/**
 * Model keys: a patch (OpenDota's patch number) and a rank bracket (the medal 1–8 of
 * `avg_rank_tier`, 0 = every rank). Every model is built per key.
 */
export const zDotaModelKey = z.object({
  patch: z.number().int().min(0).max(1000),
  bracket: z.number().int().min(0).max(8),
});
export type TDotaModelKey = z.infer<typeof zDotaModelKey>;

/** What a suggestion is asked for: the heroes on each side so far, the bans, and optionally who is picking. */
export const zDotaDraftState = z.object({
  allies: z.array(zDotaHeroId).max(5),
  enemies: z.array(zDotaHeroId).max(5),
  bans: z.array(zDotaHeroId).max(24),
  /** The picking player's 32-bit Steam account id: adds their personal record as a reason. */
  accountId: z.number().int().min(1).max(4294967294).optional(),
  /** Position 1–5 the pick is for: limits candidates to heroes played there. */
  position: z.number().int().min(1).max(5).optional(),
});
export type TDotaDraftState = z.infer<typeof zDotaDraftState>;

/**
 * One reason a candidate's win probability is what it is. `delta` is its share of the
 * candidate's win probability over the baseline (0.021 = +2.1 %); the deltas of one suggestion
 * add up exactly to `winProbability − baseline`. `games` is the sample the term was estimated from.
 */
export const zDotaReason = z.object({
  kind: z.enum(['strength', 'counter', 'synergy', 'personal']),
  /** The other hero of a counter or synergy term; null for strength and personal. */
  heroId: z.number().int().nullable(),
  delta: z.number(),
  games: z.number().int(),
});
export type TDotaReason = z.infer<typeof zDotaReason>;

export const zDotaSuggestion = z.object({
  heroId: z.number().int(),
  winProbability: z.number(),
  reasons: z.array(zDotaReason),
});
export type TDotaSuggestion = z.infer<typeof zDotaSuggestion>;

/** A hero of the catalogue (`GET /communities/:id/dota/heroes`). */
export const zDotaHeroEntry = z.object({
  id: z.number().int().min(1),
  name: z.string(),
  localizedName: z.string(),
  primaryAttr: z.string(),
  attackType: z.string(),
  roles: z.array(z.string()),
});
export type TDotaHeroEntry = z.infer<typeof zDotaHeroEntry>;

/**
 * The hero catalogue, by id. Ids are sparse: a client indexing by id sizes its arrays
 * `maxHeroId + 1`, never `heroes.length`.
 */
export const zDotaHeroesResponse = z.object({
  maxHeroId: z.number().int(),
  heroes: z.array(zDotaHeroEntry),
});
export type TDotaHeroesResponse = z.infer<typeof zDotaHeroesResponse>;
