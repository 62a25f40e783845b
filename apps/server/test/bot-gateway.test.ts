import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { grantModule } from '../src/modules/bot';
import { discordOfficer } from './bot-fixtures';
import { harness, linkServer, member, TIMEOUT, text } from './bot-harness';
import { buttonClick, chatInput, modalSubmit, snowflake } from './fakes/discord-bot';
import { ownerCookie } from './helpers';

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
});
