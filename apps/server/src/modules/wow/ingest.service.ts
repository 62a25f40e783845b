import crypto from 'node:crypto';
import type { TActivityEvent, TUploadReason, TUploadSummary } from '@guildhall/contracts';
import type { Executor } from '../../core/db';
import { yieldToEventLoop } from '../../core/event-loop';
import {
  type ActivityEventInput,
  type ChatMonthRow,
  dayReportEvent,
  mergeChatMonths,
  type PresenceRow,
  type RecordedActivityEvent,
  recordActivityEvents,
  recordPresence,
  recordSnapshots,
  type SnapshotRow,
} from '../activity';
import { adoptCommunityRealm, type Community } from '../communities';
import {
  addCharactersWithMembers,
  type CharacterName,
  createNameResolver,
  type KnownCharacter,
  loadCommunityCharacters,
  saveCharacters,
  saveMembers,
} from '../members';
import { loadRules } from '../notify';
import { digestsText, monthAt, monthCount, monthOf, packDaily } from './chat-months';
import { deriveHomeRealm } from './home-realm';
import { emitIngestEvents } from './ingest-hooks';
import type { PackedMonths, RawObservation } from './observation';
import { recordCharacterScores, type ScoreObservation } from './scores';
import { cleanSpec, roleOfSpec } from './specs';
import * as repo from './wow.repo';

const DAY_MS = 86_400_000;
/** Timestamps this far past the server's clock are a wrong clock, not data. */
const FUTURE_SKEW_MS = 60 * 60 * 1000;
/** The roster's online list is attached to the snapshot taken this close to the roster refresh. */
const ROSTER_SNAPSHOT_MATCH_S = 300;
/** Chat entries merged between two turns of the event loop (years of daily counts each). */
const CHAT_ENTRIES_PER_TURN = 25;
/** Snapshots read between two turns of the event loop. */
const SNAPSHOTS_PER_TURN = 10_000;

export const emptySummary = (): TUploadSummary => ({
  added: 0,
  updated: 0,
  inactivated: 0,
  reactivated: 0,
  snapshots: 0,
  chatDays: 0,
  left: 0,
  scores: 0,
  events: 0,
  unresolved: 0,
  ignored: 0,
  rosterApplied: false,
  formerMembers: 0,
  homeRealm: null,
});

/** A character as ingestion tracks it: what the members module loads, plus change tracking. */
interface CharacterState extends Omit<KnownCharacter, 'isMain' | 'member'> {
  firstSeenAt: Date;
  isNew: boolean;
  /** The persisted fields as loaded, to write only what changed. */
  before: string;
}

interface MemberState {
  id: string;
  active: boolean;
  missingSince: Date | null;
  inactiveSince: Date | null;
  lastSeenAt: Date | null;
  characters: CharacterState[];
  isNew: boolean;
  before: string;
}

const characterFields = (c: CharacterState) =>
  JSON.stringify([
    c.name,
    c.className,
    c.level,
    c.rank,
    c.rankIndex,
    c.spec,
    c.role,
    c.inRoster,
    c.online,
    c.messageTotal,
    c.lastMessage,
    c.chatDigest,
    c.lastSeenAt?.getTime() ?? null,
  ]);
const memberFields = (m: MemberState) =>
  JSON.stringify([
    m.active,
    m.missingSince?.getTime() ?? null,
    m.inactiveSince?.getTime() ?? null,
    m.lastSeenAt?.getTime() ?? null,
  ]);

const later = (a: Date | null, b: Date | null): Date | null => (!a ? b : !b ? a : a >= b ? a : b);

export interface IngestResult {
  summary: TUploadSummary;
  /** Why less (or nothing) was stored. */
  reasons: TUploadReason[];
  /** The roster refresh time, when this upload's roster was applied. */
  rosterAt: Date | null;
  events: RecordedActivityEvent[];
}

