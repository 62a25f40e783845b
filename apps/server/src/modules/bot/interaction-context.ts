import type { REST } from 'discord.js';
import {
  type APIApplicationCommandInteractionDataOption,
  type APIInteraction,
  ApplicationCommandOptionType,
  InteractionType,
} from 'discord-api-types/v10';
import type { AppContext } from '../../core/context';
import type { GuildLinkRow } from './bot.repo';
import { decodeCustomId } from './custom-id';
import { createDiscordActions } from './discord-actions';
import type { InteractionContext } from './feature';
import { replyLanguage, translate } from './i18n';

/** A command's options by name; a subcommand's own options are flattened into the same map. */
function flattenOptions(
  options: readonly APIApplicationCommandInteractionDataOption[] | undefined,
  out: Record<string, string | number | boolean> = {},
) {
  for (const o of options ?? []) {
    if (
      o.type === ApplicationCommandOptionType.Subcommand ||
      o.type === ApplicationCommandOptionType.SubcommandGroup
    ) {
      out._subcommand = o.name;
      flattenOptions(o.options as APIApplicationCommandInteractionDataOption[] | undefined, out);
    } else if ('value' in o) {
      out[o.name] = o.value;
    }
  }
  return out;
}

/** A modal's text inputs (in action rows or in Label wrappers) by custom_id. */
function modalFields(node: unknown, out: Record<string, string> = {}): Record<string, string> {
  if (Array.isArray(node)) for (const n of node) modalFields(n, out);
  else if (node && typeof node === 'object') {
    const n = node as {
      custom_id?: unknown;
      value?: unknown;
      values?: unknown;
      components?: unknown;
      component?: unknown;
    };
    if (typeof n.custom_id === 'string' && typeof n.value === 'string') out[n.custom_id] = n.value;
    else if (typeof n.custom_id === 'string' && Array.isArray(n.values))
      out[n.custom_id] = n.values.join(',');
    modalFields(n.components, out);
    modalFields(n.component, out);
  }
  return out;
}

/** Everything a handler reads of an interaction, parsed once. */
export function buildInteractionContext(
  app: AppContext,
  rest: REST,
  interaction: APIInteraction,
  link: GuildLinkRow | undefined,
): { ctx: InteractionContext; tasks: (() => Promise<void>)[] } {
  const tasks: (() => Promise<void>)[] = [];
  const discordUser = interaction.member?.user ?? interaction.user;
  const lang = replyLanguage(link?.language, 'locale' in interaction ? interaction.locale : undefined);
  const data = interaction.data as Record<string, unknown> | undefined;
  const customIdRaw = typeof data?.custom_id === 'string' ? data.custom_id : undefined;
  const options =
    interaction.type === InteractionType.ApplicationCommand ||
    interaction.type === InteractionType.ApplicationCommandAutocomplete
      ? flattenOptions((data?.options as APIApplicationCommandInteractionDataOption[] | undefined) ?? [])
      : {};
  const ctx: InteractionContext = {
    app,
    interaction,
    lang,
    t: (text, vars) => translate(text, lang, vars),
    user: {
      id: discordUser?.id ?? '0',
      name: discordUser?.global_name ?? discordUser?.username ?? 'unknown',
    },
    guildId: interaction.guild_id,
    channelId: interaction.channel?.id ?? (interaction as { channel_id?: string }).channel_id,
    link,
    member: interaction.member
      ? {
          userId: interaction.member.user.id,
          roleIds: interaction.member.roles,
          permissions: BigInt(interaction.member.permissions),
        }
      : undefined,
    options,
    customId: customIdRaw === undefined ? undefined : decodeCustomId(customIdRaw),
    values: Array.isArray(data?.values) ? (data.values as string[]) : [],
    fields: interaction.type === InteractionType.ModalSubmit ? modalFields(data?.components) : {},
    discord: createDiscordActions(rest, {
      applicationId: interaction.application_id,
      token: interaction.token,
    }),
    afterReply: (task) => {
      tasks.push(task);
    },
  };
  return { ctx, tasks };
}
