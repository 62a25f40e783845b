import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { shippedRealms } from './realms';
import { findRefreshedRealms } from './realms.repo';

const zRealmQuery = z.object({
  region: z.enum(['us', 'eu', 'kr', 'tw']),
  q: z.string().trim().max(64).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

const zRealmList = z.object({
  items: z.array(z.object({ slug: z.string(), name: z.string() })),
});

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s'’`\-().]/g, '');

/**
 * Realm names for the create-community form's autocomplete: the shipped realm table merged with
 * the region's realms refreshed from Blizzard, those starting with what was typed first.
 */
export const realmRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/v1/realms',
    { schema: { tags: ['wow'], querystring: zRealmQuery, response: { 200: zRealmList } } },
    async (request) => {
      const { region, q, limit } = request.query;
      const bySlug = new Map<string, string>();
      for (const r of [...shippedRealms(region), ...(await findRefreshedRealms(ctx.db, region))])
        if (r.names[0]) bySlug.set(r.slug, r.names[0]);
      const want = fold(q);
      const scored: { slug: string; name: string; rank: number }[] = [];
      for (const [slug, name] of bySlug) {
        const key = fold(name);
        const rank = !want ? 1 : key.startsWith(want) ? 0 : key.includes(want) ? 1 : -1;
        if (rank >= 0) scored.push({ slug, name, rank });
      }
      scored.sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name));
      return { items: scored.slice(0, limit).map(({ slug, name }) => ({ slug, name })) };
    },
  );
};
