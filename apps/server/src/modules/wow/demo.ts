import { parseSavedVariables } from '@guildhall/lua';
import type { AppContext } from '../../core/context';
import { systemActor } from '../audit';
import { requireCommunity, updateCommunity } from '../communities';
import { generateGuildActivityFile } from './demo-file';
import { writeSavedVariables } from './lua-writer';
import { asRecord } from './observation';
import { TRACKER_GLOBAL } from './saved-variables';
import { ingestFile, type Uploader } from './upload.service';
import { uploadBodyOf } from './upload-body';

export interface DemoSize {
  members: number;
  /** Days of chat history in the generated file. */
  days: number;
  /** 10-minute snapshots in the generated file. */
  snapshots: number;
  /** Weeks of raid nights (two a week) uploaded after the generated file. */
  weeks: number;
}

/** About 150 members and a year of snapshots, then five weeks of raid nights. */
export const demoSize: DemoSize = { members: 150, days: 365, snapshots: 365 * 144, weeks: 5 };

const RANKS = ['Maestro', 'Oficial', 'Veterano', 'Teniente', 'Miembro', 'Recluta'];
const NEWCOMERS = [
  'Ysolde',
  'Kaelthos',
  'Mirené',
  'Turgan',
  'Velka',
  'Oskár',
  'Lunaria',
  'Brannoc',
  'Zeyra',
  'Halvard',
];
const LINES = [
  'gg',
  'nice pull',
  'buenas!',
  'raid en 10',
  'alguien para una +12?',
  'ty for the carry',
  'wipe :(',
];
const RAID_NIGHTS = [
  { weekday: 3, start: '20:30', minutes: 180 },
  { weekday: 4, start: '20:30', minutes: 180 },
];

type Table = Record<string, unknown>;

/**
 * Fills a WoW community with a realistic guild through the real ingestion: a generated
 * GuildActivityTracker.lua, then one upload per raid night for a few weeks in which players
 * join, leave, come back, get promoted, chat and raise their M+ scores.
 */
