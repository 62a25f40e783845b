import { InteractionResponseType, MessageFlags } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { ticketsFeature } from '../src/modules/events/tickets.bot';
import { discordOfficer } from './bot-fixtures';
import { type Harness, harness, linkServer, member, TIMEOUT, text } from './bot-harness';
import {
  type Actor,
  APPLICATION_ID,
  buttonClick,
  chatInput,
  FakeDiscordRest,
  modalSubmit,
  PERMISSIONS,
  rateLimited,
  snowflake,
} from './fakes/discord-bot';
import { channelErrors } from './fakes/discord-bot/channels';
import { ownerCookie } from './helpers';

const VIEW = 1n << 10n;
const TALK = VIEW | (1n << 11n) | (1n << 14n) | (1n << 15n) | (1n << 16n);

interface Ready {
  h: Harness;
  rest: FakeDiscordRest;
  staffRole: string;
  logChannelId: string;
  admin: Actor;
}

/** A linked server whose admin set tickets up: a staff role and a log channel. */
async function ticketServer(): Promise<Ready> {
  const h = await harness({ features: [ticketsFeature] });
  const { rest } = h.fake;
  await linkServer(h, await discordOfficer(h.t.ctx, h.communityId));
  const admin = member('Admin', { permissions: PERMISSIONS.manageGuild });
  const staffRole = snowflake();
  const log = rest.guildChannels.add(h.where.guildId, { name: 'ticket-log', type: 0 });
  const config = chatInput(admin, h.where, 'ticket-config', {
    'staff-role': staffRole,
    'log-channel': log.id,
  });
  h.fake.interact(config);
  expect(text((await rest.callbackOf(config.id)).body)).toBe(
    `Tickets: staff roles <@&${staffRole}>; category "Tickets"; transcripts to <#${log.id}>.`,
  );
  return { h, rest, staffRole, logChannelId: log.id, admin };
}

/** The text a deferred answer was edited to. */
async function editedAnswer(rest: FakeDiscordRest, token: string, matching = (_: string) => true) {
  const edit = await rest.until(() =>
    rest.followUps.find((f) => f.token === token && f.edit && matching(f.body.content ?? '')),
  );
  return edit.body.content ?? '';
}

async function openTicket(r: Ready, who: Actor, subject?: string) {
  const open = chatInput(who, r.h.where, 'ticket', subject ? { subject } : {});
  r.h.fake.interact(open);
  const cb = await r.rest.callbackOf(open.id);
  expect(cb.body.type).toBe(InteractionResponseType.DeferredChannelMessageWithSource);
  expect((cb.body as { data?: { flags?: number } }).data?.flags).toBe(MessageFlags.Ephemeral);
  return editedAnswer(r.rest, open.token);
}

const customIds = (body: object) =>
  ((body as { components?: { components: { custom_id?: string }[] }[] }).components ?? []).flatMap((row) =>
    row.components.map((c) => c.custom_id),
  );

