import crypto from 'node:crypto';
import { type TRecorder, type TUploadReason, type TUploadResult, zUploadReason } from '@guildhall/contracts';
import { LuaSyntaxError } from '@guildhall/lua';
import type { AppContext } from '../../core/context';
import type { Executor } from '../../core/db';
import { AppError } from '../../core/errors';
import { createKeyedMutex } from '../../core/keyed-mutex';
import { recordApiKeyUpload } from '../access';
import { type Actor, recordAudit } from '../audit';
import { type Community, communityCacheKey, requireCommunity } from '../communities';
import { foldName } from '../members';
import { applyObservation, emptySummary, loadIngestState } from './ingest.service';
import { readLegacyBatch } from './legacy';
import type { RawObservation } from './observation';
import { parseUpload } from './parse-pool';
import type { UploadBody } from './upload-body';
import * as repo from './wow.repo';

/** Who uploads: always an API key with the `upload` scope. */
export interface Uploader {
  communityId: string;
  apiKeyId: string | null;
  actor: Actor;
}

const LEGACY_SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Uploads of one community commit one at a time (each reads what the previous wrote), in the
 * order they arrived. In this process a keyed mutex; across processes on PostgreSQL,
 * an advisory lock taken first in the transaction. Other communities are not held up.
 */
const communityUploads = createKeyedMutex();

/** Thrown inside the transaction when a concurrent upload of the same bytes committed first. */
class DuplicateUpload extends Error {}

function unchanged(uploadId: string): TUploadResult {
  return { uploadId, unchanged: true, summary: emptySummary(), reasons: [] };
}

/**
 * Ingests a whole `GuildActivityTracker.lua`: verifies the hash, answers `unchanged` without
 * writing when the community already has these bytes, parses, and applies everything in one
 * transaction with its audit entry. On PostgreSQL the parse runs on a worker thread while the
 * transaction takes the community's lock and reads its stored state: neither waits for the other.
 */
export async function ingestFile(
  ctx: AppContext,
  uploader: Uploader,
  input: { body: UploadBody; declaredSha256?: string; source?: string; now?: Date },
): Promise<TUploadResult> {
  const { body } = input;
  const size = body.bytes.length;
  try {
    if (input.declaredSha256 !== undefined && input.declaredSha256.toLowerCase() !== body.sha256) {
      throw new AppError(
        'CONTENT_HASH_MISMATCH',
        'X-Content-SHA256 does not match the uploaded bytes (after decompression)',
        { expected: input.declaredSha256, actual: body.sha256 },
      );
    }
    if (size === 0) throw new AppError('UPLOAD_NOT_RECOGNISED', 'the upload is empty');
    const existing = await repo.findUploadByHash(ctx.db, uploader.communityId, body.sha256);
    if (existing) return unchanged(existing.id);
  } catch (err) {
    body.release();
    throw err;
  }
  // The bytes are read once the parse ends: their memory then serves the next upload.
  const parsed = parseUpload(body.bytes, ctx.config.UPLOAD_DECOMPRESSED_LIMIT_BYTES)
    .catch((err: unknown) => {
      throw err instanceof LuaSyntaxError
        ? new AppError('LUA_SYNTAX', `line ${err.line}, column ${err.column}: ${err.reason}`, {
            line: err.line,
            column: err.column,
            excerpt: err.excerpt,
          })
        : err;
    })
    .finally(() => body.release());
  // Awaited in the transaction; should anything fail before, the parse's own failure is not lost
  // as an unhandled rejection.
  parsed.catch(() => undefined);
  const community = await requireCommunity(ctx.db, uploader.communityId);
  return commit(ctx, community, uploader, {
    kind: 'file',
    sha256: body.sha256,
    size,
    source: input.source ?? null,
    // PGlite has one connection: a transaction open during the parse would hold every other
    // request's reads that much longer, so there the parse comes first.
    observation: ctx.dbKind === 'postgres' ? parsed : await parsed,
    now: input.now ?? new Date(),
  });
}

