import { AppError } from '../../core/errors';
import {
  asBool,
  asClassToken,
  asEpoch,
  asInt,
  asRecord,
  asText,
  emptyObservation,
  entriesOf,
  type RawObservation,
} from './observation';
import { readStats } from './saved-variables';

/**
 * One batch of the legacy Python bridge (see the format doc): stats batches, roster/chat
 * batches of a session (`start` | `chunk` | `final`, roster `full` or `delta`) and heartbeats.
 * Every field is sent twice, snake_case and camelCase; either is accepted.
 */
export interface LegacyBatch {
  sessionId: string | null;
  isFinal: boolean;
  batchIndex: number | null;
  totalBatches: number | null;
  rosterMode: 'full' | 'delta' | 'no_change' | null;
  /**
   * `roster_summary.total_members`: the roster's size. A `full` session that halved its batches
   * after a 413 recomputes `total_batches`, so it is complete when this many names arrived.
   */
  totalMembers: number | null;
  kind: 'stats' | 'roster' | 'heartbeat';
  observation: RawObservation;
}

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const field = (body: Record<string, unknown>, snake: string): unknown => body[snake] ?? body[camel(snake)];

export function readLegacyBatch(body: unknown): LegacyBatch {
  const b = asRecord(body);
  if (!b) throw new AppError('VALIDATION_FAILED', 'a legacy upload batch is a JSON object');
  const obs = emptyObservation('legacy');
  const sessionId = asText(field(b, 'upload_session_id'), 200);
  const isFinal = asBool(field(b, 'is_final_batch')) ?? false;
  const phase = asText(field(b, 'session_phase'), 20);
  const modeText = asText(field(b, 'roster_mode'), 20);
  const rosterMode: LegacyBatch['rosterMode'] =
    modeText === 'full' || modeText === 'delta' || modeText === 'no_change' ? modeText : null;
  const rosterSummary = asRecord(field(b, 'roster_summary'));
  const base = {
    sessionId,
    isFinal: isFinal || phase === 'final',
    batchIndex: asInt(field(b, 'batch_index'), 0, 1_000_000),
    totalBatches: asInt(field(b, 'total_batches'), 0, 1_000_000),
    rosterMode,
    totalMembers: asInt(rosterSummary?.total_members ?? rosterSummary?.totalMembers, 0, 1_000_000),
  };

  const stats = field(b, 'stats');
  if (stats !== undefined) {
    if (typeof stats !== 'object' || stats === null) {
      throw new AppError('VALIDATION_FAILED', 'stats must be a list of snapshots');
    }
    obs.snapshots = readStats(stats, obs);
    return { ...base, kind: 'stats', observation: obs };
  }

  const roster = entriesOf(field(b, 'master_roster'));
  const data = entriesOf(field(b, 'data'));
  const removedRaw = field(b, 'removed_members');
  const removed = Array.isArray(removedRaw)
    ? removedRaw.filter((n): n is string => typeof n === 'string')
    : Object.keys(asRecord(removedRaw) ?? {});
  if (rosterMode === 'no_change' || (roster.length === 0 && data.length === 0 && removed.length === 0)) {
    return { ...base, kind: 'heartbeat', observation: obs };
  }
  if (sessionId === null) throw new AppError('VALIDATION_FAILED', 'upload_session_id is required');

  obs.roster = [];
  for (const [name, value] of roster) {
    const e = asRecord(value);
    if (!e) {
      obs.malformed += 1;
      continue;
    }
    obs.roster.push({
      name,
      rank: asText(e.rank ?? e.rankName, 100),
      level: asInt(e.lvl ?? e.level, 1, 200),
      className: asClassToken(e.class),
      online: asBool(e.is_online ?? e.online),
    });
  }
  obs.removed = removed;
  for (const [name, value] of data) {
    const e = asRecord(value);
    if (!e) {
      obs.malformed += 1;
      continue;
    }
    const rankIndex = asInt(e.rankIndex ?? e.rank_index, 0, 99);
    obs.chat.push({
      name,
      total: asInt(e.total, 0, 2_000_000_000),
      daily: null,
      lastMessage: asText(e.lastMessage ?? e.last_message, 1000),
      lastSeenTs: asEpoch(e.lastSeenTS ?? e.last_seen_ts),
      rankName: asText(e.rankName ?? e.rank_name, 100),
      rankIndex: rankIndex === 99 ? null : rankIndex,
    });
  }
  return { ...base, kind: 'roster', observation: obs };
}
