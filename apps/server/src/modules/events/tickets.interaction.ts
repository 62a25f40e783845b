import { BotRefusal, canUseModule, type InteractionContext, type L10n } from '../bot';
import { hasStaffRole, type TicketDiscord } from './tickets.service';
import { ticketText } from './tickets.text';

export function discordOf(ctx: InteractionContext): TicketDiscord {
  return {
    channels: ctx.discord.channels,
    botUserId: ctx.app.config.DISCORD_APPLICATION_ID ?? ctx.interaction.application_id,
  };
}

export const communityOf = (ctx: InteractionContext) => {
  if (!ctx.link || !ctx.guildId || !ctx.member) throw new BotRefusal('NOT_LINKED', ticketText.notSetUp);
  return ctx.link.communityId;
};

/** Ticket staff: holders of the `tickets` module (Manage Server included) or a configured staff role. */
export async function isStaff(ctx: InteractionContext): Promise<boolean> {
  const communityId = communityOf(ctx);
  return (
    (await canUseModule(ctx.app.db, communityId, ctx.member!, 'tickets')) ||
    (await hasStaffRole(ctx.app.db, communityId, ctx.member!.roleIds))
  );
}

/**
 * Slow Discord work (several channel calls, a possible 429 wait) runs after a "thinking…"
 * answer; its outcome, refusals included, replaces that answer.
 */
export function deferred(
  ctx: InteractionContext,
  work: () => Promise<{ text: L10n; vars: Record<string, string | number> }>,
) {
  ctx.afterReply(async () => {
    let content: string;
    try {
      const done = await work();
      content = ctx.t(done.text, done.vars);
    } catch (err) {
      if (!(err instanceof BotRefusal)) throw err;
      content = ctx.t(err.text, err.vars);
    }
    await ctx.discord.editOriginal({ content });
  });
  return { type: 'defer' as const, ephemeral: true };
}
