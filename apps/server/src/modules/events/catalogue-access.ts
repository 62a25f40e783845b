import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { type BotModule, canUseModule } from '../bot';
import { discordAccountOf } from './catalogue.service';

/**
 * Who drives the catalogue and the wizards on the web: officers and owners, or a member whose
 * Discord account holds the bot module (granted to their user; role grants need the member's
 * roles in the server, which only Discord knows). Runs after `guard`, which proved membership.
 */
export function requireBotModule(ctx: AppContext, module: BotModule) {
  return async (request: FastifyRequest) => {
    const role = request.access?.role;
    if (role === 'owner' || role === 'officer') return;
    const p = request.principal;
    if (p.kind === 'user' && request.access) {
      const discordId = await discordAccountOf(ctx.db, p.userId);
      if (
        discordId &&
        (await canUseModule(
          ctx.db,
          request.access.communityId,
          {
            userId: discordId,
            roleIds: [],
            permissions: 0n,
          },
          module,
        ))
      )
        return;
    }
    throw new AppError(
      'MISSING_PERMISSION',
      `this needs an officer, or the ${module} module granted on Discord`,
    );
  };
}

/** The owner id a web user's wizards are kept under: their Discord account's, so both flows share one. */
export async function wizardOwnerOf(ctx: AppContext, request: FastifyRequest): Promise<string> {
  const p = request.principal;
  if (p.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'wizards belong to a signed-in user');
  const discordId = await discordAccountOf(ctx.db, p.userId);
  return discordId ? `discord:${discordId}` : `user:${p.userId}`;
}
