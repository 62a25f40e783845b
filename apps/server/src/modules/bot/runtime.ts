import { Client, type ClientOptions, Events, GatewayIntentBits, type REST, Routes } from 'discord.js';
import {
  type APIInteraction,
  type APIInteractionResponse,
  GatewayDispatchEvents,
  type GatewayGuildCreateDispatchData,
} from 'discord-api-types/v10';
import type { AppContext } from '../../core/context';
import { discordApiBase } from '../../core/outbound/discord-api';
import { coreFeature } from './core-commands';
import { createBotRest } from './discord-actions';
import type { BotFeature, BotGatewayListener } from './feature';
import { findLink } from './links';
import { BotRouter, type InteractionResponder } from './router';

/** What one process holds of the bot: its router and REST client, shared by the HTTP endpoint and the gateway. */
export interface BotServices {
  router: BotRouter;
  rest: REST;
  /** The modules' gateway listeners (edits made in Discord). */
  gateway: BotGatewayListener[];
  /** Bulk-overwrites a server's commands: every command once linked, only `/setup` before. */
  syncGuildCommands(guildId: string, applicationId?: string): Promise<void>;
}

const shared = new WeakMap<AppContext, BotServices>();

/** The bot's services for this process, built once per context with the modules' features. */
export function botServices(app: AppContext, features: readonly BotFeature[]): BotServices {
  const existing = shared.get(app);
  if (existing) return existing;
  const services = createBotServices(app, features);
  shared.set(app, services);
  return services;
}

/** A fresh router and REST client (a restarted bot process, in tests). */
export function createBotServices(app: AppContext, features: readonly BotFeature[]): BotServices {
  const rest = createBotRest(app.config);
  const appId = (given?: string) => {
    const id = given ?? app.config.DISCORD_APPLICATION_ID;
    if (!id) throw new Error('DISCORD_APPLICATION_ID is needed to register commands');
    return id;
  };
  const services: BotServices = {
    rest,
    gateway: features.flatMap((f) => f.gateway ?? []),
    router: undefined as unknown as BotRouter,
    async syncGuildCommands(guildId, applicationId) {
      const linked = !!(await findLink(app, guildId));
      await rest.put(Routes.applicationGuildCommands(appId(applicationId), guildId), {
        body: services.router.commandPayloads(linked),
      });
      app.log.info({ guildId, linked }, 'bot commands registered');
    },
  };
  services.router = new BotRouter(app, rest, [
    coreFeature((guildId, applicationId) => services.syncGuildCommands(guildId, applicationId)),
    ...features,
  ]);
  return services;
}

/** A gateway interaction is answered through the REST callback; the gateway never carries answers. */
export function restResponder(rest: REST, interaction: APIInteraction): InteractionResponder {
  return {
    transport: 'gateway',
    async respond(body: APIInteractionResponse) {
      await rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body, auth: false });
    },
  };
}

export interface GatewayBot {
  client: Client;
  /** Logs out, closes the gateway connection and waits for interactions in flight. */
  stop(): Promise<void>;
}

/**
 * Connects the discord.js client to the gateway (its URL found by `GET /gateway/bot` under
 * DISCORD_API_BASE_URL) and hands every INTERACTION_CREATE to the router. Each server the
 * gateway announces gets its commands registered.
 */
export async function startGatewayBot(
  app: AppContext,
  services: BotServices,
  opts: { clientOptions?: Partial<ClientOptions> } = {},
): Promise<GatewayBot> {
  const token = app.config.DISCORD_TOKEN;
  if (!token) throw new Error('DISCORD_TOKEN is not set');
  const m = /^(.*)\/v(\d+)$/.exec(discordApiBase(app.config.DISCORD_API_BASE_URL))!;
  // A privileged intent the developer portal has not allowed makes Discord refuse the whole
  // connection: listeners that need Server Members run only when the operator says it is allowed.
  const gateway = services.gateway.filter(
    (l) => l.intent !== GatewayIntentBits.GuildMembers || app.config.DISCORD_MEMBER_EVENTS,
  );
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, ...new Set(gateway.map((l) => l.intent))],
    rest: { api: m[1]!, version: m[2]! },
    ...opts.clientOptions,
  });
  client.ws.on(GatewayDispatchEvents.InteractionCreate, (data: APIInteraction) => {
    void services.router.dispatch(data, restResponder(services.rest, data));
  });
  client.ws.on(GatewayDispatchEvents.GuildCreate, (data: GatewayGuildCreateDispatchData) => {
    void services
      .syncGuildCommands(data.id, client.application?.id)
      .catch((err) => app.log.error({ err, guildId: data.id }, 'bot commands could not be registered'));
  });
  for (const listener of gateway)
    client.ws.on(listener.event, (data: unknown) => {
      void listener
        .handle(app, data)
        .catch((err) => app.log.error({ err, event: listener.event }, 'bot gateway listener failed'));
    });
  client.on(Events.Error, (err) => app.log.error({ err }, 'discord gateway error'));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(token);
  await ready;
  app.log.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord bot connected');
  return {
    client,
    async stop() {
      await client.destroy();
      await services.router.settled();
    },
  };
}