/** What ingestion reads of a community before it looks at the upload (`loadIngestState`). */
export interface IngestState {
  known: KnownCharacter[];
  lastRosterAt: Date | null;
}

/**
 * The community's stored state that ingestion starts from, read inside the upload's
 * transaction: `upload.service.ts` reads it while the file is still being parsed.
 */
export async function loadIngestState(tx: Executor, communityId: string): Promise<IngestState> {
  return {
    known: await loadCommunityCharacters(tx, communityId),
    lastRosterAt: await repo.findLatestRosterAt(tx, communityId),
  };
}

/**
 * Applies one upload to the community inside the caller's transaction: members and characters,
 * transitions (join, leave, inactive after `inactivityDays` missing, active again on return),
 * chat days, presence, snapshots, scores and activity events. Every write is a bulk statement.
 * Re-applying the same observation changes nothing.
 *
 * What the real addon needs (see the format doc):
 * - bare roster names belong to the recording PC's realm, read from the upload itself
 *   (`deriveHomeRealm`); a community without a realm gets that one;
 * - a stale roster (a helper PC's) never moves the stored roster, and an older file never
 *   lowers chat counts: several PCs of one guild merge without counting anything twice;
 * - chat of people not in the roster (former members) is kept on inactive member records.
 */
export async function applyObservation(
  tx: Executor,
  communityAsLoaded: Community,
  raw: RawObservation,
  opts: {
    now: Date;
    /** Whether this is the community's first roster (no join events); default: no characters yet. */
    initialImport?: boolean;
    /** The state `loadIngestState` read in this transaction; read here when not given. */
    state?: IngestState;
  },
): Promise<IngestResult> {
  let community = communityAsLoaded;
  const summary = emptySummary();
  const nowMs = opts.now.getTime();
  const notFuture = (ms: number) => ms <= nowMs + FUTURE_SKEW_MS;

  // Names: bare names are the recording PC's realm: the community's, else the upload's own.
  const rosterNames = [...(raw.roster ?? []).map((e) => e.name), ...raw.scores.map((e) => e.name)];
  const home = deriveHomeRealm(
    [...rosterNames, ...raw.removed, ...raw.alsoPresent],
    raw.chat.map((e) => e.name),
  );
  const configuredRealm = community.realm?.trim() ? community.realm : null;
  if (!configuredRealm && home.realm && (await adoptCommunityRealm(tx, community.id, home.realm))) {
    community = { ...community, realm: home.realm };
  }
  const homeRealm = configuredRealm ?? home.realm;
  summary.homeRealm = homeRealm;
  const allNames = [...rosterNames, ...raw.chat.map((e) => e.name), ...raw.removed, ...raw.alsoPresent];
  const resolver = createNameResolver(homeRealm, allNames, { connectedRealms: home.connected });
  const resolved = new Map<string, CharacterName | null>();
  const unresolved = new Set<string>();
  const resolve = (name: string): CharacterName | null => {
    let r = resolved.get(name);
    if (r === undefined) {
      r = resolver(name);
      resolved.set(name, r);
      if (!r) unresolved.add(name);
    }
    return r;
  };

  // State as loaded.
  const { known, lastRosterAt } = opts.state ?? (await loadIngestState(tx, community.id));
  const initialImport = opts.initialImport ?? known.length === 0;
  const chars = new Map<string, CharacterState>();
  const members = new Map<string, MemberState>();
  for (const k of known) loadState(k, chars, members);

  const maxSnapshot = raw.snapshots.reduce((max, s) => Math.max(max, s.at), 0);
  const rosterAtMs = Math.min(
    (raw.rosterAt ?? (raw.roster && maxSnapshot > 0 ? maxSnapshot : nowMs / 1000)) * 1000,
    nowMs,
  );
  const rosterAt = new Date(rosterAtMs);
  const hasRoster =
    raw.roster !== null && (raw.roster.length > 0 || raw.alsoPresent.length > 0 || raw.removed.length > 0);
  // A stale roster (a helper PC's) is used only when the community has none at all.
  const applyRoster = hasRoster && (lastRosterAt === null || (!raw.rosterStale && rosterAt >= lastRosterAt));
  summary.rosterApplied = applyRoster;

  // Rank names → index, learnt from the chat table (which has both) and from what is stored.
  const rankIndexOf = new Map<string, number>();
  for (const c of chars.values()) if (c.rank && c.rankIndex !== null) rankIndexOf.set(c.rank, c.rankIndex);
  for (const e of raw.chat) if (e.rankName && e.rankIndex !== null) rankIndexOf.set(e.rankName, e.rankIndex);

  const events: ActivityEventInput[] = [];
  const presence: PresenceRow[] = [];
  const event = (c: CharacterState, at: Date, e: TActivityEvent) =>
    events.push({ communityId: community.id, memberId: c.memberId, characterId: c.id, at, ...e });
  const seenOnline = (c: CharacterState, at: Date, source: PresenceRow['source']) => {
    presence.push({ memberId: c.memberId, at, source });
    c.lastSeenAt = later(c.lastSeenAt, at);
  };

  // Roster.
  const rosterOnline: string[] = [];
  if (raw.roster) {
    const entries = new Map<string, { name: CharacterName; entry: (typeof raw.roster)[number] }>();
    for (const entry of raw.roster) {
      const name = resolve(entry.name);
      if (name) entries.set(name.key, { name, entry });
    }
    for (const { name, entry } of entries.values()) {
      let c = chars.get(name.key);
      if (!applyRoster) {
        // An older file's online flags are true at its time; a stale roster's are not.
        if (c && entry.online && !raw.rosterStale) seenOnline(c, rosterAt, 'roster');
        continue;
      }
      if (!c) {
        c = newCharacter(name, rosterAt);
        chars.set(name.key, c);
        members.set(c.memberId, newMember(c));
        summary.added += 1;
        if (!initialImport) event(c, rosterAt, { kind: 'join', data: { name: name.name, rank: entry.rank } });
      } else if (!c.inRoster) {
        event(c, rosterAt, { kind: 'join', data: { name: name.name, rank: entry.rank, returning: true } });
      } else {
        if (entry.rank && c.rank && entry.rank !== c.rank) {
          event(c, rosterAt, {
            kind: 'rank_change',
            data: {
              name: name.name,
              from: c.rank,
              to: entry.rank,
              fromIndex: c.rankIndex,
              toIndex: rankIndexOf.get(entry.rank) ?? null,
            },
          });
        }
        const changed =
          (entry.rank !== null && entry.rank !== c.rank) ||
          (entry.level !== null && entry.level !== c.level) ||
          (entry.className !== null && entry.className !== c.className);
        if (changed) summary.updated += 1;
      }
      c.name = name.name;
      if (entry.rank !== null && entry.rank !== c.rank) {
        c.rank = entry.rank;
        c.rankIndex = rankIndexOf.get(entry.rank) ?? null;
      } else if (c.rank && c.rankIndex === null) c.rankIndex = rankIndexOf.get(c.rank) ?? null;
      c.level = entry.level ?? c.level;
      c.className = entry.className ?? c.className;
      c.inRoster = true;
      if (entry.online !== null) c.online = entry.online;
      if (entry.online) {
        seenOnline(c, rosterAt, 'roster');
        rosterOnline.push(c.memberId);
      }
    }

    if (applyRoster) {
      const present = new Set(entries.keys());
      for (const n of raw.alsoPresent) {
        const r = resolve(n);
        if (r) present.add(r.key);
      }
      const leaving = new Set<CharacterState>();
      if (raw.rosterComplete) {
        for (const c of chars.values()) {
          if (present.has(c.nameKey)) continue;
          c.online = false;
          if (c.inRoster) leaving.add(c);
        }
      }
      for (const n of raw.removed) {
        const c = chars.get(resolve(n)?.key ?? '');
        if (c?.inRoster && !entries.has(c.nameKey)) leaving.add(c);
      }
      for (const c of leaving) {
        c.inRoster = false;
        c.online = false;
        summary.left += 1;
        event(c, rosterAt, { kind: 'leave', data: { name: c.name, rank: c.rank } });
      }
      const thresholdMs = community.inactivityDays * DAY_MS;
      for (const m of members.values()) {
        if (m.characters.some((c) => c.inRoster)) {
          m.missingSince = null;
          if (!m.active) {
            m.active = true;
            m.inactiveSince = null;
            summary.reactivated += 1;
          }
        } else {
          m.missingSince ??= rosterAt;
          if (m.active && rosterAtMs - m.missingSince.getTime() >= thresholdMs) {
            m.active = false;
            m.inactiveSince = rosterAt;
            summary.inactivated += 1;
          }
        }
      }
    }
  }

  // Chat. Someone never in the roster (a former member, history from before Guildhall) keeps
  // their chat on an inactive member record, once a complete roster shows they are not in it
  // (a stale roster would make former members of people who joined since).
  const keepFormer = applyRoster && raw.rosterComplete && !raw.rosterStale;
  const chatRows: ChatMonthRow[] = [];
  let chatEntries = 0;
  for (const e of raw.chat) {
    if (++chatEntries % CHAT_ENTRIES_PER_TURN === 0) await yieldToEventLoop();
    const name = resolve(e.name);
    if (!name) continue;
    let c = chars.get(name.key);
    if (!c && keepFormer) {
      c = formerMember(name, e, rosterAt, chars, members);
      summary.formerMembers = (summary.formerMembers ?? 0) + 1;
    }
    if (!c) {
      summary.ignored += 1;
      continue;
    }
    // Counts only grow: a file older than what is stored (another PC's, a helper's copy of
    // the master's data) does not lower the total or replace the last message.
    if (e.total !== null && e.total >= c.messageTotal) {
      c.messageTotal = e.total;
      if (e.lastMessage !== null) c.lastMessage = e.lastMessage;
    } else if (e.total === null && e.lastMessage !== null) c.lastMessage = e.lastMessage;
    if (e.lastSeenTs !== null && notFuture(e.lastSeenTs * 1000)) {
      seenOnline(c, new Date(e.lastSeenTs * 1000), 'chat');
    }
    if (c.rankIndex === null && e.rankIndex !== null && (c.rank === null || c.rank === e.rankName)) {
      c.rankIndex = e.rankIndex;
    }
    const months = e.months ?? (e.daily ? packDaily(e.daily) : null);
    if (months) c.chatDigest = mergeMonths(c, months, chatRows);
  }

  // Scores, spec and role (recorded with the roster: a stale roster's scores are stale too).
  const scoreAt = raw.rosterAt !== null ? rosterAt : opts.now;
  const scoreObservations: ScoreObservation[] = [];
  for (const e of raw.rosterStale && !applyRoster ? [] : raw.scores) {
    const name = resolve(e.name);
    if (!name) continue;
    const c = chars.get(name.key);
    if (!c) {
      summary.ignored += 1;
      continue;
    }
    c.className ??= e.className;
    // The addon's spec is in the game client's language: it fills a gap, but never replaces
    // what the Raider.IO / Blizzard sync set (which would flip between languages).
    const spec = cleanSpec(e.spec);
    if (spec && c.spec === null) {
      c.spec = spec;
      c.role ??= roleOfSpec(spec, c.className);
    }
    scoreObservations.push({
      communityId: community.id,
      characterId: c.id,
      memberId: c.memberId,
      characterName: c.name,
      score: e.score,
      source: 'addon',
      at: scoreAt,
    });
  }

  // Snapshots: one per timestamp (the last written wins); the roster's online list goes to the
  // nearest one. Kept as arrays of epoch seconds and counts (50,000 in a big file), in the order
  // first seen; `named` holds the online lists by index.
  const snapAt: number[] = [];
  const snapCount: number[] = [];
  const named = new Map<number, string[]>();
  /** Index by time: built only once a time repeats or goes back (a file's are ascending). */
  let indexOf: Map<number, number> | null = null;
  let seen = 0;
  await yieldToEventLoop();
  for (const s of raw.snapshots) {
    if (++seen % SNAPSHOTS_PER_TURN === 0) await yieldToEventLoop();
    if (!notFuture(s.at * 1000)) {
      summary.ignored += 1;
      continue;
    }
    let ids: string[] | null = null;
    if (s.online) {
      ids = [];
      const at = new Date(s.at * 1000);
      for (const n of s.online) {
        const c = chars.get(resolve(n)?.key ?? '');
        if (!c) continue;
        ids.push(c.memberId);
        seenOnline(c, at, 'legacy');
      }
    }
    let i = indexOf ? indexOf.get(s.at) : undefined;
    if (indexOf === null && snapAt.length > 0 && s.at <= snapAt[snapAt.length - 1]!) {
      indexOf = new Map(snapAt.map((at, k) => [at, k]));
      i = indexOf.get(s.at);
    }
    if (i === undefined) {
      i = snapAt.length;
      snapAt.push(s.at);
      snapCount.push(s.count);
      indexOf?.set(s.at, i);
    } else snapCount[i] = s.count;
    if (ids) named.set(i, ids);
    else named.delete(i);
  }
  if (applyRoster && raw.roster?.some((e) => e.online !== null)) {
    const rosterSec = Math.floor(rosterAtMs / 1000);
    let nearest = -1;
    for (let k = 0; k < snapAt.length; k++) {
      const d = Math.abs(snapAt[k]! - rosterSec);
      if (d <= ROSTER_SNAPSHOT_MATCH_S && (nearest < 0 || d < Math.abs(snapAt[nearest]! - rosterSec)))
        nearest = k;
    }
    const ids = [...new Set(rosterOnline)];
    if (nearest < 0) {
      nearest = snapAt.length;
      snapAt.push(rosterSec);
      snapCount.push(ids.length);
    }
    named.set(nearest, ids);
  }
  const namedRows: SnapshotRow[] = [...named]
    .sort((a, b) => a[0] - b[0])
    .map(([k, ids]) => ({
      at: new Date(snapAt[k]! * 1000),
      onlineCount: snapCount[k]!,
      onlineMemberIds: ids,
    }));
  // The rest, ascending (as a file's already are).
  const plain: number[] = [];
  for (let k = 0; k < snapAt.length; k++) if (!named.has(k)) plain.push(k);
  if (indexOf) plain.sort((a, b) => snapAt[a]! - snapAt[b]!);
  const plainSnapshots = { at: new Float64Array(plain.length), count: new Float64Array(plain.length) };
  for (let j = 0; j < plain.length; j++) {
    plainSnapshots.at[j] = snapAt[plain[j]!]!;
    plainSnapshots.count[j] = snapCount[plain[j]!]!;
  }
  await yieldToEventLoop();
  // Members' last seen follows their characters.
  for (const m of members.values()) {
    for (const c of m.characters) m.lastSeenAt = later(m.lastSeenAt, c.lastSeenAt);
  }

  // Writes: characters first (the other rows reference them).
  const all = [...chars.values()];
  const fresh = all.filter((c) => c.isNew);
  await addCharactersWithMembers(
    tx,
    fresh.map((c) => ({
      ...pickCharacter(c),
      communityId: community.id,
      memberId: c.memberId,
      nameKey: c.nameKey,
      realm: c.realm,
      firstSeenAt: c.firstSeenAt,
    })),
  );
  await saveCharacters(tx, all.filter((c) => !c.isNew && characterFields(c) !== c.before).map(pickCharacter));
  await saveMembers(
    tx,
    [...members.values()]
      // New members are inserted active; former members are then marked inactive here.
      .filter((m) => (!m.isNew || !m.active) && memberFields(m) !== m.before)
      .map((m) => ({
        id: m.id,
        active: m.active,
        missingSince: m.missingSince,
        inactiveSince: m.inactiveSince,
        lastSeenAt: m.lastSeenAt,
      })),
  );
  summary.chatDays = await mergeChatMonths(tx, chatRows);
  await recordPresence(tx, community.id, presence);
  summary.snapshots = await recordSnapshots(tx, community.id, plainSnapshots, namedRows);
  if (snapAt.length > 0) {
    // Snapshots reaching into a new local day close the day before: its online report.
    let latest = snapAt[0]!;
    for (const at of snapAt) if (at > latest) latest = at;
    const report = await dayReportEvent(tx, community, new Date(latest * 1000));
    if (report) events.push(report);
  }
  const { thresholds } = await loadRules(tx, community.id);
  const scores = await recordCharacterScores(tx, community.id, scoreObservations, thresholds);
  summary.scores = scores.stored;
  const recorded = await recordActivityEvents(tx, [...events, ...scores.milestones]);
  summary.events = recorded.length;
  summary.unresolved = unresolved.size;
  summary.ignored += raw.malformed;
  await emitIngestEvents(tx, community, recorded);
  const reasons = uploadReasons(raw, { hasRoster, applyRoster, homeRealm, unresolved: unresolved.size });
  return { summary, reasons, rosterAt: applyRoster ? rosterAt : null, events: recorded };
}

