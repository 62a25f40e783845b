import type { AppContext } from '../src/core/context';
import type { Community } from '../src/modules/communities';
import {
  osrsActivityChannels,
  osrsDiscordActivity,
  osrsDiscordHours,
  osrsDiscordLinks,
} from '../src/modules/osrs/discord.tables';
import { osrsGains, osrsHarvests, osrsMembers, osrsSnapshots } from '../src/modules/osrs/osrs.tables';
import { makeCommunity } from './helpers';

const DAY = 86_400_000;
const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * A clan for the live pages, dated from `now` (the routes read the real clock): four members,
 * two linked to Discord, one quiet in game and on Discord (the purge candidate), snapshots
 * whose overall levels give level gains, and hourly message counts.
 */
export async function seedLiveClan(ctx: AppContext, now = new Date()): Promise<Community> {
  const community = await makeCommunity(ctx, {
    name: 'Falador Knights',
    game: 'osrs',
    timezone: 'UTC',
    language: 'en',
  });
  const cid = community.id;
  const ago = (days: number, hour = 12) => {
    const d = new Date(now.getTime() - days * DAY);
    d.setUTCHours(hour, 0, 0, 0);
    return d;
  };
  const [zezima, lynx, tess, bob] = await ctx.db
    .insert(osrsMembers)
    .values([
      { communityId: cid, womId: 11, name: 'Zezima', role: 'owner', joinedAt: ago(400) },
      { communityId: cid, womId: 12, name: 'Lynx Titan', role: 'sapphire', joinedAt: ago(120) },
      { communityId: cid, womId: 13, name: 'Iron Tess', role: 'member', joinedAt: ago(200) },
      { communityId: cid, womId: 14, name: 'Bob the Builder', role: 'member', joinedAt: ago(20) },
    ])
    .returning();
  const [start, end] = [ago(6, 6), ago(1, 6)];
  await ctx.db.insert(osrsSnapshots).values([
    {
      memberId: zezima!.id,
      takenAt: start,
      values: { overall: ['s', 100_000_000, 1, 2270], zulrah: ['b', 500] },
    },
    {
      memberId: zezima!.id,
      takenAt: end,
      values: { overall: ['s', 101_250_000, 1, 2277], zulrah: ['b', 540] },
    },
    {
      memberId: lynx!.id,
      takenAt: start,
      values: { overall: ['s', 4_600_000_000, 2, 2277], vorkath: ['b', 90] },
    },
    {
      memberId: lynx!.id,
      takenAt: end,
      values: { overall: ['s', 4_600_420_000, 2, 2277], vorkath: ['b', 95] },
    },
    { memberId: tess!.id, takenAt: end, values: { overall: ['s', 3_000_000, 900, 1100], zulrah: ['b', 12] } },
    { memberId: bob!.id, takenAt: start, values: { overall: ['s', 10_000, 99, 300] } },
    { memberId: bob!.id, takenAt: end, values: { overall: ['s', 95_000, 99, 352] } },
  ]);
  const gain = (
    memberId: string,
    days: number,
    g: { xp: number; ehp?: number; ehb?: number; kills?: number; from?: Date; to?: Date },
  ) => ({
    memberId,
    days,
    fromAt: g.from ?? null,
    toAt: g.to ?? null,
    xp: Math.round(g.xp),
    ehp: g.ehp ?? 0,
    ehb: g.ehb ?? 0,
    bossKills: Math.round(g.kills ?? 0),
    metrics: { skills: {}, bosses: {}, activities: {}, other: {} },
    computedAt: now,
  });
  const rows = [];
  for (const days of [7, 30, 90, 365]) {
    const f = days / 7;
    rows.push(
      gain(zezima!.id, days, {
        xp: 1_250_000 * f,
        ehp: 4.5 * f,
        ehb: 2.25 * f,
        kills: 40 * f,
        from: start,
        to: end,
      }),
      gain(lynx!.id, days, {
        xp: 420_000 * f,
        ehp: 1.5 * f,
        ehb: 0.75 * f,
        kills: 5 * f,
        from: start,
        to: end,
      }),
      gain(tess!.id, days, { xp: 0 }),
      gain(bob!.id, days, { xp: 85_000 * f, ehp: 0.5 * f, from: start, to: end }),
    );
  }
  await ctx.db.insert(osrsGains).values(rows);
  await ctx.db.insert(osrsHarvests).values({
    communityId: cid,
    groupId: 42,
    calls: 6,
    members: 4,
    joined: 4,
    left: 0,
    renamed: 0,
    snapshots: 7,
    finishedAt: end,
  });
  await ctx.db.insert(osrsActivityChannels).values({ communityId: cid, channelId: '100' });
  await ctx.db.insert(osrsDiscordLinks).values([
    { memberId: zezima!.id, communityId: cid, discordUserId: '501', source: 'rule' },
    { memberId: lynx!.id, communityId: cid, discordUserId: '502', source: 'manual' },
  ]);
  await ctx.db.insert(osrsDiscordActivity).values([
    { communityId: cid, discordUserId: '501', channelId: '100', day: day(ago(2)), messages: 40 },
    { communityId: cid, discordUserId: '501', channelId: '100', day: day(ago(50)), messages: 60 },
    { communityId: cid, discordUserId: '502', channelId: '100', day: day(ago(3)), messages: 12 },
    { communityId: cid, discordUserId: '999', channelId: '100', day: day(ago(3)), messages: 7 },
  ]);
  const hours = [];
  for (let d = 1; d <= 14; d++) hours.push({ communityId: cid, hour: ago(d, 19), messages: 3 + (d % 4) });
  hours.push({ communityId: cid, hour: ago(2, 20), messages: 25 });
  await ctx.db.insert(osrsDiscordHours).values(hours);
  return community;
}
