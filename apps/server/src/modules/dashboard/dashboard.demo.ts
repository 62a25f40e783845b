import { PUBLIC_PAGE_READS } from '@guildhall/contracts';
import type { AppContext } from '../../core/context';
import { setMembership } from '../access';
import { latestActivityAt, type PresenceRow, recordPresence } from '../activity';
import { type Community, requireCommunity, updateCommunity } from '../communities';
import { createUser } from '../identity';
import * as repo from './dashboard.repo';

const WEEK_MS = 7 * 86_400_000;
const HOUR_MS = 3_600_000;

/** Deterministic pseudo-random numbers (mulberry32), so every demo looks the same. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Who was online at each hour's first snapshot of the last `weeks`: as many members as the
 * snapshot counted, drawn by each member's habits (how much they play, and when). The addon
 * only names who is online when its roster refreshes, so a fresh demo would otherwise have
 * almost no presence history behind the heatmap's "most seen" and the attendance table.
 */
export function demoPresence(
  members: { id: string; lastSeen: Date | null }[],
  snapshots: { at: Date; onlineCount: number }[],
  timezoneOffsetHours: number,
  seed = 20251230,
): PresenceRow[] {
  const random = rng(seed);
  const habits = members.map((m) => ({
    id: m.id,
    lastSeen: m.lastSeen?.getTime() ?? Number.POSITIVE_INFINITY,
    // A few hardcore players, many regulars, some casuals.
    weight: 0.15 + random() ** 1.8 * 3,
    // Evening players peak around 21:00, some play late, some in the afternoon.
    peak: [21, 21, 22, 23, 16, 19][Math.floor(random() * 6)]!,
  }));
  const rows: PresenceRow[] = [];
  let lastHour = -1;
  for (const s of snapshots) {
    const hourKey = Math.floor(s.at.getTime() / HOUR_MS);
    if (hourKey === lastHour) continue;
    lastHour = hourKey;
    const localHour = (s.at.getUTCHours() + timezoneOffsetHours + 24) % 24;
    // Nobody is online after they were last seen.
    const pool = habits
      .filter((h) => h.lastSeen >= s.at.getTime())
      .map((h) => {
        const distance = Math.min(Math.abs(localHour - h.peak), 24 - Math.abs(localHour - h.peak));
        return { id: h.id, w: h.weight * Math.exp(-(distance * distance) / 18) + 0.02 };
      });
    const count = Math.min(s.onlineCount, pool.length);
    for (let k = 0; k < count; k++) {
      const total = pool.reduce((sum, p) => sum + p.w, 0);
      let pick = random() * total;
      let i = 0;
      while (i < pool.length - 1 && pick > pool[i]!.w) pick -= pool[i++]!.w;
      rows.push({ memberId: pool[i]!.id, at: s.at, source: 'roster' });
      pool.splice(i, 1);
    }
  }
  return rows;
}

/** The hours a time zone is ahead of UTC at an instant. */
function offsetHours(timezone: string, at: Date): number {
  const local = new Date(at.toLocaleString('en-US', { timeZone: timezone }));
  const utc = new Date(at.toLocaleString('en-US', { timeZone: 'UTC' }));
  return Math.round((local.getTime() - utc.getTime()) / HOUR_MS);
}

/** Accounts of the demo guild's officers and a few players, so Admin → Members has people and roles. */
const DEMO_ACCOUNTS = [
  { displayName: 'Aldrena', role: 'officer' },
  { displayName: 'Borvik', role: 'officer' },
  { displayName: 'Ceyla', role: 'member' },
  { displayName: 'Dremir', role: 'member' },
  { displayName: 'Elowen', role: 'member' },
] as const;

/**
 * The demo guild: its public pages open, raid nights set, twelve weeks of who-was-online
 * behind the heatmap, and accounts with roles (the other modules' seeds fill the rest).
 */
export async function seedDemo(ctx: AppContext, communityId: string): Promise<void> {
  const community = await requireCommunity(ctx.db, communityId);
  const settings: Community['settings'] = {};
  if (!community.settings.publicPages?.length) settings.publicPages = Object.values(PUBLIC_PAGE_READS).flat();
  if (!community.settings.raidNights?.length) {
    settings.raidNights = [
      { weekday: 3, start: '20:30', minutes: 180 },
      { weekday: 0, start: '20:30', minutes: 180 },
    ];
  }
  if (Object.keys(settings).length > 0) {
    await updateCommunity(ctx, communityId, { settings }, { type: 'system', name: 'demo seed' });
  }
  for (const account of DEMO_ACCOUNTS) {
    const user = await createUser(ctx.db, { displayName: account.displayName, isInstanceOwner: false });
    await setMembership(
      ctx,
      communityId,
      user.id,
      { role: account.role },
      { type: 'system', name: 'demo seed' },
    );
  }

  const to = await latestActivityAt(ctx.db, communityId);
  if (!to) return;
  const [members, snapshots] = await Promise.all([
    repo.findActiveMembers(ctx.db, communityId),
    repo.findSnapshotsBetween(ctx.db, communityId, new Date(to.getTime() - 12 * WEEK_MS), to),
  ]);
  const rows = demoPresence(members, snapshots, offsetHours(community.timezone, to));
  await ctx.db.transaction((tx) => recordPresence(tx, communityId, rows));
}
