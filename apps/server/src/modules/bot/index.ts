export { botRoutes } from './bot.routes';
export { type BotLanguage, type BotModule, botModules } from './bot.tables';
export { type CustomId, decodeCustomId, encodeCustomId } from './custom-id';
export type { DiscordActions, SendOutcome } from './discord-actions';
export {
  createBotRest,
  createDiscordActions,
  type DiscordFailure,
  type OutgoingMessage,
  type ScheduledEventOutcome,
} from './discord-actions';
export {
  type ChannelActions,
  type ChannelResult,
  createChannelActions,
  type GuildChannel,
} from './discord-channels';
export {
  type AutocompleteChoice,
  type AutocompleteHandler,
  type BotCommand,
  type BotCommandOption,
  type BotComponent,
  type BotFeature,
  type BotGatewayListener,
  type BotPermission,
  BotRefusal,
  type BotReply,
  type InteractionContext,
} from './feature';
export { type L10n, replyLanguage, translate } from './i18n';
export { findLink } from './links';
export {
  canUseModule,
  type DiscordSubject,
  grantModule,
  holdsModule,
  listModuleGrants,
  managesGuild,
  revokeModule,
} from './permissions';
export {
  type BotServices,
  botServices,
  createBotServices,
  type GatewayBot,
  startGatewayBot,
} from './runtime';
export { discordServerAdminRole } from './server-admins';