describe('tickets through the Discord bot (discord.js against the fake gateway and REST)', () => {
  it(
    'opens a private channel, lets staff claim it, closes it with a transcript, and reopens it from the log or the web',
    async () => {
      const r = await ticketServer();
      const { h, rest, staffRole, logChannelId } = r;
      const { guildId } = h.where;
      const ana = member('Ana');
      const answer = await openTicket(r, ana, 'Protest about lap 3');

      const channels = rest.guildChannels;
      const category = channels.inGuild(guildId).find((c) => c.type === 4)!;
      expect(category.name).toBe('Tickets');
      expect(category.permission_overwrites).toEqual([
        { id: guildId, type: 0, allow: '0', deny: String(VIEW) },
        { id: APPLICATION_ID, type: 1, allow: String(TALK), deny: '0' },
      ]);
      const channel = channels.inGuild(guildId).find((c) => c.name === 'ticket-0001')!;
      expect(answer).toBe(`Ticket #1 is open: <#${channel.id}>. Only you and the staff can see it.`);
      expect(channel.parent_id).toBe(category.id);
      expect(channel.topic).toBe('#1 · Protest about lap 3 · Ana');
      // @everyone may not see it; the opener, the staff role and the bot may.
      expect(channel.permission_overwrites).toEqual([
        { id: guildId, type: 0, allow: '0', deny: String(VIEW) },
        { id: ana.user.id, type: 1, allow: String(TALK), deny: '0' },
        { id: staffRole, type: 0, allow: String(TALK), deny: '0' },
        { id: APPLICATION_ID, type: 1, allow: String(TALK), deny: '0' },
      ]);
      const welcome = rest.posted.find((p) => p.channelId === channel.id)!;
      expect(welcome.body.content).toContain('Ticket #1 opened by <@');
      expect(welcome.body.allowed_mentions).toEqual({ parse: [] });
      const [claimId, closeId] = customIds(welcome.body);
      expect(claimId).toMatch(/^events:ticket-claim:[0-9a-f-]{36}$/);
      expect(closeId).toMatch(/^events:ticket-close:/);

      channels.say(channel.id, { id: ana.user.id, name: 'Ana' }, 'I was pushed off at turn 1');
      const inTicket = { guildId, channelId: channel.id };

      // A member without the staff role or the tickets module cannot claim.
      const intruder = buttonClick(member('Tom'), inTicket, claimId!);
      h.fake.interact(intruder);
      expect(text((await rest.callbackOf(intruder.id)).body)).toBe('Only the ticket staff can do this.');

      const marta = member('Marta', { roles: [staffRole] });
      const claim = buttonClick(marta, inTicket, claimId!);
      h.fake.interact(claim);
      const claimed = await rest.callbackOf(claim.id);
      expect(claimed.body.type).toBe(InteractionResponseType.UpdateMessage);
      expect(text(claimed.body)).toBe('Ticket #1 claimed by Marta.');
      expect(customIds((claimed.body as { data: object }).data)).toEqual([closeId]);
      const again = buttonClick(member('Luis', { roles: [staffRole] }), inTicket, claimId!);
      h.fake.interact(again);
      expect(text((await rest.callbackOf(again.id)).body)).toBe('Ticket #1 is already claimed by Marta.');

      const cookie = await ownerCookie(h.t.app, h.t.ctx);
      const list = await h.t.app.inject({
        url: `/api/v1/communities/${h.communityId}/tickets`,
        headers: { cookie },
      });
      expect(list.statusCode).toBe(200);
      expect(list.json()).toMatchObject({
        total: 1,
        items: [
          {
            number: 1,
            status: 'claimed',
            subject: 'Protest about lap 3',
            openedBy: { discordUserId: ana.user.id, displayName: 'Ana' },
            claimedBy: { discordUserId: marta.user.id, displayName: 'Marta' },
          },
        ],
      });
      const ticketId = list.json().items[0].id as string;
      const config = await h.t.app.inject({
        url: `/api/v1/communities/${h.communityId}/tickets/config`,
        headers: { cookie },
      });
      expect(config.json()).toEqual({ staffRoleIds: [staffRole], categoryName: 'Tickets', logChannelId });

      // Closing: transcript to the log channel as a .txt with a Reopen button, then the channel goes.
      const close = buttonClick(marta, inTicket, closeId!);
      h.fake.interact(close);
      await rest.until(() => channels.deleted.find((c) => c.id === channel.id));
      // Locked first (the opener reads but no longer writes), then read, then deleted.
      expect(channels.deleted.find((c) => c.id === channel.id)?.permission_overwrites).toContainEqual({
        id: ana.user.id,
        type: 1,
        allow: String(VIEW | (1n << 16n)),
        deny: String((1n << 11n) | (1n << 14n) | (1n << 15n)),
      });
      const onChannel = rest.requests
        .filter((q) => q.path.includes(`/channels/${channel.id}`) && q.method !== 'POST')
        .map((q) => q.method);
      expect(onChannel).toEqual(['PUT', 'GET', 'DELETE']);
      expect(await editedAnswer(rest, close.token)).toBe(
        'Ticket #1 closed: transcript of 2 messages saved. This channel is being deleted.',
      );
      const logged = rest.posted.find((p) => p.channelId === logChannelId)!;
      expect(logged.body.content).toBe(
        `Ticket #1 (Protest about lap 3) opened by <@${ana.user.id}>, closed by Marta. Transcript attached.`,
      );
      expect(logged.files?.map((f) => f.name)).toEqual(['ticket-0001.txt']);
      const transcript = logged.files![0]!.content;
      expect(transcript).toContain('Ticket #1 — Protest about lap 3');
      expect(transcript).toContain('Closed by Marta');
      expect(transcript).toMatch(/\[2026-11-20 18:00:00 UTC\] Guildhall \[bot\]: Ticket #1 opened by/);
      expect(transcript).toContain('] Ana: I was pushed off at turn 1');
      expect(transcript.indexOf('Guildhall [bot]')).toBeLessThan(transcript.indexOf('Ana: I was pushed'));
      const detail = await h.t.app.inject({
        url: `/api/v1/communities/${h.communityId}/tickets/${ticketId}`,
        headers: { cookie },
      });
      expect(detail.json()).toMatchObject({ status: 'closed', channelId: null, closedBy: 'Marta' });
      expect(detail.json().transcripts).toEqual([
        expect.objectContaining({ closedBy: 'Marta', messageCount: 2, text: transcript }),
      ]);

      // Reopen from the log message: a new private channel for the same ticket.
      const [reopenId] = customIds(logged.body);
      expect(reopenId).toBe(`events:ticket-reopen:${ticketId}`);
      const reopen = buttonClick(marta, { guildId, channelId: logChannelId }, reopenId!);
      h.fake.interact(reopen);
      const reopened = await editedAnswer(rest, reopen.token);
      const second = channels.inGuild(guildId).find((c) => c.name === 'ticket-0001')!;
      expect(second.id).not.toBe(channel.id);
      expect(reopened).toBe(`Ticket #1 reopened by Marta: <#${second.id}>.`);
      expect(second.permission_overwrites?.map((o) => o.id)).toEqual([
        guildId,
        ana.user.id,
        staffRole,
        APPLICATION_ID,
      ]);

      // The web closes and reopens through the same paths.
      const webClose = await h.t.app.inject({
        method: 'POST',
        url: `/api/v1/communities/${h.communityId}/tickets/${ticketId}/close`,
        headers: { cookie },
      });
      expect(webClose.statusCode).toBe(200);
      expect(webClose.json()).toMatchObject({ status: 'closed', channelId: null });
      expect(channels.channels.has(second.id)).toBe(false);
      const twice = await h.t.app.inject({
        method: 'POST',
        url: `/api/v1/communities/${h.communityId}/tickets/${ticketId}/close`,
        headers: { cookie },
      });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().error.message).toBe('Ticket #1 is already closed.');
      const webReopen = await h.t.app.inject({
        method: 'POST',
        url: `/api/v1/communities/${h.communityId}/tickets/${ticketId}/reopen`,
        headers: { cookie },
      });
      expect(webReopen.statusCode).toBe(200);
      expect(webReopen.json()).toMatchObject({ status: 'claimed', number: 1 });
      expect(channels.channels.has(webReopen.json().channelId)).toBe(true);
      const closedOnly = await h.t.app.inject({
        url: `/api/v1/communities/${h.communityId}/tickets?status=closed`,
        headers: { cookie },
      });
      expect(closedOnly.json().total).toBe(0);
    },
    TIMEOUT,
  );

  it(
    'puts the 51st ticket in a new category when "Tickets" holds Discord’s 50 channels, and opens from the panel',
    async () => {
      const r = await ticketServer();
      const { h, rest, admin } = r;
      const { guildId } = h.where;
      const first = rest.guildChannels.add(guildId, { name: 'Tickets', type: 4 });
      for (let i = 1; i <= 50; i++)
        rest.guildChannels.add(guildId, { name: `ticket-old-${i}`, type: 0, parentId: first.id });

      const panel = chatInput(admin, h.where, 'ticket-panel');
      h.fake.interact(panel);
      const posted = await rest.callbackOf(panel.id);
      const [openId] = customIds((posted.body as { data: object }).data);
      expect(openId).toBe('events:ticket-panel:');
      const ana = member('Ana');
      const click = buttonClick(ana, h.where, openId!);
      h.fake.interact(click);
      const modal = await rest.callbackOf(click.id);
      expect(modal.body.type).toBe(InteractionResponseType.Modal);
      const submit = modalSubmit(ana, h.where, 'events:ticket-subject:', { subject: 'Skins' });
      h.fake.interact(submit);
      const answer = await editedAnswer(rest, submit.token);

      const categories = rest.guildChannels.inGuild(guildId).filter((c) => c.type === 4);
      expect(categories.map((c) => c.name)).toEqual(['Tickets', 'Tickets 2']);
      const ticket = rest.guildChannels.inGuild(guildId).find((c) => c.name === 'ticket-0001')!;
      expect(ticket.parent_id).toBe(categories[1]!.id);
      expect(answer).toBe(`Ticket #1 is open: <#${ticket.id}>. Only you and the staff can see it.`);

      // One open ticket per member.
      const twice = chatInput(ana, h.where, 'ticket');
      h.fake.interact(twice);
      expect(await editedAnswer(rest, twice.token)).toBe(`You already have ticket #1 open: <#${ticket.id}>.`);

      // A category that fills between the count and the create (Discord's 50035) sends it on too.
      rest.guildChannels.add(guildId, { name: 'ticket-late', type: 0, parentId: first.id });
      const second = categories[1]!;
      for (let i = 0; i < 48; i++)
        rest.guildChannels.add(guildId, { name: `ticket-x-${i}`, type: 0, parentId: second.id });
      rest.inject(
        (req) =>
          req.method === 'POST' &&
          req.path.endsWith(`/guilds/${guildId}/channels`) &&
          req.body.includes(`"parent_id":"${second.id}"`),
        channelErrors.categoryFull(),
      );
      await openTicket(r, member('Ben'), 'Rules');
      const third = rest.guildChannels.inGuild(guildId).find((c) => c.name === 'Tickets 3')!;
      expect(rest.guildChannels.inGuild(guildId).find((c) => c.name === 'ticket-0002')?.parent_id).toBe(
        third.id,
      );
    },
    TIMEOUT,
  );

  it(
    'tells the user clearly when the bot lacks Manage Channels (50013) or Discord rate-limits it (429)',
    async () => {
      const r = await ticketServer();
      const { h, rest } = r;
      const { guildId } = h.where;
      rest.guildChannels.noManageChannels.add(guildId);
      expect(await openTicket(r, member('Ana'))).toBe(
        'I am missing permissions to manage ticket channels: give the bot Manage Channels (and Manage Roles) in this server.',
      );
      expect(await openTicket(r, member('Lucía', { locale: 'es-ES' }))).toBe(
        'Me faltan permisos para gestionar los canales de tickets: da al bot Gestionar canales (y Gestionar roles) en este servidor.',
      );
      rest.guildChannels.noManageChannels.delete(guildId);

      // A short 429 is waited out as discord.js does: the ticket opens.
      rest.inject(FakeDiscordRest.route('POST', /^\/guilds\/\d+\/channels$/), rateLimited(0.2));
      const opened = await openTicket(r, member('Carla'));
      expect(opened).toMatch(/^Ticket #1 is open: <#\d+>/);
      const channelId = /<#(\d+)>/.exec(opened)![1]!;

      // More than one page of history (Discord gives 100 at a time): the transcript holds it all, in order.
      for (let i = 1; i <= 150; i++)
        rest.guildChannels.say(channelId, { id: snowflake(), name: 'Carla' }, `line ${i}`);

      // A close whose channel the bot may no longer delete still closes, keeps the transcript, and says so.
      const closeId = customIds(rest.posted.find((p) => p.channelId === channelId)!.body)[1]!;
      rest.guildChannels.noManageChannels.add(guildId);
      const close = buttonClick(r.admin, { guildId, channelId }, closeId);
      h.fake.interact(close);
      expect(
        await editedAnswer(rest, close.token, (c) => c.startsWith('Ticket #1 is closed and its transcript')),
      ).toBe(
        'Ticket #1 is closed and its transcript saved, but I could not delete its channel: delete it by hand or give me Manage Channels.',
      );
      expect(rest.guildChannels.channels.has(channelId)).toBe(true);
      rest.guildChannels.noManageChannels.delete(guildId);
      const history = rest.requests.filter(
        (q) => q.method === 'GET' && q.path.endsWith(`/channels/${channelId}/messages`),
      );
      expect(history.map((q) => q.query.get('before') !== null)).toEqual([false, true]);
      const transcript = rest.posted.find((p) => p.channelId === r.logChannelId)!.files![0]!.content;
      expect(transcript).toContain('151 messages');
      expect(transcript.indexOf('Carla: line 1\n')).toBeLessThan(transcript.indexOf('Carla: line 150\n'));
      expect(transcript.indexOf('Carla: line 99\n')).toBeLessThan(transcript.indexOf('Carla: line 100\n'));

      // A long 429 is reported, not waited out inside the interaction.
      rest.inject(FakeDiscordRest.route('POST', /^\/guilds\/\d+\/channels$/), rateLimited(60));
      expect(await openTicket(r, member('Ben'))).toBe(
        'Discord is limiting how fast I can create channels: try again in 60 seconds.',
      );
      const cookie = await ownerCookie(h.t.app, h.t.ctx);
      const list = await h.t.app.inject({
        url: `/api/v1/communities/${h.communityId}/tickets`,
        headers: { cookie },
      });
      // Only the ticket that got its channel exists; the refused ones left nothing behind.
      expect(list.json().items.map((t: { number: number; status: string }) => [t.number, t.status])).toEqual([
        [1, 'closed'],
      ]);
    },
    TIMEOUT,
  );
});