/** Why an upload stored less than it carried, or nothing (`TUploadReason`). */
function uploadReasons(
  raw: RawObservation,
  r: { hasRoster: boolean; applyRoster: boolean; homeRealm: string | null; unresolved: number },
): TUploadReason[] {
  const reasons: TUploadReason[] = [];
  const empty = !r.hasRoster && raw.chat.length === 0 && raw.snapshots.length === 0;
  if (raw.kind === 'file' && empty) reasons.push('nothing_recorded');
  if (raw.recorder?.recording === false) reasons.push('helper_pc');
  if (raw.kind === 'file' && !empty && !r.hasRoster) reasons.push('no_roster');
  if (r.hasRoster && !r.applyRoster && !raw.rosterStale) reasons.push('roster_older');
  if (r.unresolved > 0 && r.homeRealm === null) reasons.push('home_realm_unknown');
  return reasons;
}

/** A character seen only in chat: a new member record, inactive and out of the roster. */
function formerMember(
  name: CharacterName,
  e: RawObservation['chat'][number],
  rosterAt: Date,
  chars: Map<string, CharacterState>,
  members: Map<string, MemberState>,
): CharacterState {
  const lastSeen = e.lastSeenTs !== null ? new Date(e.lastSeenTs * 1000) : null;
  const months = e.months ?? (e.daily ? packDaily(e.daily) : null);
  let first = -1;
  for (let i = 0; months && i < monthCount(months); i++) {
    if (first < 0 || monthOf(months, i) < monthOf(months, first)) first = i;
  }
  const firstMonth = months && first >= 0 ? monthOf(months, first) : undefined;
  // Days are packed in order: the first key is the month's first day.
  const firstDay =
    months && first >= 0 ? Object.keys(JSON.parse(monthAt(months, first).days) as object)[0] : undefined;
  const firstSeen = firstDay ? new Date(`${firstMonth}-${firstDay}T00:00:00Z`) : (lastSeen ?? rosterAt);
  const c = newCharacter(name, firstSeen < rosterAt ? firstSeen : rosterAt);
  c.inRoster = false;
  if (e.rankName && e.rankName !== '—') c.rank = e.rankName;
  c.rankIndex = e.rankIndex;
  chars.set(name.key, c);
  const m = newMember(c);
  const gone = lastSeen && lastSeen < rosterAt ? lastSeen : rosterAt;
  m.active = false;
  m.missingSince = gone;
  m.inactiveSince = gone;
  members.set(m.id, m);
  return c;
}