export async function seedWowDemo(
  ctx: AppContext,
  communityId: string,
  size: DemoSize = demoSize,
  now: Date = new Date(),
) {
  let community = await requireCommunity(ctx.db, communityId);
  if (!community.settings.raidNights?.length) {
    community = await updateCommunity(
      ctx,
      communityId,
      { settings: { raidNights: RAID_NIGHTS } },
      systemActor,
    );
  }
  const realm = (community.realm ?? 'Stormvale').replace(/[\s-]+/g, '');
  const uploader: Uploader = { communityId, apiKeyId: null, actor: systemActor };
  const upload = (text: string) => {
    return ingestFile(ctx, uploader, {
      body: uploadBodyOf(Buffer.from(text, 'utf8')),
      source: 'demo/GuildActivityTracker.lua',
    });
  };

  const text = generateGuildActivityFile({
    members: size.members,
    days: size.days,
    snapshots: size.snapshots,
    seed: 20251230,
    realm,
    // The raid nights below follow the file, and a last upload at `now` ends the data at the
    // moment of seeding: "online now" and "last upload" are current.
    endAt: new Date(now.getTime() - (size.weeks * 7 + 2) * 86_400_000),
  });
  await upload(text);

  const globals = parseSavedVariables(text);
  const db = asRecord(globals[TRACKER_GLOBAL])!;
  const roster = asRecord(db.roster)!;
  const data = asRecord(db.data)!;
  const mythic = asRecord(db.mythic) ?? {};
  const random = seeded(7);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const qualified = (key: string) => (key.includes('-') ? key : `${key}-${realm}`);
  const departed: [string, Table][] = [];
  let last = Number(db.rosterLastUpdateAt);

  const nowSeconds = Math.floor(now.getTime() / 1000) - 5;
  const nights = [
    ...raidNightInstants(last, size.weeks, community.timezone).filter((at) => at < nowSeconds - 600),
    nowSeconds,
  ];
  for (const [i, at] of nights.entries()) {
    const raidNight = i < nights.length - 1;
    // Each night's file carries only what is new since the previous upload: the snapshots taken
    // since, and the chat days of the months it touches (the ingestion keeps what it already
    // has, so the result is the same as re-sending the whole year, for a fraction of the
    // writing, parsing and comparing).
    const stats: Table = {};
    db.stats = stats;
    const fromMonth = new Date((last + 600) * 1000).toISOString().slice(0, 7);
    for (const entry of Object.values(data)) {
      const daily = asRecord(asRecord(entry)?.daily);
      if (daily) for (const d of Object.keys(daily)) if (d.slice(0, 7) < fromMonth) delete daily[d];
    }
    // Snapshots every 10 minutes since the previous upload: busier in the evening.
    for (let t = last + 600; t <= at; t += 600) {
      const hour = new Date(t * 1000).getUTCHours();
      const base = hour >= 18 && hour <= 22 ? 0.35 : hour >= 8 && hour < 18 ? 0.12 : 0.04;
      stats[String(t)] = Math.round(Object.keys(roster).length * base * (0.7 + random() * 0.6));
    }
    last = at;
    const keys = Object.keys(roster);
    // Who is online at the raid, and what they say.
    const day = new Date(at * 1000).toISOString().slice(0, 10);
    // At a raid night most of the guild is on; at the moment of seeding, as many as the hour
    // usually has (the same share as the snapshots').
    const atHour = new Date(at * 1000).getUTCHours();
    const share = raidNight
      ? 0.55
      : atHour >= 18 && atHour <= 22
        ? 0.35
        : atHour >= 8 && atHour < 18
          ? 0.15
          : 0.06;
    for (const key of keys) {
      const entry = asRecord(roster[key])!;
      const online = random() < share;
      entry.is_online = online;
      const chat = asRecord(data[qualified(key)]);
      if (online && chat) {
        const daily = asRecord(chat.daily) ?? {};
        const n = 1 + Math.floor(random() * 25);
        daily[day] = Number(daily[day] ?? 0) + n;
        chat.daily = daily;
        chat.total = Number(chat.total ?? 0) + n;
        chat.lastSeenTS = at - Math.floor(random() * 3000);
        chat.lastMessage = pick(LINES);
      }
      const score = asRecord(mythic[key]);
      if (online && score) score.score = Number(score.score) + 20 + Math.floor(random() * 120);
    }
    // A promotion or two.
    for (let p = 0; p < 1 + (i % 2); p++) {
      const key = pick(keys);
      const entry = asRecord(roster[key])!;
      const index = Math.max(1, RANKS.indexOf(String(entry.rank)) - 1);
      entry.rank = RANKS[index];
      const chat = asRecord(data[qualified(key)]);
      if (chat) {
        chat.rankName = RANKS[index];
        chat.rankIndex = index;
      }
    }
    // Someone leaves; a newcomer joins; at the fourth raid the second to leave comes back (the
    // first stays away past the inactivity threshold).
    const leaving = pick(keys.filter((k) => asRecord(roster[k])!.rank !== RANKS[0]));
    departed.push([leaving, asRecord(roster[leaving])!]);
    delete roster[leaving];
    const newcomer = NEWCOMERS[i % NEWCOMERS.length]! + (i >= NEWCOMERS.length ? String(i) : '');
    roster[newcomer] = {
      rank: RANKS[5],
      level: 80,
      class: pick(['MAGE', 'PRIEST', 'HUNTER', 'EVOKER']),
      is_online: true,
    };
    data[`${newcomer}-${realm}`] = {
      total: 3,
      daily: { [day]: 3 },
      lastMessage: 'hola!',
      lastSeen: '',
      lastSeenTS: at - 60,
      rankName: RANKS[5],
      rankIndex: 5,
    };
    if (i === 3 && departed[1]) {
      const [key, entry] = departed[1];
      roster[key] = { ...entry, is_online: true };
    }
    // The snapshot taken with the roster counts the same players the roster names.
    stats[String(at)] = Object.values(roster).filter((e) => asRecord(e)?.is_online === true).length;
    db.rosterLastUpdateAt = at + 2;
    // Each raid night is one upload of the file as it then was.
    await upload(writeSavedVariables(globals));
  }
}

/** Fills a demo community; registered as the wow module's `seedDemo`. */
export async function seedDemo(ctx: AppContext, communityId: string): Promise<void> {
  await seedWowDemo(ctx, communityId);
}

/** Epoch seconds of 21:15 local on each raid night of the `weeks` weeks after `after`. */
function raidNightInstants(after: number, weeks: number, timezone: string): number[] {
  const out: number[] = [];
  const startDay = new Date(after * 1000).toISOString().slice(0, 10);
  for (let d = 1; d <= weeks * 7; d++) {
    const day = new Date(Date.parse(`${startDay}T00:00:00Z`) + d * 86_400_000).toISOString().slice(0, 10);
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
    if (!RAID_NIGHTS.some((n) => n.weekday === weekday)) continue;
    out.push(Math.floor(zonedInstant(day, '21:15', timezone) / 1000));
  }
  return out;
}

/** The UTC instant of a local wall time in a time zone. */
function zonedInstant(day: string, time: string, timezone: string): number {
  const wall = Date.parse(`${day}T${time}:00Z`);
  let at = wall - offsetMs(wall, timezone);
  const again = offsetMs(at, timezone);
  if (wall - again !== at) at = wall - again;
  return at;
}

function offsetMs(at: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - at;
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
