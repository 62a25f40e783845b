import { DOTA_HEROES } from '@guildhall/contracts';
import type { AppContext } from '../../../core/context';
import type { DotaServices } from '../types';

/**
 * The services the dota interfaces read, per context. The registry asks here; a test installs
 * a double (a hand-made model) before it builds the app, and every other context gets the
 * real ones from `fallback`.
 */
const installed = new WeakMap<AppContext, DotaServices>();

export function installDotaServices(ctx: AppContext, services: DotaServices): void {
  installed.set(ctx, services);
}

export function dotaServicesFor(ctx: AppContext, fallback: (ctx: AppContext) => DotaServices): DotaServices {
  return installed.get(ctx) ?? fallback(ctx);
}

/** Until the match store and the models are wired: the hero facts, no model, no matches. */
export const noModelServices = (): DotaServices => ({
  heroes: async () => DOTA_HEROES.map((h) => ({ ...h, roles: [...h.roles] })),
  models: async () => null,
  personal: async () => [],
  matches: async () => [],
});
