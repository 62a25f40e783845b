import { DOTA_HEROES, zDotaHeroId } from '@guildhall/contracts';
import { z } from 'zod';

/** A player's draft preferences: what their suggestions default to and what the pages show first. */
export interface DotaPreferences {
  /** Medal 1–8; null = every rank. */
  bracket: number | null;
  /** Positions 1–5 played, ascending. */
  roles: number[];
  /** Hero ids, in the player's order. */
  heroPool: number[];
}

export const HERO_POOL_MAX = 30;
const knownHeroes = new Set(DOTA_HEROES.map((h) => h.id));

/** A change: absent fields stay; `bracket: null` means every rank. */
export const zPreferencesChange = z.object({
  bracket: z.number().int().min(1).max(8).nullable().optional(),
  roles: z
    .array(z.number().int().min(1).max(5))
    .max(5)
    .refine((r) => new Set(r).size === r.length, 'positions repeat')
    .optional(),
  heroPool: z
    .array(zDotaHeroId.refine((id) => knownHeroes.has(id), 'no hero has this id'))
    .max(HERO_POOL_MAX)
    .refine((p) => new Set(p).size === p.length, 'heroes repeat')
    .optional(),
});
export type PreferencesChange = z.infer<typeof zPreferencesChange>;

export { findSteamAccount, getPreferences, updatePreferences } from './preferences.repo';
