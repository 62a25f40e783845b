import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { getCommunity } from '../communities';
import * as repo from './bot.repo';
import type { BotLanguage } from './bot.tables';
import { type BotFeature, BotRefusal, type InteractionContext } from './feature';
import { messages, replyLanguage, translate } from './i18n';
import { linkGuild, setGuildLanguage } from './links';
import { managesGuild } from './permissions';

/** Re-registers a server's commands (bulk overwrite) after its link changed. */
export type SyncGuildCommands = (guildId: string, applicationId: string) => Promise<void>;

async function isOfficer(ctx: InteractionContext, communityId: string): Promise<boolean> {
  const row = await repo.findDiscordUserRole(ctx.app.db, communityId, ctx.user.id);
  return !!row && (row.isInstanceOwner || row.role === 'owner' || row.role === 'officer');
}

/**
 * `/setup community:<id>` links the server to a community. Linking acts on both sides, so the
 * community's side is always proven: an owner or officer of it (signed in to Guildhall with
 * this Discord account) links; a Manage Server holder may re-run it for the community the
 * server is already linked to (commands registered again), but never move the server to
 * another community, which would hand that community's data to whoever manages a server.
 */
async function setup(ctx: InteractionContext, sync: SyncGuildCommands) {
  if (!ctx.guildId || !ctx.member) throw new BotRefusal('GUILD_ONLY', messages.guildOnly);
  const id = String(ctx.options.community ?? '').trim();
  const community = await getCommunity(ctx.app.db, id);
  if (!community)
    throw new BotRefusal('COMMUNITY_NOT_FOUND', messages.communityNotFound, { id: id.slice(0, 40) });
  const sameLink = ctx.link?.communityId === community.id;
  const allowed = (sameLink && managesGuild(ctx.member)) || (await isOfficer(ctx, community.id));
  if (!allowed)
    throw new BotRefusal('MISSING_PERMISSION', messages.setupNeedsOfficer, { community: community.name });
  await linkGuild(ctx.app, {
    guildId: ctx.guildId,
    communityId: community.id,
    linkedBy: `discord:${ctx.user.id}`,
  });
  const guildId = ctx.guildId;
  ctx.afterReply(() => sync(guildId, ctx.interaction.application_id));
  return {
    type: 'message' as const,
    content: ctx.t(messages.setupDone, { community: community.name }),
    ephemeral: false,
  };
}

/** `/language en|es`: the server's reply language, for whoever manages the server or the community. */
async function language(ctx: InteractionContext) {
  const link = ctx.link!;
  if (!ctx.member || !(managesGuild(ctx.member) || (await isOfficer(ctx, link.communityId))))
    throw new BotRefusal('MISSING_PERMISSION', messages.missingPermission);
  const chosen = ctx.options.language === 'es' ? 'es' : ('en' satisfies BotLanguage);
  await setGuildLanguage(ctx.app, link.guildId, chosen);
  const lang = replyLanguage(chosen, undefined);
  return { type: 'message' as const, content: translate(messages.languageSet, lang), ephemeral: false };
}

/** The bot's own commands: linking a server and choosing its language. */
export function coreFeature(sync: SyncGuildCommands): BotFeature {
  return {
    module: 'bot',
    commands: [
      {
        name: { en: 'setup', es: 'configurar' },
        description: {
          en: 'Link this Discord server to a Guildhall community',
          es: 'Vincula este servidor de Discord con una comunidad de Guildhall',
        },
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: { en: 'community', es: 'comunidad' },
            description: {
              en: 'The community id, from its settings page',
              es: 'El id de la comunidad, de su página de ajustes',
            },
            required: true,
            maxLength: 36,
          },
        ],
        permission: 'everyone',
        beforeLink: true,
        handler: (ctx) => setup(ctx, sync),
      },
      {
        name: { en: 'language', es: 'idioma' },
        description: {
          en: 'The language the bot replies in on this server',
          es: 'El idioma en que el bot responde en este servidor',
        },
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: { en: 'language', es: 'idioma' },
            description: { en: 'English or Spanish', es: 'Inglés o español' },
            required: true,
            choices: [
              { name: { en: 'English', es: 'Inglés' }, value: 'en' },
              { name: { en: 'Spanish', es: 'Español' }, value: 'es' },
            ],
          },
        ],
        permission: 'everyone',
        handler: language,
      },
    ],
  };
}
