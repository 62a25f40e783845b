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

/** The export's clock: Monday 30 November 2026, noon UTC (13:00 in Madrid). */
export const NOW = new Date('2026-11-30T12:00:00.000Z');
/** A player name built to break out of HTML if it were ever written unescaped. */
export const HOSTILE = `<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>&amp;'"`;

const gain = (memberId: string, days: number, xp: number) => ({
  memberId,
  days,
  xp,
  ehp: 0,
  ehb: 0,
  bossKills: 0,
  metrics: { skills: {}, bosses: {}, activities: {}, other: {} },
  computedAt: NOW,
});

/**
 * A small clan in Madrid's time zone, speaking Spanish: three members (one with the hostile
 * name), two linked to Discord, hourly counts whose busiest cell is Wednesday 19:00 local.
 */
export async function seedClan(ctx: AppContext): Promise<Community> {
  const community = await makeCommunity(ctx, {
    name: 'Los <b>Guardianes</b>',
    game: 'osrs',
    timezone: 'Europe/Madrid',
    language: 'es',
  });
  const cid = community.id;
  const [zezima, hostile, lynx] = await ctx.db
    .insert(osrsMembers)
    .values([
      { communityId: cid, womId: 1, name: 'Zezima', role: 'owner' },
      { communityId: cid, womId: 2, name: HOSTILE, role: 'member' },
      { communityId: cid, womId: 3, name: 'Lynx Titan', role: 'member' },
    ])
    .returning();
  await ctx.db
    .insert(osrsGains)
    .values([
      gain(zezima!.id, 7, 500_000),
      gain(zezima!.id, 30, 2_000_000),
      gain(hostile!.id, 7, 800_000),
      gain(hostile!.id, 30, 1_000_000),
      gain(lynx!.id, 7, 100),
      gain(lynx!.id, 30, 50_000),
    ]);
  await ctx.db.insert(osrsSnapshots).values([
    {
      memberId: zezima!.id,
      takenAt: new Date('2026-11-27T06:00:00Z'),
      values: { overall: ['s', 100_000_000, 1, 2277], zulrah: ['b', 500] },
    },
    {
      memberId: zezima!.id,
      takenAt: new Date('2026-11-28T06:00:00Z'),
      values: { overall: ['s', 100_300_000, 1, 2277], zulrah: ['b', 510], vorkath: ['b', 20] },
    },
    {
      memberId: hostile!.id,
      takenAt: new Date('2026-11-28T06:00:00Z'),
      values: { overall: ['s', 50_000_000, 9, 2100], zulrah: ['b', 900] },
    },
  ]);
  await ctx.db.insert(osrsHarvests).values({
    communityId: cid,
    groupId: 42,
    calls: 6,
    members: 3,
    joined: 3,
    left: 0,
    renamed: 0,
    snapshots: 3,
  });
  await ctx.db.insert(osrsActivityChannels).values({ communityId: cid, channelId: 'c1' });
  await ctx.db.insert(osrsDiscordLinks).values([
    { memberId: zezima!.id, communityId: cid, discordUserId: 'u1', source: 'rule' },
    { memberId: hostile!.id, communityId: cid, discordUserId: 'u2', source: 'manual' },
  ]);
  await ctx.db.insert(osrsDiscordActivity).values([
    { communityId: cid, discordUserId: 'u1', channelId: 'c1', day: '2026-11-28', messages: 40 },
    { communityId: cid, discordUserId: 'u2', channelId: 'c1', day: '2026-11-29', messages: 12 },
    // Older than 30 days: left out of every board.
    { communityId: cid, discordUserId: 'u1', channelId: 'c1', day: '2026-09-01', messages: 999 },
  ]);
  await ctx.db.insert(osrsDiscordHours).values([
    { communityId: cid, hour: new Date('2026-11-25T18:00:00Z'), messages: 50 }, // Wed 19:00 Madrid
    { communityId: cid, hour: new Date('2026-11-26T10:00:00Z'), messages: 7 }, // Thu 11:00
    { communityId: cid, hour: new Date('2026-11-27T23:00:00Z'), messages: 9 }, // Sat 00:00 (Fri in UTC)
    { communityId: cid, hour: new Date('2026-09-01T10:00:00Z'), messages: 500 }, // too old
  ]);
  return community;
}

export const OSRS_TABLES = [
  'osrs_members',
  'osrs_snapshots',
  'osrs_gains',
  'osrs_harvests',
  'osrs_activity_channels',
  'osrs_discord_activity',
  'osrs_discord_hours',
  'osrs_discord_links',
] as const;
