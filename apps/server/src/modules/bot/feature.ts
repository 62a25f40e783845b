import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
  APIInteraction,
  APIModalInteractionResponseCallbackData,
  ApplicationCommandOptionType,
} from 'discord-api-types/v10';
import type { AppContext } from '../../core/context';
import type { GuildLinkRow } from './bot.repo';
import type { BotLanguage, BotModule } from './bot.tables';
import type { CustomId } from './custom-id';
import type { DiscordActions } from './discord-actions';
import type { L10n } from './i18n';
import type { DiscordSubject } from './permissions';

/**
 * Who may use a command, component or modal: anyone, only those who manage the server
 * (Manage Server), or holders of a module (Manage Server, or a grant to their role or user).
 */
export type BotPermission = 'everyone' | 'manage-guild' | BotModule;

export interface BotCommandOption {
  type:
    | ApplicationCommandOptionType.String
    | ApplicationCommandOptionType.Integer
    | ApplicationCommandOptionType.Boolean
    | ApplicationCommandOptionType.User
    | ApplicationCommandOptionType.Channel
    | ApplicationCommandOptionType.Role;
  name: L10n;
  description: L10n;
  required?: boolean;
  choices?: { name: L10n; value: string | number }[];
  maxLength?: number;
}

/** What a handler sees of one interaction. */
export interface InteractionContext {
  app: AppContext;
  interaction: APIInteraction;
  /** The reply language: the server's (`/language`), else the user's locale. */
  lang: BotLanguage;
  t(text: L10n, vars?: Record<string, string | number>): string;
  user: { id: string; name: string };
  guildId?: string;
  channelId?: string;
  /** The server's link, when it has one. */
  link?: GuildLinkRow;
  /** The member, in a server. */
  member?: DiscordSubject;
  /** A command's options by their default (English) name. */
  options: Record<string, string | number | boolean>;
  /** A component's or modal's parsed custom_id. */
  customId?: CustomId;
  /** Values a select chose. */
  values: string[];
  /** A modal's submitted text inputs by custom_id. */
  fields: Record<string, string>;
  discord: DiscordActions;
  /** Work that runs once the answer is sent (Discord waits 3 s at most for it). */
  afterReply(task: () => Promise<void>): void;
}

export type MessageComponents = APIActionRowComponent<APIComponentInMessageActionRow>[];

/** What a handler answers; the router turns it into Discord's callback after checking its limits. */
export type BotReply =
  | {
      type: 'message';
      content?: string;
      embeds?: APIEmbed[];
      components?: MessageComponents;
      /** Only the user sees it (the default). */
      ephemeral?: boolean;
    }
  /** Edits the message the component is on (components only). */
  | { type: 'update'; content?: string; embeds?: APIEmbed[]; components?: MessageComponents }
  | { type: 'modal'; modal: APIModalInteractionResponseCallbackData }
  /**
   * "Thinking…" now, the real answer later: work queued with `afterReply` then calls
   * `discord.editOriginal` (a new message, or with `update` the component's own message).
   */
  | { type: 'defer'; ephemeral?: boolean; update?: boolean };

/** An expected refusal: the user reads `message`, the audit log records `code`. */
export class BotRefusal extends Error {
  constructor(
    readonly code: string,
    readonly text: L10n,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(text.en);
    this.name = 'BotRefusal';
  }
}

export type BotHandler = (ctx: InteractionContext) => Promise<BotReply>;

export interface BotCommand {
  /** Default (English) name and description, with the Spanish ones for es-ES and es-419. */
  name: L10n;
  description: L10n;
  options?: BotCommandOption[];
  permission: BotPermission;
  /** Works before the server is linked (`/setup`); every other command needs a link. */
  beforeLink?: boolean;
  handler: BotHandler;
}

/** A component (button, select) or a modal, found by the `module:action` of its custom_id. */
export interface BotComponent {
  action: string;
  permission: BotPermission;
  handler: BotHandler;
}

/** What one module adds to the bot. */
export interface BotFeature {
  /** The custom_id prefix of its components and modals. */
  module: string;
  commands?: BotCommand[];
  components?: BotComponent[];
  modals?: BotComponent[];
  /** A member left a server (GUILD_MEMBER_REMOVE; needs DISCORD_MEMBER_EVENTS). */
  onMemberLeft?: (app: AppContext, guildId: string, userId: string) => Promise<void>;
}
