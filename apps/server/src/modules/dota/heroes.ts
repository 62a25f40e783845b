import { DOTA_HEROES, DOTA_MAX_HERO_ID, type TDotaHeroesResponse } from '@guildhall/contracts';
import type { Executor } from '../../core/db';
import type { OpenDotaClient } from './clients/opendota';
import { selectHeroes, upsertHeroes } from './dota.repo';
import type { DotaHero } from './types';

/**
 * The hero catalogue: the contracts' facts are its first content (so a fresh install names
 * heroes without a network call); the `dota-heroes` job replaces it from OpenDota's `/heroes`.
 */
export async function listHeroes(db: Executor): Promise<DotaHero[]> {
  const rows = await selectHeroes(db);
  if (rows.length > 0) return rows;
  await upsertHeroes(
    db,
    DOTA_HEROES.map((h) => ({ ...h, roles: [...h.roles] })),
    true,
  );
  return selectHeroes(db);
}

export function heroesResponse(heroes: readonly DotaHero[]): TDotaHeroesResponse {
  return {
    maxHeroId: Math.max(DOTA_MAX_HERO_ID, ...heroes.map((h) => h.id)),
    heroes: heroes.map((h) => ({ ...h, roles: [...h.roles] })),
  };
}

/** Heroes indexed by id in an array of `maxHeroId + 1` (ids are sparse: never size by the count). */
export function heroesById(heroes: readonly DotaHero[]): (DotaHero | undefined)[] {
  const byId: (DotaHero | undefined)[] = new Array(heroesResponse(heroes).maxHeroId + 1).fill(undefined);
  for (const h of heroes) byId[h.id] = h;
  return byId;
}

/** Replaces the catalogue from OpenDota's `/heroes`; answers how many heroes it now has. */
export async function refreshHeroes(
  db: Executor,
  client: OpenDotaClient,
): Promise<{ heroes: number; maxHeroId: number }> {
  const fetched = await client.heroes();
  const heroes: DotaHero[] = fetched.map((h) => ({
    id: h.id,
    name: h.name,
    localizedName: h.localized_name,
    primaryAttr: h.primary_attr,
    attackType: h.attack_type,
    roles: h.roles,
  }));
  await upsertHeroes(db, heroes);
  const all = await selectHeroes(db);
  return { heroes: all.length, maxHeroId: heroesResponse(all).maxHeroId };
}
