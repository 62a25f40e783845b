import type { APIInteraction, GatewayGuildCreateDispatchData } from 'discord-api-types/v10';
import { FakeGateway } from './gateway';
import { APPLICATION_ID, BOT_TOKEN } from './interactions';
import { FakeDiscordRest } from './rest';

export { FakeGateway, fakeGuild } from './gateway';
export * from './interactions';
export { discordErrors, FakeDiscordRest, type InteractionCallback, rateLimited } from './rest';

/** Discord's REST API and gateway on loopback, wired together: `/gateway/bot` names the fake gateway. */
export interface FakeDiscordBot {
  rest: FakeDiscordRest;
  gateway: FakeGateway;
  /** The environment that points Guildhall's bot at the fakes. */
  env: Record<string, string>;
  /** Dispatches INTERACTION_CREATE; the REST fake then accepts its callback once. */
  interact(interaction: APIInteraction): void;
  close(): Promise<void>;
}

export async function startFakeDiscordBot(
  guilds: GatewayGuildCreateDispatchData[] = [],
  opts: { heartbeatInterval?: number } = {},
): Promise<FakeDiscordBot> {
  const rest = await new FakeDiscordRest().start();
  const gateway = await new FakeGateway(guilds, opts).start();
  rest.gatewayUrl = gateway.url;
  return {
    rest,
    gateway,
    env: {
      DISCORD_API_BASE_URL: `${rest.url}/api`,
      DISCORD_TOKEN: BOT_TOKEN,
      DISCORD_APPLICATION_ID: APPLICATION_ID,
    },
    interact(interaction) {
      rest.issue(interaction);
      gateway.interaction(interaction);
    },
    async close() {
      await gateway.close();
      await rest.close();
    },
  };
}
