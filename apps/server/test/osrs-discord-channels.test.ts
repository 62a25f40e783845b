import { describe, expect, it } from 'vitest';
import { waitForRun } from '../src/core/queue';
import { OSRS_DISCORD_BACKFILL_JOB } from '../src/modules/osrs/osrs.jobs';
import { TIMEOUT } from './bot-harness';
import { discordUser } from './fakes/discord-bot';
import { userWithRole } from './helpers';
import { countingSetup, guildMessage } from './osrs-discord-fixtures';

describe('osrs: opting Discord channels in over REST', () => {
  it(
    'officers opt a channel in (its history read once by a job), change its kind, list and remove it; members may not',
    async () => {
      const { h, activity, post } = await countingSetup();
      const { app, ctx } = h.t;
      const officer = await userWithRole(app, ctx, h.communityId, 'officer');
      const plain = await userWithRole(app, ctx, h.communityId, 'member', 'plain member');
      const channel = h.fake.rest.guildChannels.add(h.where.guildId, { name: 'help', type: 0 });
      const ana = discordUser('Ana');
      h.fake.rest.guildChannels.say(channel.id, { id: ana.id, name: 'Ana' }, 'older question');
      const url = `/api/v1/communities/${h.communityId}/osrs/channels`;
      const put = (cookie: string, kind: string) =>
        app.inject({ method: 'PUT', url: `${url}/${channel.id}`, headers: { cookie }, payload: { kind } });

      expect((await put(plain.cookie, 'help')).statusCode).toBe(403);
      const created = await put(officer.cookie, 'help');
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ channelId: channel.id, kind: 'help', backfilledAt: null });

      const [run] = await ctx.jobRuns.list({ jobName: OSRS_DISCORD_BACKFILL_JOB, limit: 10, offset: 0 });
      expect(run?.payload).toEqual({ communityId: h.communityId, channelId: channel.id });
      await ctx.queue.start({ worker: true, scheduler: false });
      expect(await waitForRun(ctx.jobRuns, run!.id, 60_000)).toMatchObject({
        status: 'succeeded',
        result: { status: 'done', pages: 1, read: 1, counted: 1 },
      });
      expect(await activity()).toMatchObject([{ discordUserId: ana.id, messages: 1, questions: 1 }]);

      // Already counted from now on by the gateway; a second PUT only changes the kind.
      await post(guildMessage(h.where.guildId, channel.id, ana, new Date().toISOString()));
      const changed = await put(officer.cookie, 'count');
      expect(changed.statusCode).toBe(200);
      expect(changed.json().backfilledAt).not.toBeNull();
      expect(await ctx.jobRuns.count({ jobName: OSRS_DISCORD_BACKFILL_JOB })).toBe(1);

      const list = await app.inject({ url, headers: { cookie: officer.cookie } });
      expect(list.json().items).toMatchObject([{ channelId: channel.id, kind: 'count' }]);
      const del = () =>
        app.inject({ method: 'DELETE', url: `${url}/${channel.id}`, headers: { cookie: officer.cookie } });
      expect((await del()).statusCode).toBe(204);
      expect((await del()).statusCode).toBe(404);
      expect((await app.inject({ url, headers: { cookie: officer.cookie } })).json().items).toEqual([]);
    },
    TIMEOUT,
  );
});
