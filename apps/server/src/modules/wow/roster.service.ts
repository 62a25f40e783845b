import {
  isCurrentSnapshot,
  isOnlineNow,
  ONLINE_WINDOW_MS,
  type TKpis,
  type TMemberProfile,
  type TRosterItem,
  type TRosterQuery,
  type zMemberProfileQuery,
} from '@guildhall/contracts';
import type { z } from 'zod';
import type { Executor } from '../../core/db';
import { AppError } from '../../core/errors';
import {
  addDays,
  latestActivityAt,
  latestSnapshot,
  localDay,
  memberHistory,
  messagesBetween,
} from '../activity';
import type { Community } from '../communities';
import { countMembers, getMember, listMemberCharacters } from '../members';
import { memberParses } from './integrations.service';
import * as repo from './wow.repo';

const defaultDir: Record<TRosterQuery['sort'], 'asc' | 'desc'> = {
  name: 'asc',
  rank: 'asc',
  class: 'asc',
  level: 'desc',
  score: 'desc',
  role: 'asc',
  itemLevel: 'desc',
  bestParse: 'desc',
  lastSeen: 'desc',
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The master roster: one item per member, carried by its main character. */
export async function roster(
  db: Executor,
  communityId: string,
  query: TRosterQuery,
  officer: boolean,
  now: Date,
): Promise<{ items: TRosterItem[]; total: number }> {
  const classes = query.class
    ?.split(',')
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c !== '');
  const { rows, total } = await repo.findRoster(db, {
    communityId,
    sort: query.sort,
    dir: query.dir ?? defaultDir[query.sort],
    ...(classes?.length ? { classes } : {}),
    ...(query.role ? { role: query.role } : {}),
    ...(query.minScore !== undefined ? { minScore: query.minScore } : {}),
    ...(query.active !== undefined ? { active: query.active } : {}),
    ...(query.online !== undefined
      ? { online: { value: query.online, since: new Date(now.getTime() - ONLINE_WINDOW_MS) } }
      : {}),
    ...(query.q ? { q: query.q } : {}),
    limit: query.limit,
    offset: query.offset,
  });
  const items = rows.map(
    (r): TRosterItem => ({
      id: r.memberId,
      characterId: r.characterId,
      name: r.name,
      realm: r.realm,
      class: r.className,
      rank: r.rank,
      rankIndex: r.rankIndex,
      level: r.level,
      active: r.active,
      inRoster: r.inRoster,
      online: isOnlineNow(r.online, r.lastSeenAt, now),
      lastSeen: iso(r.lastSeenAt),
      joinedAt: r.joinedAt.toISOString(),
      score: r.score,
      itemLevel: r.itemLevel,
      bestParse: r.bestParse,
      spec: r.spec,
      role: r.role,
      messages: r.messageTotal,
      ...(officer ? { officerNote: r.officerNote, lastMessage: r.lastMessage } : {}),
    }),
  );
  return { items, total };
}

export async function memberProfile(
  db: Executor,
  community: Community,
  memberId: string,
  query: z.infer<typeof zMemberProfileQuery>,
  officer: boolean,
  now: Date,
): Promise<TMemberProfile> {
  const member = await getMember(db, community.id, memberId);
  if (!member) throw new AppError('MEMBER_NOT_FOUND', 'member not found');
  const [chars, scores, latestScores, history] = await Promise.all([
    listMemberCharacters(db, member.id),
    repo.findMemberScores(db, member.id),
    repo.findCharacterScores(db, member.id),
    memberHistory(db, community, member.id, query.days),
  ]);
  const main = chars.find((c) => c.id === member.mainCharacterId) ?? chars[0];
  return {
    id: member.id,
    name: main?.name ?? member.displayName,
    active: member.active,
    inRoster: chars.some((c) => c.inRoster),
    firstSeen: member.firstSeenAt.toISOString(),
    lastSeen: iso(member.lastSeenAt),
    missingSince: iso(member.missingSince),
    inactiveSince: iso(member.inactiveSince),
    ...(officer ? { officerNote: member.officerNote } : {}),
    characters: chars.map((c) => ({
      id: c.id,
      name: c.name,
      realm: c.realm,
      class: c.className,
      level: c.level,
      rank: c.rank,
      rankIndex: c.rankIndex,
      spec: c.spec,
      role: c.role,
      itemLevel: c.itemLevel,
      bestParse: c.bestParse,
      score: latestScores.get(c.id) ?? null,
      avatarUrl: c.avatarUrl,
      renderUrl: c.renderUrl,
      externalStatus: c.externalStatus,
      inRoster: c.inRoster,
      online: isOnlineNow(c.online, c.lastSeenAt, now),
      isMain: c.id === member.mainCharacterId,
      lastSeen: iso(c.lastSeenAt),
      messages: c.messageTotal,
      ...(officer ? { lastMessage: c.lastMessage } : {}),
    })),
    chat: history.chat,
    online: history.online,
    scores: scores.map((s) => ({ ...s, at: s.at.toISOString() })),
    parses: (await memberParses(db, community.id, member.id)).items,
    ranks: history.ranks.flatMap((e): TMemberProfile['ranks'] => {
      const at = e.at.toISOString();
      switch (e.kind) {
        case 'rank_change':
          return [{ kind: e.kind, at, from: e.data.from, to: e.data.to }];
        case 'join':
          return [{ kind: e.kind, at, from: null, to: e.data.rank }];
        case 'leave':
          return [{ kind: e.kind, at, from: null, to: null }];
        default:
          return [];
      }
    }),
  };
}

/** The headline figures; "online now" is the latest snapshot's count only while that snapshot is current. */
export async function kpis(db: Executor, community: Community, now: Date): Promise<TKpis> {
  const [counts, snapshot, averageScore, latestUpload, latestAt] = await Promise.all([
    countMembers(db, community.id),
    latestSnapshot(db, community.id),
    repo.findAverageScore(db, community.id),
    repo.findLatestUpload(db, community.id),
    latestActivityAt(db, community.id),
  ]);
  const asOf = latestAt ?? latestUpload?.receivedAt ?? new Date();
  const today = localDay(asOf, community.timezone);
  const [thisWeek, previousWeek] = await Promise.all([
    messagesBetween(db, community.id, addDays(today, -6), today),
    messagesBetween(db, community.id, addDays(today, -13), addDays(today, -7)),
  ]);
  return {
    asOf: asOf.toISOString(),
    totalMembers: counts.total,
    activeMembers: counts.active,
    onlineNow: snapshot && isCurrentSnapshot(snapshot.at, now) ? snapshot.onlineCount : 0,
    onlineAt: iso(snapshot?.at ?? null),
    onlineCurrent: snapshot !== null && isCurrentSnapshot(snapshot.at, now),
    averageScore: averageScore === null ? null : Math.round(averageScore * 10) / 10,
    messagesThisWeek: thisWeek,
    messagesPreviousWeek: previousWeek,
    lastUploadAt: iso(latestUpload?.receivedAt ?? null),
  };
}
