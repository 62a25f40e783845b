import { RESTEvents } from 'discord.js';
import { InteractionResponseType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { discordOfficer } from './bot-fixtures';
import { harness, linkServer, member, TIMEOUT, text } from './bot-harness';
import { buttonClick, chatInput, FakeDiscordRest, rateLimited } from './fakes/discord-bot';
import { ownerCookie } from './helpers';

describe('Discord bot over the gateway: what goes wrong (429, 50007, 10062, limits) and slow answers', () => {
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
