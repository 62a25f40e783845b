import type { TDotaModelKey } from '@guildhall/contracts';
import { graphqlJs } from './graphql-js';

const { GraphQLError } = graphqlJs;

import { findSteamAccount, getPreferences, updatePreferences, zPreferencesChange } from '../preferences';
import type { DotaEstimate, DotaMatchup, DotaModelSet } from '../types';
import type { GraphqlContext } from './context';
import { badInput } from './errors';
import { accountArg, draftArg, heroArg, LIMITS, limitArg, matchIdArg, modelKeyArg } from './inputs';

type Args = Record<string, never>;
interface KeyArgs {
  communityId: string;
  patch?: number | null;
  bracket?: number | null;
}

const estimate = (e: DotaEstimate) => ({ value: e.value, low: e.low, high: e.high, games: e.games });
const matchup = (m: DotaMatchup) => ({
  heroId: m.heroId,
  otherId: m.otherId,
  kind: m.kind === 'counter' ? 'COUNTER' : 'SYNERGY',
  estimate: estimate(m.estimate),
});

function signedInUser(c: GraphqlContext) {
  const p = c.request.principal;
  if (p.kind === 'user') return p;
  throw new GraphQLError(
    p.kind === 'api_key' ? 'an API key speaks for a community, not a player' : 'sign in first',
    { extensions: { code: p.kind === 'api_key' ? 'FORBIDDEN' : 'UNAUTHENTICATED' } },
  );
}

/** The model a community-scoped field reads, after the caller's access is checked. */
async function modelFor(c: GraphqlContext, args: KeyArgs): Promise<DotaModelSet | null> {
  const key = modelKeyArg(args);
  await c.canRead(args.communityId);
  return c.services.models(args.communityId, key);
}

/** A signed-in player's bracket preference stands in when the query names none. */
async function withPreferredBracket(c: GraphqlContext, args: KeyArgs): Promise<KeyArgs> {
  if (args.bracket !== undefined && args.bracket !== null) return args;
  const p = c.request.principal;
  if (p.kind !== 'user') return args;
  const prefs = await getPreferences(c.ctx.db, p.userId);
  return prefs.bracket === null ? args : { ...args, bracket: prefs.bracket };
}

interface MeRoot {
  userId: string;
  displayName: string;
}

export const resolvers = {
  Query: {
    heroes: async (_: unknown, __: Args, c: GraphqlContext) => [...(await c.heroes()).values()],

    model: async (_: unknown, args: KeyArgs, c: GraphqlContext) => {
      const m = await modelFor(c, args);
      return (
        m && {
          patch: m.key.patch,
          bracket: m.key.bracket,
          builtAt: m.builtAt,
          matches: m.matches,
          radiantBias: m.radiantBias,
        }
      );
    },

    strengths: async (_: unknown, args: KeyArgs, c: GraphqlContext) => {
      const m = await modelFor(c, args);
      if (!m) return [];
      const out: { heroId: number; estimate: ReturnType<typeof estimate> }[] = [];
      for (const id of (await c.heroes()).keys()) {
        const e = m.strength(id);
        if (e) out.push({ heroId: id, estimate: estimate(e) });
      }
      return out.sort((a, b) => b.estimate.value - a.estimate.value);
    },

    matchups: async (
      _: unknown,
      args: KeyArgs & { heroId: number; kind?: 'COUNTER' | 'SYNERGY' | null; limit?: number | null },
      c: GraphqlContext,
    ) => {
      const heroId = heroArg(args.heroId, await c.heroes());
      const limit = limitArg(args.limit, LIMITS.matchups);
      const m = await modelFor(c, args);
      if (!m) return [];
      const kinds: ('counter' | 'synergy')[] = args.kind
        ? [args.kind === 'COUNTER' ? 'counter' : 'synergy']
        : ['counter', 'synergy'];
      return kinds
        .flatMap((k) => m.matchups(heroId, k))
        .sort((a, b) => b.estimate.value - a.estimate.value)
        .slice(0, limit)
        .map(matchup);
    },

    suggestions: async (
      _: unknown,
      args: KeyArgs & {
        allies?: number[] | null;
        enemies?: number[] | null;
        bans?: number[] | null;
        accountId?: number | null;
        position?: number | null;
        limit?: number | null;
      },
      c: GraphqlContext,
    ) => {
      const state = draftArg(args, await c.heroes());
      const limit = limitArg(args.limit, LIMITS.suggestions);
      const keyArgs = await withPreferredBracket(c, args);
      const m = await modelFor(c, keyArgs);
      if (!m) return [];
      const key: Partial<TDotaModelKey> = m.key;
      const personal =
        state.accountId === undefined
          ? undefined
          : await c.services.personal(args.communityId, state.accountId, key);
      return m.suggest(state, personal).slice(0, limit);
    },

    matches: async (
      _: unknown,
      args: {
        communityId: string;
        accountId?: number | null;
        heroId?: number | null;
        before?: number | null;
        limit?: number | null;
      },
      c: GraphqlContext,
    ) => {
      const accountId = accountArg(args.accountId);
      const heroId =
        args.heroId === undefined || args.heroId === null
          ? undefined
          : heroArg(args.heroId, await c.heroes());
      const beforeMatchId = matchIdArg(args.before, 'before');
      const limit = limitArg(args.limit, LIMITS.matches);
      await c.canRead(args.communityId);
      const rows = await c.services.matches(args.communityId, {
        limit,
        ...(accountId === undefined ? {} : { accountId }),
        ...(heroId === undefined ? {} : { heroId }),
        ...(beforeMatchId === undefined ? {} : { beforeMatchId }),
      });
      return rows.slice(0, limit);
    },

    me: (_: unknown, __: Args, c: GraphqlContext): MeRoot | null => {
      const p = c.request.principal;
      return p.kind === 'user' ? { userId: p.userId, displayName: p.displayName } : null;
    },
  },

  Me: {
    steamId: async (me: MeRoot, _: Args, c: GraphqlContext) =>
      (await findSteamAccount(c.ctx.db, me.userId))?.steamId ?? null,
    accountId: async (me: MeRoot, _: Args, c: GraphqlContext) =>
      (await findSteamAccount(c.ctx.db, me.userId))?.accountId ?? null,
    preferences: (me: MeRoot, _: Args, c: GraphqlContext) => getPreferences(c.ctx.db, me.userId),
    personal: async (me: MeRoot, args: KeyArgs, c: GraphqlContext) => {
      const key = modelKeyArg(args);
      await c.canRead(args.communityId);
      const steam = await findSteamAccount(c.ctx.db, me.userId);
      if (!steam) return [];
      const rows = await c.services.personal(args.communityId, steam.accountId, key);
      return [...rows].sort((a, b) => b.score - a.score);
    },
  },

  Mutation: {
    updatePreferences: async (
      _: unknown,
      args: { bracket?: number | null; roles?: number[] | null; heroPool?: number[] | null },
      c: GraphqlContext,
    ) => {
      const user = signedInUser(c);
      const parsed = zPreferencesChange.safeParse({
        ...('bracket' in args ? { bracket: args.bracket } : {}),
        ...(args.roles ? { roles: args.roles } : {}),
        ...(args.heroPool ? { heroPool: args.heroPool } : {}),
      });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const argument = String(issue?.path[0] ?? 'preferences');
        throw badInput(`${issue?.path.join('.') ?? argument}: ${issue?.message ?? 'invalid'}`, argument);
      }
      return updatePreferences(c.ctx.db, user.userId, parsed.data);
    },
  },
};
