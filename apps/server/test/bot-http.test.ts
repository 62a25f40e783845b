import { InteractionResponseType } from 'discord-api-types/v10';
import { describe, expect, it, onTestFinished } from 'vitest';
import { botServices } from '../src/modules/bot';
import { SIGNATURE_MAX_AGE_S } from '../src/modules/bot/verify';
import { botFeatures } from '../src/modules/registry';
import { discordOfficer } from './bot-fixtures';
import {
  chatInput,
  type FakeDiscordBot,
  fakeGuild,
  pingInteraction,
  signingKeys,
  snowflake,
  startFakeDiscordBot,
} from './fakes/discord-bot';
import { createTestApp, makeCommunity, ownerCookie, userWithRole } from './helpers';

/** The app with a generated key pair as its application's key, and Discord's REST API faked. */
async function signedApp(opts: { publicKey?: boolean } = {}) {
  const keys = signingKeys();
  const fake: FakeDiscordBot = await startFakeDiscordBot();
  // A token for the REST calls (command registration), and no gateway: HTTP interactions only.
  const t = await createTestApp({
    env: { ...fake.env, ...(opts.publicKey === false ? {} : { DISCORD_PUBLIC_KEY: keys.publicKeyHex }) },
  });
  onTestFinished(async () => {
    await t.close();
    await fake.close();
  });
  const post = (body: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/discord/interactions', payload: body, headers });
  return { keys, fake, t, post };
}

/** Each test builds a migrated database on a shared two-core machine: generous, nothing waits on time. */
const TIMEOUT = 180_000;

describe('POST /discord/interactions (HTTP interactions, Ed25519-signed)', () => {
  it(
    'answers a signed PING with a PONG, and refuses bad, missing or replayed-onto-other-body signatures with 401',
    async () => {
      const { keys, post } = await signedApp();
      const ping = JSON.stringify(pingInteraction());
      const ok = await post(ping, keys.sign(ping));
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['content-type']).toMatch(/^application\/json/);
      expect(ok.json()).toEqual({ type: 1 });

      const other = signingKeys();
      expect((await post(ping, other.sign(ping))).statusCode).toBe(401); // another application's key
      expect((await post(ping, { 'content-type': 'application/json' })).statusCode).toBe(401); // unsigned
      const signed = keys.sign(ping);
      // A signature is over this exact body and timestamp: any change fails it.
      expect((await post(`${ping} `, signed)).statusCode).toBe(401);
      const at = Number(signed['x-signature-timestamp']);
      expect((await post(ping, { ...signed, 'x-signature-timestamp': String(at + 1) })).statusCode).toBe(401);
      // A request Discord really signed, replayed past the freshness window (or dated ahead), is refused.
      const stale = String(at - SIGNATURE_MAX_AGE_S - 60);
      expect((await post(ping, keys.sign(ping, stale))).statusCode).toBe(401);
      expect((await post(ping, keys.sign(ping, String(at + 3600)))).statusCode).toBe(401);
      expect((await post(ping, keys.sign(ping, String(at - 30)))).statusCode).toBe(200);
      expect((await post(ping, { ...signed, 'x-signature-ed25519': 'zz' })).statusCode).toBe(401);
      const refused = await post(ping, { ...signed, 'x-signature-ed25519': '0'.repeat(128) });
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toBe('UNAUTHENTICATED');
      // Signed but not JSON: a clear 400, not a crash.
      expect((await post('{not json', keys.sign('{not json'))).statusCode).toBe(400);
    },
    TIMEOUT,
  );

  it(
    'refuses everything when no public key is configured',
    async () => {
      const { keys, post } = await signedApp({ publicKey: false });
      const ping = JSON.stringify(pingInteraction());
      expect((await post(ping, keys.sign(ping))).statusCode).toBe(401);
    },
    TIMEOUT,
  );

  it(
    'runs a command through the same router and answers it in the HTTP response, then logs it',
    async () => {
      const { keys, fake, t, post } = await signedApp();
      const community = await makeCommunity(t.ctx, { name: 'Club de Carreras' });
      const officer = await discordOfficer(t.ctx, community.id, 'Marta');
      const where = { guildId: fakeGuild('Club').id, channelId: snowflake() };

      const setup = JSON.stringify(
        chatInput({ ...officer, locale: 'es-ES' }, where, 'setup', { community: community.id }),
      );
      const res = await post(setup, keys.sign(setup));
      expect(res.statusCode).toBe(200);
      // The server has no language yet: the user's locale (es-ES) picks Spanish.
      expect(res.json()).toMatchObject({
        type: InteractionResponseType.ChannelMessageWithSource,
        data: {
          content:
            'Este servidor ahora está vinculado a **Club de Carreras**. Se están registrando los comandos.',
          allowed_mentions: { parse: [] },
        },
      });
      // Nothing went through the REST callback: the answer was the HTTP response.
      await botServices(t.ctx, botFeatures()).router.settled();
      expect(fake.rest.callbacks).toHaveLength(0);
      // The link re-registered the server's commands (bulk overwrite), in both languages.
      const commands = fake.rest.commandsByGuild.get(where.guildId)!;
      expect(commands.map((c) => c.name).sort()).toEqual([
        'announce-event',
        'event',
        'events',
        'language',
        'osrs',
        'setup',
        'ticket',
        'ticket-config',
        'ticket-panel',
        'track',
        'tracklist',
        'vehicle',
        'vehiclelist',
      ]);

      const log = await t.app.inject({
        url: `/api/v1/communities/${community.id}/bot/commands`,
        headers: { cookie: await ownerCookie(t.app, t.ctx) },
      });
      expect(log.json().items).toMatchObject([
        {
          name: 'setup',
          kind: 'command',
          outcome: 'ok',
          transport: 'http',
          userName: 'Marta',
          guildId: where.guildId,
        },
      ]);
      expect(log.json().items[0].latencyMs).toBeGreaterThanOrEqual(0);
    },
    TIMEOUT,
  );

  it(
    'keeps the command log to officers',
    async () => {
      const { t } = await signedApp();
      const community = await makeCommunity(t.ctx);
      const url = `/api/v1/communities/${community.id}/bot/commands`;
      expect((await t.app.inject({ url })).statusCode).toBe(401);
      const { cookie } = await userWithRole(t.app, t.ctx, community.id, 'member');
      expect((await t.app.inject({ url, headers: { cookie } })).statusCode).toBe(403);
      const officer = await userWithRole(t.app, t.ctx, community.id, 'officer');
      const ok = await t.app.inject({ url, headers: { cookie: officer.cookie } });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ items: [], total: 0 });
    },
    TIMEOUT,
  );
});
