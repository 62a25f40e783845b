import { onTestFinished } from 'vitest';
import {
  type BotFeature,
  type BotServices,
  createBotServices,
  type GatewayBot,
  startGatewayBot,
} from '../src/modules/bot';
import { demoFeature } from './bot-fixtures';
import {
  type Actor,
  chatInput,
  discordUser,
  type FakeDiscordBot,
  fakeGuild,
  PERMISSIONS,
  snowflake,
  startFakeDiscordBot,
} from './fakes/discord-bot';
import { createTestApp, makeCommunity, type TestApp } from './helpers';

export interface Harness {
  fake: FakeDiscordBot;
  t: TestApp;
  communityId: string;
  communityName: string;
  where: { guildId: string; channelId: string };
  services: BotServices;
  bot: GatewayBot;
  /** A new process: a fresh router and REST client, and a new discord.js client. */
  restart(): Promise<void>;
}

/** The real discord.js client against the fake gateway and REST server, over a migrated database. */
export async function harness(
  opts: { heartbeatInterval?: number; features?: BotFeature[]; env?: Record<string, string> } = {},
): Promise<Harness> {
  const features = opts.features ?? [demoFeature];
  const guild = fakeGuild('Los Centinelas');
  const fake = await startFakeDiscordBot([guild], opts);
  const t = await createTestApp({ env: { ...fake.env, ...opts.env } });
  const community = await makeCommunity(t.ctx, { name: 'Los Centinelas' });
  const h: Harness = {
    fake,
    t,
    communityId: community.id,
    communityName: community.name,
    where: { guildId: guild.id, channelId: snowflake() },
    services: createBotServices(t.ctx, features),
    bot: undefined as unknown as GatewayBot,
    async restart() {
      await h.bot.stop();
      h.services = createBotServices(t.ctx, features);
      h.bot = await startGatewayBot(t.ctx, h.services);
    },
  };
  h.bot = await startGatewayBot(t.ctx, h.services);
  onTestFinished(async () => {
    await h.bot.stop();
    await t.close();
    await fake.close();
  });
  return h;
}

export const member = (name: string, extra: Partial<Actor> = {}): Actor => ({
  user: discordUser(name),
  permissions: PERMISSIONS.member,
  locale: 'en-US',
  ...extra,
});

/** The text of a callback that carries a message. */
export const text = (body: object) => (body as { data?: { content?: string } }).data?.content;

export async function linkServer(h: Harness, officer: Actor) {
  const setup = chatInput(officer, h.where, 'setup', { community: h.communityId });
  h.fake.interact(setup);
  return h.fake.rest.callbackOf(setup.id);
}

/** Generous: each test builds a database and a client on a shared two-core machine; nothing waits on time. */
export const TIMEOUT = 180_000;
