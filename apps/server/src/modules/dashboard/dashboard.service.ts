import {
  isOnlineNow,
  type TAuthProviders,
  type THeatmapCellDetail,
  type TMythicOverview,
  type TPurgePreview,
  type TTeamCandidate,
} from '@guildhall/contracts';
import type { AppContext } from '../../core/context';
import type { Executor } from '../../core/db';
import { AppError } from '../../core/errors';
import { latestActivityAt } from '../activity';
import { type Actor, recordAudit } from '../audit';
import {
  type Community,
  getCommunity,
  listCommunities,
  readCredential,
  requireCommunity,
} from '../communities';
import { removeMembers } from '../members';
import * as repo from './dashboard.repo';

const WEEK_MS = 7 * 86_400_000;
const DAY_MS = 86_400_000;

export async function publicCommunities(db: Executor) {
  const rows = await listCommunities(db);
  const items = rows
    .filter((c) => (c.settings.publicPages ?? []).length > 0)
    .map((c) => ({ id: c.id, name: c.name, game: c.game, publicPages: c.settings.publicPages ?? [] }));
  return { items, total: items.length };
}

/**
 * Sign-in methods for a community: Battle.net when this server has its login route and the
 * community stored Blizzard credentials; Discord when the installation has a Discord client
 * (DISCORD_CLIENT_ID and DISCORD_CLIENT_SECRET); Steam when STEAM_SIGN_IN is on.
 */
export async function authProviders(
  ctx: AppContext,
  communityId: string | undefined,
  hasRoute: (url: string) => boolean,
): Promise<TAuthProviders> {
  const community = communityId ? await getCommunity(ctx.db, communityId) : undefined;
  const battlenetUrl =
    community &&
    hasRoute('/auth/battlenet/:communityId/login') &&
    (await readCredential(ctx, community.id, 'blizzard'))
      ? `/auth/battlenet/${community.id}/login`
      : null;
  const discordUrl =
    hasRoute('/auth/discord/login') && ctx.config.DISCORD_CLIENT_ID && ctx.config.DISCORD_CLIENT_SECRET
      ? '/auth/discord/login'
      : null;
  const steamUrl = hasRoute('/auth/steam') && ctx.config.STEAM_SIGN_IN ? '/auth/steam' : null;
  return {
    battlenet: battlenetUrl !== null,
    battlenetUrl,
    discord: discordUrl !== null,
    discordUrl,
    steam: steamUrl !== null,
    steamUrl,
  };
}

/** One heatmap cell over the same window as the heatmap: numbers plus the most-seen members. */
export async function heatmapCell(
  db: Executor,
  community: Community,
  q: { weekday: number; hour: number; weeks: number },
): Promise<THeatmapCellDetail> {
  const to = (await latestActivityAt(db, community.id)) ?? new Date();
  const window: repo.CellWindow = {
    communityId: community.id,
    timezone: community.timezone,
    weekday: q.weekday,
    hour: q.hour,
    from: new Date(to.getTime() - q.weeks * WEEK_MS),
    to,
  };
  const [numbers, members] = await Promise.all([
    repo.findCellNumbers(db, window),
    repo.findCellMembers(db, window, 8),
  ]);
  return {
    weekday: q.weekday,
    hour: q.hour,
    // Rounded as the heatmap rounds, so the tooltip and the grid agree.
    average: numbers.average === null ? null : Math.round(numbers.average * 100) / 100,
    samples: numbers.samples,
    members,
  };
}

const tiers = [20, 15, 10];

export async function mythicOverview(db: Executor, communityId: string): Promise<TMythicOverview> {
  const [mains, season] = await Promise.all([
    repo.findActiveMains(db, communityId),
    repo.findLatestSeason(db, communityId),
  ]);
  const top = mains
    .filter((m) => m.score !== null && m.score > 0)
    .slice(0, 10)
    .map((m) => ({
      id: m.memberId,
      name: m.name,
      class: m.class,
      spec: m.spec,
      role: m.role,
      score: m.score!,
    }));
  const keys = season ? await repo.findBestTimedKeys(db, communityId, season, tiers[tiers.length - 1]!) : [];
  const byDungeon = new Map<string, typeof keys>();
  for (const k of keys) byDungeon.set(k.dungeon, [...(byDungeon.get(k.dungeon) ?? []), k]);
  const dungeons = [...byDungeon.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([dungeon, rows]) => ({
      dungeon,
      tiers: tiers.map((level, i) => {
        const ceiling = i === 0 ? Number.POSITIVE_INFINITY : tiers[i - 1]!;
        return {
          level,
          members: rows
            .filter((r) => r.best >= level && r.best < ceiling)
            .map((r) => ({ id: r.memberId, name: r.name, class: r.class, best: r.best })),
        };
      }),
    }));
  return { season, top, dungeons };
}

export async function teamCandidates(
  db: Executor,
  communityId: string,
  now: Date,
): Promise<{ items: TTeamCandidate[]; total: number }> {
  const items = (await repo.findActiveMains(db, communityId)).map((m) => ({
    id: m.memberId,
    name: m.name,
    class: m.class,
    spec: m.spec,
    role: m.role,
    score: m.score,
    online: isOnlineNow(m.online, m.lastSeenAt, now),
    lastSeen: m.lastSeenAt?.toISOString() ?? null,
  }));
  return { items, total: items.length };
}

/**
 * Members count as gone when not seen for the inactivity threshold before the community's
 * latest activity (as every read model ends its window there): a guild whose uploads paused
 * does not see everyone become purgeable.
 */
async function purgeCutoff(db: Executor, community: Community): Promise<Date> {
  const latest = (await latestActivityAt(db, community.id)) ?? new Date();
  return new Date(Math.min(latest.getTime(), Date.now()) - community.inactivityDays * DAY_MS);
}

/** The dry run: who The Purge would remove now. */
export async function purgePreview(db: Executor, community: Community): Promise<TPurgePreview> {
  const members = await repo.findPurgeCandidates(db, community.id, await purgeCutoff(db, community));
  return {
    thresholdDays: community.inactivityDays,
    members,
    characters: members.reduce((sum, m) => sum + m.characters, 0),
  };
}

/**
 * Removes the listed members that are still eligible, only when the community's name was
 * typed, in one transaction with its audit entry.
 */
export async function purge(
  ctx: AppContext,
  communityId: string,
  input: { confirm: string; memberIds: string[] },
  actor: Actor,
): Promise<{ removed: number; characters: number }> {
  const result = await ctx.db.transaction(async (tx) => {
    const community = await requireCommunity(tx, communityId);
    if (input.confirm.trim() !== community.name) {
      throw new AppError('CONFIRMATION_REQUIRED', 'type the community name exactly to confirm the purge');
    }
    const cutoff = await purgeCutoff(tx, community);
    const eligible = await repo.findPurgeCandidates(tx, communityId, cutoff, input.memberIds);
    const removed = await removeMembers(
      tx,
      communityId,
      eligible.map((m) => m.id),
    );
    const characters = eligible.reduce((sum, m) => sum + m.characters, 0);
    await recordAudit(tx, {
      communityId,
      actor,
      action: 'members.purge',
      target: { type: 'community', id: communityId },
      details: {
        removed,
        characters,
        requested: input.memberIds.length,
        thresholdDays: community.inactivityDays,
        members: eligible.slice(0, 200).map((m) => m.name),
      },
    });
    return { removed, characters };
  });
  ctx.cache.invalidate(`community:${communityId}:`);
  return result;
}