/**
 * Queues the daily counts of the months whose content changed since the last merge (a digest
 * per month, kept on the character), so an everyday re-upload sends a few rows, not years.
 * Answers the new digests.
 */
function mergeMonths(c: CharacterState, months: PackedMonths, out: ChatMonthRow[]): string | null {
  // The stored digests are exactly these months' (the entry did not change since): nothing to do.
  if (c.chatDigest !== null && c.chatDigest === digestsText(months)) return c.chatDigest;
  const previous = parseDigests(c.chatDigest);
  const digests: Record<string, string> = { ...previous };
  let changed = false;
  for (let i = 0; i < monthCount(months); i++) {
    const m = monthAt(months, i);
    if (previous[m.month] === m.digest) continue;
    digests[m.month] = m.digest;
    changed = true;
    out.push({ characterId: c.id, month: m.month, days: m.days, count: m.count, fresh: c.isNew });
  }
  return changed ? JSON.stringify(digests) : c.chatDigest;
}

function parseDigests(text: string | null): Record<string, string> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function loadState(k: KnownCharacter, chars: Map<string, CharacterState>, members: Map<string, MemberState>) {
  const c: CharacterState = {
    id: k.id,
    memberId: k.memberId,
    name: k.name,
    nameKey: k.nameKey,
    realm: k.realm,
    className: k.className,
    level: k.level,
    rank: k.rank,
    rankIndex: k.rankIndex,
    spec: k.spec,
    role: k.role,
    inRoster: k.inRoster,
    online: k.online,
    messageTotal: k.messageTotal,
    lastMessage: k.lastMessage,
    chatDigest: k.chatDigest,
    lastSeenAt: k.lastSeenAt,
    firstSeenAt: new Date(0),
    isNew: false,
    before: '',
  };
  c.before = characterFields(c);
  chars.set(k.nameKey, c);
  let m = members.get(k.memberId);
  if (!m) {
    m = {
      id: k.memberId,
      active: k.member.active,
      missingSince: k.member.missingSince,
      inactiveSince: k.member.inactiveSince,
      lastSeenAt: k.member.lastSeenAt,
      characters: [],
      isNew: false,
      before: '',
    };
    m.before = memberFields(m);
    members.set(k.memberId, m);
  }
  m.characters.push(c);
}

