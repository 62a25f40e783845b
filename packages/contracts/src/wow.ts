import { z } from 'zod';
import { zListOf, zQueryInt, zText } from './common';
import { zParse } from './integrations';

/** What one upload changed; the agent shows the first six numbers. */
export const zUploadSummary = z.object({
  /** Characters seen for the first time. */
  added: z.number().int(),
  /** Known characters whose rank, level or class changed. */
  updated: z.number().int(),
  /** Members missing from the roster longer than the community's inactivity threshold. */
  inactivated: z.number().int(),
  /** Inactive members back in the roster. */
  reactivated: z.number().int(),
  /** New online-count snapshots stored (duplicates by timestamp are skipped). */
  snapshots: z.number().int(),
  /** Daily chat counts inserted or changed. */
  chatDays: z.number().int(),
  /** Characters that left the roster with this upload. */
  left: z.number().int(),
  /** M+ score changes stored. */
  scores: z.number().int(),
  /** Activity events recorded (joins, leaves, rank changes, milestones, records). */
  events: z.number().int(),
  /** Names that could not be resolved to `Name-Realm` (bare names with no unambiguous realm). */
  unresolved: z.number().int(),
  /** Entries skipped: chat or scores of characters never in the roster, malformed entries. */
  ignored: z.number().int(),
  /** False when the file's roster is older than one already applied (its roster was not used). */
  rosterApplied: z.boolean(),
  /** Chat of people not in the roster (former members), kept on inactive member records. */
  formerMembers: z.number().int().optional(),
  /** The realm of the recording PC, as read from the file (bare names in the roster belong to it). */
  homeRealm: z.string().nullable().optional(),
});
export type TUploadSummary = z.infer<typeof zUploadSummary>;

/**
 * Why an upload stored less than it carried, or nothing (the dashboard and the agent put each
 * code into words):
 * - `nothing_recorded`: roster, chat and snapshots are all empty — the addon records only for
 *   the guild named in its code (`GAT.TARGET_GUILD`), so another guild's file stays empty.
 * - `helper_pc`: the file comes from a PC whose addon role (`_sync.role`) does not record (a
 *   helper): its roster can be stale, so it never moves the roster; its chat and snapshots merge.
 * - `no_roster`: chat or snapshots arrived but no roster (the addon rebuilds it with a snapshot).
 * - `roster_older`: the file's roster is older than the one already applied.
 * - `home_realm_unknown`: names without a realm could not be placed (set the community's realm).
 */
export const zUploadReason = z.enum([
  'nothing_recorded',
  'helper_pc',
  'no_roster',
  'roster_older',
  'home_realm_unknown',
]);
export type TUploadReason = z.infer<typeof zUploadReason>;

/** `POST /api/upload` answer. */
export const zUploadResult = z.object({
  uploadId: z.string(),
  unchanged: z.boolean(),
  summary: zUploadSummary,
  /** Why less (or nothing) was stored; empty when everything was used. */
  reasons: z.array(zUploadReason),
});
export type TUploadResult = z.infer<typeof zUploadResult>;

/**
 * A PC that uploads (one per addon `_sync.clientId`, else per API key and source file), with
 * what its file's `_sync` table says: the admin page's recorder health.
 */
export const zRecorder = z.object({
  id: z.string(),
  /** `_sync.clientId`; null for files without it and for the legacy bridge. */
  clientId: z.string().nullable(),
  /** The API key it uploads with (the dashboard names it from the key list). */
  apiKeyId: z.string().nullable(),
  /** `X-Source-File` (`ACCOUNT/GuildActivityTracker.lua`) or `legacy bridge`. */
  source: z.string().nullable(),
  /** The addon's role on that PC (`master`, `collector`, `idle`, `follower`…); null when unknown. */
  role: z.string().nullable(),
  /** Whether that role records chat and snapshots itself. */
  recording: z.boolean().nullable(),
  /** The newest snapshot or chat line this PC recorded itself. */
  lastRecordedAt: z.string().nullable(),
  /** When this PC last exchanged data with the guild master's (snapshot applied or acknowledged). */
  lastSyncedAt: z.string().nullable(),
  /** Chat messages recorded on that PC and not yet merged into the guild master's data. */
  pendingMessages: z.number().int(),
  /** Snapshots recorded on that PC and not yet merged. */
  pendingSnapshots: z.number().int(),
  lastUploadAt: z.string(),
  uploads: z.number().int(),
  /** Why its last upload stored less than it carried. */
  lastReasons: z.array(zUploadReason),
});
export type TRecorder = z.infer<typeof zRecorder>;
export const zRecorders = zListOf(zRecorder);

/** One batch of the legacy Python bridge: every field arrives in snake_case and camelCase. */
export const zLegacyBatch = z.record(zText(200), z.unknown());

export const zCharacterRole = z.enum(['tank', 'healer', 'dps']);
export type TCharacterRole = z.infer<typeof zCharacterRole>;

const zBoolQuery = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')
  .optional();

export const zRosterSort = z.enum([
  'name',
  'rank',
  'class',
  'role',
  'level',
  'score',
  'itemLevel',
  'bestParse',
  'lastSeen',
]);

