import crypto from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  type TelemetryRejectedEvent,
  type TTelemetryEvent,
  validateTelemetryBatch,
} from '@guildhall/contracts';
import { BRONZE_GZIP_LEVEL, raidNdjson } from './bronze';

/** What a batch needs besides its bytes: its id (event ids derive from it) and its clock. */
export interface BatchInput {
  /** The decompressed body, UTF-8. */
  bytes: Uint8Array;
  batchId: string;
  /** The batch's arrival in epoch ms: the latest allowed event time and the default ingestion time. */
  atMs: number;
  /** Whether each raid's NDJSON text is wanted too (a live stream listens). */
  withText: boolean;
}

/** One raid's accepted events, ready for bronze: gzip NDJSON, and the text when asked for. */
export interface PreparedRaid {
  raidId: string;
  gzip: Uint8Array;
  text?: string;
}

export type PreparedBatch =
  | {
      ok: true;
      accepted: number;
      rejected: TelemetryRejectedEvent[];
      /** In the order raids first appear. */
      objects: PreparedRaid[];
    }
  | { ok: false; code: string; message: string; details?: Record<string, unknown> };

/** Ids for events sent without one, derived from the batch: a retried batch gets the same ids. */
function eventIds(batchId: string): () => string {
  let n = 0;
  return () => {
    const h = crypto.createHash('sha256').update(`${batchId}:${n++}`).digest('hex');
    // Shaped as a UUID v4 (version and variant bits set).
    const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
}

/** The physical line (1-based) of the n-th non-blank line (0-based), as the validator counts. */
function lineOfItem(text: string, item: number): number {
  let seen = -1;
  let line = 0;
  let pos = 0;
  while (pos <= text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    line += 1;
    if (text.slice(pos, end).trim() !== '' && ++seen === item) return line;
    pos = end + 1;
  }
  return line;
}

/**
 * Each raid's NDJSON, raids in the order they first appear: the validator's verbatim lines
 * when it gave them (the events as sent, defaults appended), else the events serialised.
 */
function raidTexts(
  accepted: readonly TTelemetryEvent[],
  lines: readonly string[] | undefined,
): [string, string][] {
  if (lines === undefined) return raidNdjson(accepted);
  const byRaid = new Map<string, string[]>();
  for (let i = 0; i < accepted.length; i++) {
    const raidId = (accepted[i] as TTelemetryEvent).raid_id;
    const list = byRaid.get(raidId);
    if (list) list.push(lines[i] as string);
    else byRaid.set(raidId, [lines[i] as string]);
  }
  return [...byRaid].map(([raidId, own]) => [raidId, `${own.join('\n')}\n`]);
}

/**
 * The CPU work of one ingest request, with no I/O: decode, validate, group the accepted events
 * by raid, serialise and compress each raid's NDJSON. A pure function of its input, so it runs
 * the same in place (small batches) or on a worker thread (`ingest-pool.ts`). Whole-batch
 * faults (not JSON, not an array, no event, an NDJSON line that is not JSON) come back as
 * `ok: false`.
 */
export function prepareBatch(input: BatchInput): PreparedBatch {
  const text = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength).toString(
    'utf8',
  );
  const result = validateTelemetryBatch(text, {
    now: () => input.atMs,
    newEventId: eventIds(input.batchId),
    verbatim: true,
  });
  if (!result.ok) return { ok: false, code: result.code, message: result.message };
  const { accepted, rejected } = result;
  // A line that is not JSON at all means the stream is cut or corrupt, not that an event is bad.
  const broken = rejected.find(
    (r) => r.errors[0]?.field === null && r.errors[0].message.startsWith('not valid JSON'),
  );
  if (broken) {
    const line = lineOfItem(text, broken.index);
    return {
      ok: false,
      code: 'TELEMETRY_NOT_JSON',
      message: `line ${line} is ${broken.errors[0]!.message}`,
      details: { line },
    };
  }
  const objects: PreparedRaid[] = [];
  for (const [raidId, ndjson] of raidTexts(accepted, result.lines)) {
    const gzip = gzipSync(ndjson, { level: BRONZE_GZIP_LEVEL });
    objects.push(input.withText ? { raidId, gzip, text: ndjson } : { raidId, gzip });
  }
  return { ok: true, accepted: accepted.length, rejected, objects };
}