function newCharacter(name: CharacterName, at: Date): CharacterState {
  return {
    id: crypto.randomUUID(),
    memberId: crypto.randomUUID(),
    name: name.name,
    nameKey: name.key,
    realm: name.realm,
    className: null,
    level: null,
    rank: null,
    rankIndex: null,
    spec: null,
    role: null,
    inRoster: true,
    online: false,
    messageTotal: 0,
    lastMessage: null,
    chatDigest: null,
    lastSeenAt: null,
    firstSeenAt: at,
    isNew: true,
    before: '',
  };
}

function newMember(c: CharacterState): MemberState {
  return {
    id: c.memberId,
    active: true,
    missingSince: null,
    inactiveSince: null,
    lastSeenAt: null,
    characters: [c],
    isNew: true,
    before: '',
  };
}

function pickCharacter(c: CharacterState) {
  return {
    id: c.id,
    name: c.name,
    className: c.className,
    level: c.level,
    rank: c.rank,
    rankIndex: c.rankIndex,
    spec: c.spec,
    role: c.role,
    inRoster: c.inRoster,
    online: c.online,
    messageTotal: c.messageTotal,
    lastMessage: c.lastMessage,
    chatDigest: c.chatDigest,
    lastSeenAt: c.lastSeenAt,
  };
}
