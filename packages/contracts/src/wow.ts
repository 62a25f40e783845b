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
});
export type TUploadSummary = z.infer<typeof zUploadSummary>;

/** `POST /api/upload` answer. */
export const zUploadResult = z.object({
  uploadId: z.string(),
  unchanged: z.boolean(),
  summary: zUploadSummary,
});
export type TUploadResult = z.infer<typeof zUploadResult>;

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
  /** Online at the last applied roster. */
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
  /** Members online at the latest snapshot. */
  onlineNow: z.number().int(),
  onlineAt: z.string().nullable(),
  /** Mean of the latest M+ score of active members that have one. */
  averageScore: z.number().nullable(),
  /** Messages in the 7 local days ending on the `asOf` day. */
  messagesThisWeek: z.number().int(),
  messagesPreviousWeek: z.number().int(),
  lastUploadAt: z.string().nullable(),
});
export type TKpis = z.infer<typeof zKpis>;
