import type { AppContext } from '../../core/context';
import type { DraftHub } from './draft';
import { listHeroes } from './heroes';
import { listMatches, listPlayerMatches } from './matches.service';
import { createModelRegistry, type ModelRegistry } from './model/registry';
import type { DotaServices } from './types';

/** A linked player's stored matches the personal advantage score reads (their recent history). */
const PERSONAL_MATCHES = 1_000;

interface Installed {
  services: DotaServices;
  registry?: ModelRegistry;
  hub?: DraftHub;
}

const perContext = new WeakMap<AppContext, Installed>();

/**
 * The real services: the hero catalogue and matches from the match store, models from the
 * model registry (in memory, reloaded when a build anywhere announces itself).
 */
function createDotaServices(ctx: AppContext): Installed {
  const registry = createModelRegistry(ctx, {
    playerMatches: (communityId, accountId) =>
      listPlayerMatches(ctx, communityId, { accountId, limit: PERSONAL_MATCHES }),
  });
  return {
    registry,
    services: {
      heroes: () => listHeroes(ctx.db),
      models: (communityId, key) => registry.models(communityId, key),
      personal: (communityId, accountId, key) => registry.personal(communityId, accountId, key),
      matches: (communityId, query) => listMatches(ctx, communityId, query),
    },
  };
}

/**
 * Tests of an interface install their own services (a hand-made model) and draft hub (a fake
 * clock) before they build the app; every other context gets the real ones, once.
 */
export function installDotaServices(
  ctx: AppContext,
  services: DotaServices,
  opts: { hub?: DraftHub } = {},
): void {
  perContext.set(ctx, { services, ...opts });
}

export function dotaServicesFor(ctx: AppContext): Installed {
  let installed = perContext.get(ctx);
  if (!installed) {
    installed = createDotaServices(ctx);
    perContext.set(ctx, installed);
  }
  return installed;
}

/** Releases what the real services hold (the registry's subscription); the next app makes new ones. */
export async function releaseDotaServices(ctx: AppContext): Promise<void> {
  const installed = perContext.get(ctx);
  if (!installed?.registry) return;
  perContext.delete(ctx);
  await installed.registry.close();
}
