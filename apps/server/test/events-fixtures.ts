import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../src/core/context';
import { createApiKey } from '../src/modules/access';
import { cliActor } from '../src/modules/audit';
import { linkedAccounts } from '../src/modules/identity/identity.tables';
import { userWithRole } from './helpers';

/** An `events` API key of the community, as the bot or an outside tool holds one. */
export async function eventsKey(ctx: AppContext, communityId: string): Promise<Record<string, string>> {
  const { key } = await createApiKey(ctx, communityId, { name: 'events bot', scopes: ['events'] }, cliActor);
  return { 'x-api-key': key };
}

let snowflakes = 0n;
/** A Discord-shaped id, unique within the run. */
export const discordId = () => String(1_509_654_160_998_500_000n + ++snowflakes);

/** A member signed in to Guildhall who linked their Discord account. */
export async function memberWithDiscord(
  app: FastifyInstance,
  ctx: AppContext,
  communityId: string,
  role: 'member' | 'officer' = 'member',
  name = 'Lucía',
) {
  const u = await userWithRole(app, ctx, communityId, role, name);
  const discordUserId = discordId();
  await ctx.db
    .insert(linkedAccounts)
    .values({ userId: u.userId, provider: 'discord', providerAccountId: discordUserId, displayName: name });
  return { ...u, discordUserId, headers: { cookie: u.cookie } };
}

/** A starting time well ahead of any test run, so default sign-up windows are open. */
export const nextYear = (monthDay = '06-15T19:00:00+02:00') =>
  `${new Date().getUTCFullYear() + 1}-${monthDay}`;