export const zRosterQuery = z.object({
  limit: zQueryInt().min(1).max(1000).default(100),
  offset: zQueryInt().min(0).default(0),
  sort: zRosterSort.default('name'),
  dir: z.enum(['asc', 'desc']).optional(),
  /** Class tokens, comma-separated: `MAGE,PRIEST`. */
  class: zText(300)
    .regex(/^[A-Za-z,]*$/, 'class tokens separated by commas')
    .optional(),
  role: zCharacterRole.optional(),
  minScore: z.coerce.number().min(0).max(10000).optional(),
  active: zBoolQuery,
  online: zBoolQuery,
  /** Part of the name, case-insensitive. */
  q: zText(64).trim().optional(),
});
export type TRosterQuery = z.infer<typeof zRosterQuery>;

export const zRosterItem = z.object({
  /** The member's id (profile: `members/:memberId`). */
  id: z.string(),
  characterId: z.string(),
  /** Canonical `Name-Realm`. */
  name: z.string(),
  realm: z.string(),
  /** Class token as the game writes it: `MAGE`, `DEATHKNIGHT`. */
  class: z.string().nullable(),
  rank: z.string().nullable(),
  /** 0 = guild master; null when unknown. */
  rankIndex: z.number().int().nullable(),
  level: z.number().int().nullable(),
  active: z.boolean(),
  /** In the game's roster at the last applied upload. */
  inRoster: z.boolean(),
  /** Online now: online at the last roster and seen within ONLINE_WINDOW_MS (presence.ts). */
  online: z.boolean(),
  lastSeen: z.string().nullable(),
  joinedAt: z.string(),
  score: z.number().nullable(),
  itemLevel: z.number().nullable(),
  bestParse: z.number().nullable(),
  spec: z.string().nullable(),
  role: zCharacterRole.nullable(),
  messages: z.number().int(),
  /** Officers only. */
  officerNote: z.string().nullable().optional(),
  /** Officers only. */
  lastMessage: z.string().nullable().optional(),
});
export type TRosterItem = z.infer<typeof zRosterItem>;
export const zRoster = zListOf(zRosterItem);

export const zMemberProfileQuery = z.object({
  /** Days of chat and online history, ending at the community's latest activity. */
  days: zQueryInt().min(1).max(730).default(90),
});

export const zCharacter = z.object({
  id: z.string(),
  name: z.string(),
  realm: z.string(),
  class: z.string().nullable(),
  level: z.number().int().nullable(),
  rank: z.string().nullable(),
  rankIndex: z.number().int().nullable(),
  spec: z.string().nullable(),
  role: zCharacterRole.nullable(),
  itemLevel: z.number().nullable(),
  bestParse: z.number().nullable(),
  score: z.number().nullable(),
  avatarUrl: z.string().nullable(),
  renderUrl: z.string().nullable(),
  externalStatus: z.string().nullable(),
  inRoster: z.boolean(),
  online: z.boolean(),
  isMain: z.boolean(),
  lastSeen: z.string().nullable(),
  messages: z.number().int(),
  lastMessage: z.string().nullable().optional(),
});
export type TCharacter = z.infer<typeof zCharacter>;

export const zMemberProfile = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
  inRoster: z.boolean(),
  firstSeen: z.string(),
  lastSeen: z.string().nullable(),
  missingSince: z.string().nullable(),
  inactiveSince: z.string().nullable(),
  officerNote: z.string().nullable().optional(),
  characters: z.array(zCharacter),
  /** Messages per local day (all characters), oldest first. */
  chat: z.array(z.object({ date: z.string(), count: z.number().int() })),
  /** Times seen online per day in the community's time zone, oldest first. */
  online: z.array(z.object({ date: z.string(), count: z.number().int() })),
  scores: z.array(
    z.object({
      characterId: z.string(),
      score: z.number(),
      source: z.enum(['addon', 'raiderio']),
      at: z.string(),
    }),
  ),
  /** Joins, leaves and rank changes, newest first. */
  ranks: z.array(
    z.object({
      kind: z.enum(['join', 'leave', 'rank_change']),
      at: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
    }),
  ),
  /** Warcraft Logs best and median percent per boss and difficulty in the current raid. */
  parses: z.array(zParse).optional(),
});
export type TMemberProfile = z.infer<typeof zMemberProfile>;

export const zKpis = z.object({
  /** The instant the figures describe: the latest snapshot or upload (now when there is none). */
  asOf: z.string(),
  totalMembers: z.number().int(),
  activeMembers: z.number().int(),
  /** Members online at the latest snapshot while it is current (ONLINE_WINDOW_MS, presence.ts); else 0. */
  onlineNow: z.number().int(),
  /** When the latest snapshot was taken (current or not). */
  onlineAt: z.string().nullable(),
  /** Mean of the latest M+ score of active members that have one. */
  averageScore: z.number().nullable(),
  /** Messages in the 7 local days ending on the `asOf` day. */
  messagesThisWeek: z.number().int(),
  messagesPreviousWeek: z.number().int(),
  lastUploadAt: z.string().nullable(),
  /** Whether the latest snapshot is recent enough to say who is online now. */
  onlineCurrent: z.boolean(),
});
export type TKpis = z.infer<typeof zKpis>;
