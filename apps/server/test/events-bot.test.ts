import { GatewayDispatchEvents, InteractionResponseType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { cliActor } from '../src/modules/audit';
import {
  createEvent,
  type EventChange,
  eventsBot,
  listSignups,
  onEventChanged,
  requireEvent,
  transitionEvent,
} from '../src/modules/events';
import { discordOfficer } from './bot-fixtures';
import { harness, linkServer, member, TIMEOUT, text } from './bot-harness';
import { nextYear } from './events-fixtures';
import { buttonClick, chatInput, PERMISSIONS } from './fakes/discord-bot';

interface Embedded {
  type: number;
  data: {
    content?: string;
    embeds?: { title: string; fields: { name: string; value: string }[]; description?: string }[];
    components?: { components: { custom_id: string; label: string }[] }[];
  };
}

describe('events on Discord: announcement, Sign up / Withdraw buttons, /events, members leaving', () => {
  it(
    'announces a published event, seats and queues clickers after a restart, and frees seats of leavers',
    async () => {
      const h = await harness({ features: [eventsBot], env: { DISCORD_MEMBER_EVENTS: 'true' } });
      const { rest } = h.fake;
      // GUILDS + GUILD_MEMBERS (allowed here) + GUILD_SCHEDULED_EVENTS (edits made in Discord).
      expect(h.fake.gateway.identifies[0]?.intents).toBe(1 | 2 | (1 << 16));
      await linkServer(h, await discordOfficer(h.t.ctx, h.communityId));
      const ctx = h.t.ctx;
      const startsAt = nextYear('04-02T20:00:00+02:00');
      const created = await createEvent(
        ctx,
        h.communityId,
        { title: 'Noche de Carreras', startsAt, capacity: 1, description: 'Monza, 20 laps' },
        cliActor,
      );
      await transitionEvent(ctx, h.communityId, created.id, 'publish', cliActor);

      // Announcing needs the events module: a plain member is refused, a server manager posts it.
      const denied = chatInput(member('Tom'), h.where, 'announce-event', { event: 'noche de carreras' });
      h.fake.interact(denied);
      expect(text((await rest.callbackOf(denied.id)).body)).toBe(
        'You do not have permission to use this here.',
      );
      const manager = member('Marta', { permissions: PERMISSIONS.manageGuild });
      const announce = chatInput(manager, h.where, 'announce-event', { event: 'noche de carreras' });
      h.fake.interact(announce);
      expect(text((await rest.callbackOf(announce.id)).body)).toBe(
        'Announced **Noche de Carreras** in this channel.',
      );
      const posted = rest.posted.at(-1)!;
      expect(posted.channelId).toBe(h.where.channelId);
      const unix = Math.floor(Date.parse(startsAt) / 1000);
      const embed = (posted.body as Embedded['data']).embeds![0]!;
      expect(embed.title).toBe('Noche de Carreras');
      expect(embed.fields).toEqual([
        { name: 'Starts', value: `<t:${unix}:F> (<t:${unix}:R>)` },
        { name: 'Seats', value: '0/1', inline: true },
        { name: 'Waitlist', value: '0', inline: true },
      ]);
      const buttons = (posted.body as Embedded['data']).components![0]!.components;
      expect(buttons.map((b) => [b.custom_id, b.label])).toEqual([
        [`events:signup:${created.id}`, 'Sign up'],
        [`events:withdraw:${created.id}`, 'Withdraw'],
      ]);
      expect((await requireEvent(ctx.db, h.communityId, created.id)).messageId).toEqual(expect.any(String));

      // The buttons still work in a new process: everything is in the custom_id.
      await h.restart();
      const ana = member('Ana');
      const click = buttonClick(ana, h.where, `events:signup:${created.id}`);
      h.fake.interact(click);
      const updated = (await rest.callbackOf(click.id)).body as Embedded;
      expect(updated.type).toBe(InteractionResponseType.UpdateMessage);
      expect(updated.data.embeds![0]!.fields[1]).toEqual({ name: 'Seats', value: '1/1', inline: true });
      const note = await rest.until(() => rest.followUps.find((f) => f.token === click.token));
      expect(note.body.content).toBe('You are in **Noche de Carreras**: seat 1 of 1.');

      // Spanish readers get Spanish; the second clicker waits in line.
      const bea = member('Bea', { locale: 'es-ES' });
      const second = buttonClick(bea, h.where, `events:signup:${created.id}`);
      h.fake.interact(second);
      const queued = (await rest.callbackOf(second.id)).body as Embedded;
      expect(queued.data.embeds![0]!.fields.map((f) => [f.name, f.value])).toEqual([
        ['Empieza', `<t:${unix}:F> (<t:${unix}:R>)`],
        ['Plazas', '1/1'],
        ['Lista de espera', '1'],
      ]);
      expect(queued.data.components![0]!.components.map((b) => b.label)).toEqual([
        'Inscribirme',
        'Retirarme',
      ]);
      const beaNote = await rest.until(() => rest.followUps.find((f) => f.token === second.token));
      expect(beaNote.body.content).toBe(
        '**Noche de Carreras** está completo: eres el número 1 en la lista de espera. Subirás cuando se libere una plaza.',
      );
      const again = buttonClick(bea, h.where, `events:signup:${created.id}`);
      h.fake.interact(again);
      await rest.callbackOf(again.id);
      expect((await rest.until(() => rest.followUps.find((f) => f.token === again.token))).body.content).toBe(
        'Ya eres el número 1 en la lista de espera de **Noche de Carreras**.',
      );

      // Ana withdraws: Bea takes the seat.
      const leave = buttonClick(ana, h.where, `events:withdraw:${created.id}`);
      h.fake.interact(leave);
      expect(((await rest.callbackOf(leave.id)).body as Embedded).data.embeds![0]!.fields[2]!.value).toBe(
        '0',
      );
      expect((await rest.until(() => rest.followUps.find((f) => f.token === leave.token))).body.content).toBe(
        'You withdrew from **Noche de Carreras**.',
      );
      const notIn = buttonClick(ana, h.where, `events:withdraw:${created.id}`);
      h.fake.interact(notIn);
      expect(text((await rest.callbackOf(notIn.id)).body)).toBe('You are not signed up to this event.');
      expect((await listSignups(ctx.db, h.communityId, created.id)).items).toEqual([
        expect.objectContaining({ displayName: 'Bea', status: 'confirmed', position: 1 }),
      ]);

      // /events lists what is coming, with Discord timestamps.
      const list = chatInput(member('Tom'), h.where, 'events');
      h.fake.interact(list);
      const listed = (await rest.callbackOf(list.id)).body as Embedded;
      expect(listed.data.embeds![0]!.description).toBe(
        `**Noche de Carreras** — <t:${unix}:F> (<t:${unix}:R>) — 1/1 seats, 0 waiting`,
      );

      // Bea leaves the Discord server: her seat goes (the gateway's GUILD_MEMBER_REMOVE).
      const removed = new Promise<EventChange>((resolve) => {
        const stop = onEventChanged((_c, change) => {
          if (change.event.id === created.id && change.kind === 'signups') {
            stop();
            resolve(change);
          }
        });
      });
      h.fake.gateway.dispatch(GatewayDispatchEvents.GuildMemberRemove, {
        guild_id: h.where.guildId,
        user: bea.user,
      });
      await removed;
      expect((await listSignups(ctx.db, h.communityId, created.id)).total).toBe(0);

      // A cancelled event's button answers that sign-ups are closed.
      await transitionEvent(ctx, h.communityId, created.id, 'cancel', cliActor);
      const late = buttonClick(member('Carla'), h.where, `events:signup:${created.id}`);
      h.fake.interact(late);
      expect(text((await rest.callbackOf(late.id)).body)).toBe('Sign-ups for this event are closed.');
      const gone = buttonClick(
        member('Carla'),
        h.where,
        'events:signup:00000000-0000-4000-8000-000000000000',
      );
      h.fake.interact(gone);
      expect(text((await rest.callbackOf(gone.id)).body)).toBe('This event no longer exists.');
    },
    TIMEOUT,
  );
});