/**
 * Ingests one batch of the legacy bridge's JSON protocol. Heartbeats and retried batches
 * write nothing; a `full` roster session marks as left whoever none of its batches listed,
 * once every batch of the session has arrived.
 */
export async function ingestLegacyBatch(
  ctx: AppContext,
  uploader: Uploader,
  input: { body: unknown; now?: Date },
): Promise<TUploadResult> {
  const batch = readLegacyBatch(input.body);
  if (batch.kind === 'heartbeat') {
    const latest = await repo.findLatestUpload(ctx.db, uploader.communityId);
    return unchanged(latest?.id ?? '');
  }
  const json = JSON.stringify(input.body);
  const sha256 = crypto.createHash('sha256').update(json).digest('hex');
  const existing = await repo.findUploadByHash(ctx.db, uploader.communityId, sha256);
  if (existing) return unchanged(existing.id);
  const community = await requireCommunity(ctx.db, uploader.communityId);
  const now = input.now ?? new Date();
  const observation = batch.observation;
  observation.rosterAt = Math.floor(now.getTime() / 1000);

  return commit(ctx, community, uploader, {
    kind: 'legacy',
    sha256,
    size: Buffer.byteLength(json),
    source: batch.sessionId,
    observation,
    now,
    async prepare(tx) {
      if (batch.kind !== 'roster' || !batch.sessionId) return undefined;
      // A first session spans several batches: none of its names is a join.
      const initialImport = !(await repo.hasRosterBefore(tx, community.id, batch.sessionId));
      if (batch.rosterMode !== 'full') {
        // Delta mode: removals are listed on the final batch only.
        if (!batch.isFinal) observation.removed = [];
        return { initialImport };
      }
      const names = (observation.roster ?? []).map((e) => e.name);
      const session = await repo.addLegacySessionBatch(
        tx,
        community.id,
        batch.sessionId,
        batch.batchIndex ?? 1,
        names,
      );
      if (!batch.isFinal) return { initialImport };
      await repo.deleteLegacySession(tx, community.id, batch.sessionId);
      await repo.pruneLegacySessions(tx, new Date(now.getTime() - LEGACY_SESSION_TTL_MS));
      // A session that halved its batches after a 413 recomputes `total_batches` but keeps
      // counting `batch_index`: the roster's size says when every name has arrived.
      const complete =
        batch.totalMembers !== null && batch.totalMembers > 0
          ? new Set(session.names.map(foldName)).size >= batch.totalMembers
          : batch.totalBatches === null || session.batches.length >= batch.totalBatches;
      if (complete) {
        observation.rosterComplete = true;
        observation.alsoPresent = session.names;
      }
      return { initialImport };
    },
  });
}

async function commit(
  ctx: AppContext,
  community: Community,
  uploader: Uploader,
  u: {
    kind: 'file' | 'legacy';
    sha256: string;
    size: number;
    source: string | null;
    /** The observation, or the parse that will answer it (awaited after the state is read). */
    observation: RawObservation | Promise<RawObservation>;
    now: Date;
    /** Runs first in the transaction; may adjust the observation and the ingestion options. */
    prepare?: (tx: Executor) => Promise<{ initialImport?: boolean } | undefined>;
  },
): Promise<TUploadResult> {
  try {
    const result = await communityUploads.run(community.id, () => transact(ctx, community, uploader, u));
    // The community may have taken its realm from this upload.
    if (!community.realm && result.summary.homeRealm) ctx.cache.invalidate(communityCacheKey(community.id));
    return result;
  } catch (err) {
    if (!(err instanceof DuplicateUpload)) throw err;
    const existing = await repo.findUploadByHash(ctx.db, community.id, u.sha256);
    return unchanged(existing?.id ?? '');
  }
}

