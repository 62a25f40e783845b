import crypto from 'node:crypto';
import type { TTelemetryIngestResult } from '@guildhall/contracts';
import type { AppContext } from '../../core/context';
import { AppError, type ErrorCode } from '../../core/errors';
import { putBronzeObjects } from './bronze';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  reclaimStaleKey,
  releaseIdempotencyKey,
} from './idempotency.repo';
import type { TelemetryBody } from './ingest-body';
import { prepareIngestBatch } from './ingest-pool';
import { liveChannel, publishRaidTexts } from './live';

/** How long a request may hold an `Idempotency-Key` before a retry may take it over. */
export const IDEMPOTENCY_LEASE_MS = 60_000;
/** How long keys are remembered (the prune job forgets older ones). */
export const IDEMPOTENCY_RETENTION_MS = 24 * 3_600_000;

export interface TelemetrySender {
  communityId: string;
  apiKeyId: string;
}

export interface IngestAnswer {
  status: 201 | 207;
  body: TTelemetryIngestResult;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

/**
 * A batch's id: random without an `Idempotency-Key`; derived from the community and the key
 * with one, so a retry after a failure half-way writes the same bronze objects again rather
 * than new ones beside them.
 */
function batchIdFor(communityId: string, key: string | undefined): string {
  if (key === undefined) return crypto.randomUUID();
  return `idem-${crypto.createHash('sha256').update(`${communityId}\0${key}`).digest('hex').slice(0, 32)}`;
}

/**
 * Validates a batch (`prepareIngestBatch`: on a worker thread when large), stores its valid
 * events in bronze and sends them to live streams. Whole-batch faults (not JSON, not an array,
 * no event, an NDJSON line that is not JSON) and a batch with no valid event are errors, and
 * store nothing.
 */
async function storeBatch(
  ctx: AppContext,
  communityId: string,
  bytes: Uint8Array,
  batch: { batchId: string; at: Date },
): Promise<{ status: 201 | 207; body: TTelemetryIngestResult }> {
  const live = await ctx.pubsub.hasListeners(liveChannel(communityId)).catch(() => false);
  const prepared = await prepareIngestBatch({
    bytes,
    batchId: batch.batchId,
    atMs: batch.at.getTime(),
    withText: live,
  });
  if (!prepared.ok) throw new AppError(prepared.code as ErrorCode, prepared.message, prepared.details);
  const { accepted, rejected, objects } = prepared;
  const body: TTelemetryIngestResult = {
    status: rejected.length === 0 ? 'accepted' : accepted === 0 ? 'rejected' : 'partially_accepted',
    batchId: batch.batchId,
    received: accepted + rejected.length,
    accepted,
    rejected,
    raids: objects.map((o) => o.raidId).sort(),
  };
  if (accepted === 0) {
    const first = rejected[0]!;
    const why = first.errors.map((e) => (e.field ? `${e.field} ${e.message}` : e.message)).join('; ');
    const more = rejected.length > 1 ? ` (and ${rejected.length - 1} more refused events)` : '';
    throw new AppError(
      'TELEMETRY_EVENTS_REJECTED',
      `no event is valid: event ${first.index}: ${why}${more}`,
      body,
    );
  }
  await putBronzeObjects(
    ctx.store,
    { communityId, batchId: batch.batchId, ingestedAt: batch.at, kind: 'events' },
    objects.map((o) => [o.raidId, o.gzip]),
  );
  if (live) {
    await publishRaidTexts(
      ctx.pubsub,
      communityId,
      objects.map((o) => [o.raidId, o.text ?? '']),
    ).catch((err: unknown) => ctx.log.warn({ err }, 'telemetry: live publish failed'));
  }
  return { status: rejected.length === 0 ? 201 : 207, body };
}

/**
 * `POST …/telemetry/events`. With an `Idempotency-Key`, the first request claims the key in the
 * database (one row per community and key) and stores its answer; a retry with the same body
 * gets that answer and stores nothing; the same key with another body is refused (422); a
 * retry while the first is still running waits its turn (409), unless the first one's claim is
 * older than the lease (its process died), when the retry redoes the batch with the first
 * attempt's clock and ids, writing the same objects.
 */
export async function ingestTelemetry(
  ctx: AppContext,
  sender: TelemetrySender,
  body: TelemetryBody,
  idempotencyKey: string | undefined,
): Promise<IngestAnswer> {
  try {
    return await ingest(ctx, sender, body, idempotencyKey);
  } finally {
    // The batch is read: its memory serves the next one.
    body.release();
  }
}

async function ingest(
  ctx: AppContext,
  sender: TelemetrySender,
  body: TelemetryBody,
  idempotencyKey: string | undefined,
): Promise<IngestAnswer> {
  const { communityId } = sender;
  const batchId = batchIdFor(communityId, idempotencyKey);
  const at = new Date();
  if (idempotencyKey === undefined) {
    return { ...(await storeBatch(ctx, communityId, body.bytes, { batchId, at })), replayed: false };
  }
  const requestSha256 = body.sha256();
  const claim = await claimIdempotencyKey(ctx.db, {
    communityId,
    key: idempotencyKey,
    requestSha256,
    batchId,
    at,
  });
  const record = claim.record;
  if (!claim.claimed) {
    if (record.requestSha256 !== requestSha256) {
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was already used for a different batch: send each new batch with a new key',
      );
    }
    if (record.state === 'done') {
      return {
        status: record.responseStatus as 201 | 207,
        body: record.responseBody as TTelemetryIngestResult,
        replayed: true,
      };
    }
    const stale = at.getTime() - record.claimedAt.getTime() > IDEMPOTENCY_LEASE_MS;
    if (!stale || !(await reclaimStaleKey(ctx.db, record, at))) {
      throw new AppError(
        'IDEMPOTENCY_KEY_IN_PROGRESS',
        'a request with this Idempotency-Key is still being processed: retry in a few seconds',
      );
    }
  }
  try {
    const answer = await storeBatch(ctx, communityId, body.bytes, {
      batchId: record.batchId,
      at: record.createdAt,
    });
    await completeIdempotencyKey(ctx.db, record, answer);
    return { ...answer, replayed: false };
  } catch (err) {
    // Nothing answered: the key is free again, and a retry redoes the same batch id.
    await releaseIdempotencyKey(ctx.db, record).catch((e: unknown) =>
      ctx.log.warn({ err: e }, 'telemetry: could not release an idempotency key'),
    );
    throw err;
  }
}
