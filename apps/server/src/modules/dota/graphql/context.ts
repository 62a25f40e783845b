import type { FastifyRequest } from 'fastify';
import type { Need } from '../../../core/auth';
import type { AppContext } from '../../../core/context';
import type { DotaHero, DotaServices } from '../types';

/** What every resolver gets: the request's principal, the services, and per-request caches. */
export interface GraphqlContext {
  request: FastifyRequest;
  ctx: AppContext;
  services: DotaServices;
  /** Read access to a community, checked once per request and community (the REST routes' rule). */
  canRead(communityId: string): Promise<void>;
  heroes(): Promise<ReadonlyMap<number, DotaHero>>;
}

/** The REST routes' need for the dota module's reads: a member's view, or a `read` API key. */
export const DOTA_READ: Need = { module: 'dota', level: 'view', scope: 'read' };

export function buildContext(
  request: FastifyRequest,
  ctx: AppContext,
  services: DotaServices,
): GraphqlContext {
  const checks = new Map<string, Promise<void>>();
  let heroes: Promise<ReadonlyMap<number, DotaHero>> | undefined;
  return {
    request,
    ctx,
    services,
    canRead(communityId) {
      let check = checks.get(communityId);
      if (!check) {
        check = request.server.authorizer.authorize(request, communityId, DOTA_READ).then(() => undefined);
        checks.set(communityId, check);
      }
      return check;
    },
    heroes() {
      heroes ??= services.heroes().then((list) => new Map(list.map((h) => [h.id, h])));
      return heroes;
    },
  };
}