function transact(
  ctx: AppContext,
  community: Community,
  uploader: Uploader,
  u: Parameters<typeof commit>[3],
): Promise<TUploadResult> {
  return ctx.db.transaction(async (tx): Promise<TUploadResult> => {
    await repo.lockCommunityUploads(tx, community.id);
    // First, so a concurrent upload of the same bytes waits here and then finds it.
    const row = await repo.insertUpload(tx, {
      communityId: community.id,
      sha256: u.sha256,
      size: u.size,
      kind: u.kind,
      source: u.source?.slice(0, 300) ?? null,
      apiKeyId: uploader.apiKeyId,
      summary: {},
      receivedAt: u.now,
    });
    if (!row) throw new DuplicateUpload();
    const state = await loadIngestState(tx, community.id);
    const observation = await u.observation;
    const options = (await u.prepare?.(tx)) ?? {};
    const result = await applyObservation(tx, community, observation, { now: u.now, state, ...options });
    await repo.completeUpload(tx, row.id, {
      summary: { ...result.summary, reasons: result.reasons },
      rosterAt: result.rosterAt,
    });
    await recordRecorder(tx, community.id, uploader, { ...u, observation }, result.reasons);
    if (uploader.apiKeyId) await recordApiKeyUpload(tx, uploader.apiKeyId, u.now);
    await recordAudit(tx, {
      communityId: community.id,
      actor: uploader.actor,
      action: u.kind === 'file' ? 'wow.upload' : 'wow.upload.legacy',
      target: { type: 'upload', id: row.id },
      details: { sha256: u.sha256, size: u.size, source: u.source, summary: result.summary },
    });
    return { uploadId: row.id, unchanged: false, summary: result.summary, reasons: result.reasons };
  });
}

/**
 * Recorder health: which PC uploaded (its addon `_sync.clientId`, else the API key and source
 * file), its addon role, when it last recorded and synced, and what it holds unmerged.
 */
async function recordRecorder(
  tx: Executor,
  communityId: string,
  uploader: Uploader,
  u: { kind: 'file' | 'legacy'; source: string | null; observation: RawObservation; now: Date },
  reasons: TUploadReason[],
): Promise<void> {
  const r = u.observation.recorder;
  const source = u.kind === 'legacy' ? 'legacy bridge' : (u.source?.slice(0, 300) ?? null);
  const at = (epoch: number | null | undefined) => (epoch ? new Date(epoch * 1000) : null);
  await repo.upsertRecorder(tx, {
    communityId,
    recorderKey: r?.clientId ? `client:${r.clientId}` : `key:${uploader.apiKeyId ?? '-'}:${source ?? ''}`,
    clientId: r?.clientId ?? null,
    apiKeyId: uploader.apiKeyId,
    source,
    role: r?.role ?? null,
    recording: r?.recording ?? null,
    lastRecordedAt: at(r?.lastRecordedAt),
    lastSyncedAt: at(r?.lastSyncedAt),
    pendingMessages: r?.pendingMessages ?? 0,
    pendingSnapshots: r?.pendingSnapshots ?? 0,
    lastUploadAt: u.now,
    lastReasons: reasons,
  });
}

/** The recorders of a community, newest upload first (the admin page's recorder health). */
export async function listRecorders(db: Executor, communityId: string): Promise<TRecorder[]> {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return (await repo.findRecorders(db, communityId)).map((r) => ({
    id: r.id,
    clientId: r.clientId,
    apiKeyId: r.apiKeyId,
    source: r.source,
    role: r.role,
    recording: r.recording,
    lastRecordedAt: iso(r.lastRecordedAt),
    lastSyncedAt: iso(r.lastSyncedAt),
    pendingMessages: r.pendingMessages,
    pendingSnapshots: r.pendingSnapshots,
    lastUploadAt: r.lastUploadAt.toISOString(),
    uploads: r.uploads,
    lastReasons: r.lastReasons.filter((x): x is TUploadReason => zUploadReason.safeParse(x).success),
  }));
}
