import { RESTEvents } from 'discord.js';
import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  type BotServices,
  createBotServices,
  type GatewayBot,
  grantModule,
  startGatewayBot,
} from '../src/modules/bot';
import { demoFeature, discordOfficer } from './bot-fixtures';
import {
  type Actor,
  buttonClick,
  chatInput,
  discordUser,
  type FakeDiscordBot,
  FakeDiscordRest,
  fakeGuild,
  modalSubmit,
  PERMISSIONS,
  rateLimited,
  snowflake,
  startFakeDiscordBot,
} from './fakes/discord-bot';
import { createTestApp, makeCommunity, ownerCookie, type TestApp } from './helpers';

interface Harness {
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
async function harness(opts: { heartbeatInterval?: number } = {}): Promise<Harness> {
  const guild = fakeGuild('Los Centinelas');
  const fake = await startFakeDiscordBot([guild], opts);
  const t = await createTestApp({ env: fake.env });
  const community = await makeCommunity(t.ctx, { name: 'Los Centinelas' });
  const h: Harness = {
    fake,
    t,
    communityId: community.id,
    communityName: community.name,
    where: { guildId: guild.id, channelId: snowflake() },
    services: createBotServices(t.ctx, [demoFeature]),
    bot: undefined as unknown as GatewayBot,
    async restart() {
      await h.bot.stop();
      h.services = createBotServices(t.ctx, [demoFeature]);
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

const member = (name: string, extra: Partial<Actor> = {}): Actor => ({
  user: discordUser(name),
  permissions: PERMISSIONS.member,
  locale: 'en-US',
  ...extra,
});

/** The text of a callback that carries a message. */
const text = (body: object) => (body as { data?: { content?: string } }).data?.content;

async function linkServer(h: Harness, officer: Actor) {
  const setup = chatInput(officer, h.where, 'setup', { community: h.communityId });
  h.fake.interact(setup);
  return h.fake.rest.callbackOf(setup.id);
}

/** Generous: each test builds a database and a client on a shared two-core machine; nothing waits on time. */
const TIMEOUT = 180_000;

describe('Discord bot over the gateway (discord.js against the fake gateway and REST)', () => {
  it(
    'connects, gets /setup registered, links the server with /setup, and replies in Spanish after /language es',
    async () => {
      const h = await harness();
      const { rest } = h.fake;
      expect(h.fake.gateway.identifies[0]?.intents).toBe(1); // GUILDS only

      // Unlinked: the server gets only the commands that work before a link.
      const before = await rest.until(() => rest.commandsByGuild.get(h.where.guildId));
      expect(before.map((c) => c.name)).toEqual(['setup']);
      expect(before[0]?.name_localizations).toEqual({ 'es-ES': 'configurar', 'es-419': 'configurar' });

      // A member with no role in the community cannot link it, and is told so.
      const stranger = chatInput(member('Intruso'), h.where, 'setup', { community: h.communityId });
      h.fake.interact(stranger);
      const refused = await rest.callbackOf(stranger.id);
      expect(refused.body.type).toBe(InteractionResponseType.ChannelMessageWithSource);
      expect(text(refused.body)).toContain('Only an owner or officer of **Los Centinelas**');
      expect((refused.body as { data: { flags?: number } }).data.flags).toBe(MessageFlags.Ephemeral);

      const officer = await discordOfficer(h.t.ctx, h.communityId);
      const linked = await linkServer(h, officer);
      expect(text(linked.body)).toBe(
        'This server is now linked to **Los Centinelas**. Commands are being registered.',
      );

      // Once linked, the bulk overwrite carries every command, each with its Spanish name.
      const after = await rest.until(() => {
        const cmds = rest.commandsByGuild.get(h.where.guildId);
        return cmds && cmds.length > 1 ? cmds : undefined;
      });
      expect(after.map((c) => c.name).sort()).toEqual([
        'event',
        'language',
        'setup',
        'standings',
        'too-long',
      ]);
      const language = after.find((c) => c.name === 'language')!;
      expect(language.name_localizations?.['es-419']).toBe('idioma');
      expect(language.description_localizations?.['es-ES']).toBe(
        'El idioma en que el bot responde en este servidor',
      );

      const es = chatInput(officer, h.where, 'language', { language: 'es' });
      h.fake.interact(es);
      expect(text((await rest.callbackOf(es.id)).body)).toBe(
        'A partir de ahora respondo en español en este servidor.',
      );

      // An English-speaking member now reads Spanish, and is refused /language in Spanish.
      const event = chatInput(member('Tom'), h.where, 'event');
      h.fake.interact(event);
      expect(text((await rest.callbackOf(event.id)).body)).toBe('Noche de banda: inscríbete abajo');
      const notAllowed = chatInput(member('Tom'), h.where, 'language', { language: 'en' });
      h.fake.interact(notAllowed);
      expect(text((await rest.callbackOf(notAllowed.id)).body)).toBe(
        'No tienes permiso para usar esto aquí.',
      );

      // The command log, read by the owner through the API.
      await h.services.router.settled();
      const log = await h.t.app.inject({
        url: `/api/v1/communities/${h.communityId}/bot/commands`,
        headers: { cookie: await ownerCookie(h.t.app, h.t.ctx) },
      });
      expect(log.statusCode).toBe(200);
      const rows = log.json().items as { name: string; outcome: string; userId: string; options: unknown }[];
      expect(rows.map((r) => [r.name, r.outcome])).toEqual([
        ['language', 'MISSING_PERMISSION'],
        ['event', 'ok'],
        ['language', 'ok'],
        ['setup', 'ok'],
      ]);
      expect(rows[3]?.userId).toBe(officer.user.id);
      expect(rows[3]?.options).toEqual({ community: h.communityId });
      expect(log.json().items[0]).toMatchObject({
        guildId: h.where.guildId,
        channelId: h.where.channelId,
        transport: 'gateway',
        kind: 'command',
      });
      // The stranger's refused /setup happened before the link: it belongs to no community.
      expect(log.json().total).toBe(4);
    },
    TIMEOUT,
  );

  it(
    'routes a button on a message sent before a restart by its custom_id, and checks the module grant',
    async () => {
      const h = await harness();
      const { rest, gateway } = h.fake;
      await linkServer(h, await discordOfficer(h.t.ctx, h.communityId));

      const event = chatInput(member('Tom'), h.where, 'event');
      h.fake.interact(event);
      const posted = await rest.callbackOf(event.id);
      const { data } = posted.body as { data: { components: { components: { custom_id: string }[] }[] } };
      const row = data.components[0]!;
      const joinId = row.components[0]!.custom_id;
      expect(joinId).toBe('demo:join:evt-42');

      await h.restart();
      expect(gateway.identifies).toHaveLength(2);

      // Without the signups grant the click is refused; with it (by role) the message updates.
      const raider = snowflake();
      const noRole = buttonClick(member('Ana'), h.where, joinId);
      h.fake.interact(noRole);
      expect(text((await rest.callbackOf(noRole.id)).body)).toBe(
        'You do not have permission to use this here.',
      );
      await grantModule(
        h.t.ctx.db,
        h.communityId,
        { module: 'signups', subjectType: 'role', subjectId: raider },
        'test',
      );
      const click = buttonClick(member('Ana', { roles: [raider] }), h.where, joinId);
      h.fake.interact(click);
      const updated = await rest.callbackOf(click.id);
      expect(updated.body.type).toBe(InteractionResponseType.UpdateMessage);
      expect(text(updated.body)).toBe('Ana joined evt-42');

      // A custom_id no module answers (a removed feature) gets a clear word, not silence.
      const stale = buttonClick(member('Ana'), h.where, 'gone:away:1');
      h.fake.interact(stale);
      expect(text((await rest.callbackOf(stale.id)).body)).toBe('This button no longer does anything.');

      // A button that opens a modal, and the modal's submit, routed by their custom_ids too.
      const ask = buttonClick(member('Ana'), h.where, 'demo:ask:evt-42');
      h.fake.interact(ask);
      const opened = await rest.callbackOf(ask.id);
      expect(opened.body).toMatchObject({
        type: InteractionResponseType.Modal,
        data: { custom_id: 'demo:note:evt-42', title: 'A note for the organisers' },
      });
      const submit = modalSubmit(member('Ana'), h.where, 'demo:note:evt-42', { note: 'Llego 10 min tarde' });
      h.fake.interact(submit);
      expect(text((await rest.callbackOf(submit.id)).body)).toBe('noted for evt-42: Llego 10 min tarde');
      await h.services.router.settled();
      const log = await h.t.app.inject({
        url: `/api/v1/communities/${h.communityId}/bot/commands?limit=1`,
        headers: { cookie: await ownerCookie(h.t.app, h.t.ctx) },
      });
      // The log keeps which fields were sent, never their text.
      expect(log.json().items[0]).toMatchObject({
        kind: 'modal',
        name: 'demo:note',
        outcome: 'ok',
        options: { key: 'evt-42', fields: ['note'] },
      });
    },
    TIMEOUT,
  );

  it(
    'keeps the gateway alive: heartbeats (op 1) are acknowledged (op 11)',
    async () => {
      const h = await harness({ heartbeatInterval: 300 });
      const { gateway } = h.fake;
      await gateway.until(() => gateway.heartbeats >= 2);
      expect(gateway.acks).toBeGreaterThanOrEqual(2);
      expect(h.bot.client.isReady()).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'waits out a 429 on the interaction callback as discord.js does, then answers',
    async () => {
      const h = await harness();
      const { rest } = h.fake;
      await linkServer(h, await discordOfficer(h.t.ctx, h.communityId));
      const event = chatInput(member('Tom'), h.where, 'event');
      const callbackRoute = FakeDiscordRest.route('POST', new RegExp(`^/interactions/${event.id}/`));
      rest.inject(callbackRoute, rateLimited(0.4));

      const debug: string[] = [];
      h.services.rest.on(RESTEvents.Debug, (line) => debug.push(line));
      h.fake.interact(event);
      const answer = await rest.callbackOf(event.id);
      expect(text(answer.body)).toBe('Raid night: sign up below');
      // discord.js read Retry-After (whole seconds, rounded up from 0.4), added its 50 ms offset,
      // and sent the callback once more after that wait (its own timer: no sleep in this test).
      const hit = debug.find((line) => line.includes('Encountered unexpected 429 rate limit'));
      expect(hit).toMatch(/Retry After\s*: 1050ms/);
      const attempts = rest.requests.filter(callbackRoute);
      expect(attempts).toHaveLength(2);
    },
    TIMEOUT,
  );

  it(
    'reports a user who refuses DMs (50007) as CANNOT_DM, with a message that says what to do',
    async () => {
      const h = await harness();
      const { rest } = h.fake;
      await linkServer(h, await discordOfficer(h.t.ctx, h.communityId));
      const closed = member('Closed');
      rest.closedDms.add(closed.user.id);
      const click = buttonClick(closed, h.where, 'demo:dm:evt-42');
      h.fake.interact(click);
      expect(text((await rest.callbackOf(click.id)).body)).toBe(
        'I cannot send you direct messages: allow DMs from server members to get reminders.',
      );
      const open = member('Open');
      const ok = buttonClick(open, h.where, 'demo:dm:evt-42');
      h.fake.interact(ok);
      expect(text((await rest.callbackOf(ok.id)).body)).toBe('Check your DMs.');
      expect(rest.posted.map((p) => p.body.content)).toEqual(['Reminder for evt-42']);
      await h.services.router.settled();
      const rows = await h.t.app.inject({
        url: `/api/v1/communities/${h.communityId}/bot/commands?limit=2`,
        headers: { cookie: await ownerCookie(h.t.app, h.t.ctx) },
      });
      expect(rows.json().items.map((r: { outcome: string }) => r.outcome)).toEqual(['ok', 'CANNOT_DM']);
      expect(rows.json().total).toBe(3);
    },
    TIMEOUT,
  );

  it(
    'logs an interaction Discord no longer knows (10062) and keeps serving',
    async () => {
      const h = await harness();
      const { rest, gateway } = h.fake;
      await linkServer(h, await discordOfficer(h.t.ctx, h.communityId));
      // Dispatched but never issued by the REST fake: its token is dead, as after 3 s.
      const late = chatInput(member('Tom'), h.where, 'event');
      gateway.interaction(late);
      const refused = await rest.waitFor(
        FakeDiscordRest.route('POST', new RegExp(`^/interactions/${late.id}/`)),
      );
      expect(refused.path).toContain(late.id);
      await h.services.router.settled();
      expect(h.t.logLines.join('')).toContain('interaction expired before the bot answered (10062)');

      const next = chatInput(member('Tom'), h.where, 'event');
      h.fake.interact(next);
      expect(text((await rest.callbackOf(next.id)).body)).toBe('Raid night: sign up below');
      await h.services.router.settled();
      const rows = await h.t.app.inject({
        url: `/api/v1/communities/${h.communityId}/bot/commands?limit=2`,
        headers: { cookie: await ownerCookie(h.t.app, h.t.ctx) },
      });
      expect(rows.json().items.map((r: { outcome: string }) => r.outcome)).toEqual([
        'ok',
        'UNKNOWN_INTERACTION',
      ]);
    },
    TIMEOUT,
  );

  it(
    'defers a slow answer, then edits the original through the interaction webhook',
    async () => {
      const h = await harness();
      const { rest } = h.fake;
      await linkServer(h, await discordOfficer(h.t.ctx, h.communityId));
      const slow = chatInput(member('Tom'), h.where, 'standings');
      h.fake.interact(slow);
      expect((await rest.callbackOf(slow.id)).body).toEqual({
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        data: {},
      });
      const edit = await rest.until(() => rest.followUps.find((f) => f.token === slow.token));
      expect(edit).toMatchObject({
        edit: true,
        body: { content: '1. Ana — 25 pts', allowed_mentions: { parse: [] } },
      });
    },
    TIMEOUT,
  );

  it(
    'never sends a reply over Discord limits: the user gets an error message and the log INTERNAL',
    async () => {
      const h = await harness();
      const { rest } = h.fake;
      await linkServer(h, await discordOfficer(h.t.ctx, h.communityId));
      const big = chatInput(member('Tom'), h.where, 'too-long');
      h.fake.interact(big);
      expect(text((await rest.callbackOf(big.id)).body)).toBe(
        'Something went wrong on our side; the error was logged. Please try again.',
      );
      await h.services.router.settled();
      expect(h.t.logLines.join('')).toContain("message over Discord's limits: content 2001/2000");
    },
    TIMEOUT,
  );
});
