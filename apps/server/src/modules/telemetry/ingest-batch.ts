import crypto from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  type TelemetryRejectedEvent,
  type TelemetryValidationOptions,
  type TTelemetryEvent,
  validateParsedTelemetry,
  validateTelemetryBatch,
} from '@guildhall/contracts';
import { BRONZE_GZIP_LEVEL } from './bronze';
import { splitBatch } from './ingest-split';
import { NdjsonBytes } from './ndjson-bytes';

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

const NEWLINE = new Uint8Array([0x0a]);

/**
 * Where each raid's NDJSON is written before it is compressed, kept from batch to batch: a
 * megabyte allocated afresh per batch costs its page faults again each time.
 */
const scratch = new NdjsonBytes(1 << 20);

/** Accepted events' indexes grouped by raid, raids in the order they first appear. */
function byRaid(accepted: readonly TTelemetryEvent[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (let i = 0; i < accepted.length; i++) {
    const raidId = (accepted[i] as TTelemetryEvent).raid_id;
    const list = out.get(raidId);
    if (list) list.push(i);
    else out.set(raidId, [i]);
  }
  return out;
}

/** Writes accepted event i's NDJSON line (without its line feed). */
type LineWriter = (i: number, out: NdjsonBytes) => void;

/**
 * Event i as sent: its own bytes from the body up to its closing brace, then its tail (the
 * defaults it left out, the id made for it, the brace). Copied as bytes: no string is built.
 */
function asSentLines(body: Buffer, spans: Int32Array, tails: readonly string[]): LineWriter {
  const tailBytes = new Map<string, Uint8Array>();
  return (i, out) => {
    out.raw(body.subarray(spans[2 * i] as number, (spans[2 * i + 1] as number) - 1));
    const tail = tails[i] as string;
    let b = tailBytes.get(tail);
    if (b === undefined) {
      b = Buffer.from(tail);
      tailBytes.set(tail, b);
    }
    out.raw(b);
  };
}

/** Event i as validated, serialised. */
const serialisedLines =
  (accepted: readonly TTelemetryEvent[]): LineWriter =>
  (i, out) =>
    out.text(JSON.stringify(accepted[i]));

type Validated =
  | Extract<PreparedBatch, { ok: false }>
  | { ok: true; accepted: TTelemetryEvent[]; rejected: TelemetryRejectedEvent[]; line: LineWriter };

/**
 * Validates a body split on its bytes (`splitBatch`), or read whole as text for the shapes the
 * split leaves to it; answers each raid's NDJSON: as sent when the batch allows, else each
 * validated event serialised.
 */
function validateBody(body: Buffer, options: TelemetryValidationOptions): Validated {
  const split = splitBatch(body);
  if (split !== undefined) {
    const { verbatim, ...result } = validateParsedTelemetry(split, { ...options, verbatim: true });
    const { accepted, rejected } = result;
    const broken = notJson(rejected);
    if (broken) return brokenLine(body.toString('utf8'), broken);
    const asSent = verbatim !== undefined && split.asSent && split.keyMarks === verbatim.keys;
    return {
      ok: true,
      accepted,
      rejected,
      line: asSent ? asSentLines(body, split.spans, verbatim.tails) : serialisedLines(accepted),
    };
  }
  // The split leaves to the text reader only batches it could not store as sent either.
  const text = body.toString('utf8');
  const result = validateTelemetryBatch(text, options);
  if (!result.ok) return result;
  const broken = notJson(result.rejected);
  if (broken) return brokenLine(text, broken);
  const { accepted, rejected } = result;
  return { ok: true, accepted, rejected, line: serialisedLines(accepted) };
}

/** An NDJSON line that is not JSON at all: the stream is cut or corrupt, not an event bad. */
const notJson = (rejected: readonly TelemetryRejectedEvent[]) =>
  rejected.find((r) => r.errors[0]?.field === null && r.errors[0].message.startsWith('not valid JSON'));

function brokenLine(text: string, broken: TelemetryRejectedEvent): Validated {
  const line = lineOfItem(text, broken.index);
  return {
    ok: false,
    code: 'TELEMETRY_NOT_JSON',
    message: `line ${line} is ${broken.errors[0]!.message}`,
    details: { line },
  };
}

/**
 * The CPU work of one ingest request, with no I/O: split and validate the body, group the
 * accepted events by raid, write and compress each raid's NDJSON. A pure function of its
 * input, so it runs the same in place (small batches) or on a worker thread
 * (`ingest-pool.ts`). Whole-batch faults (not JSON, not an array, no event, an NDJSON line
 * that is not JSON) come back as `ok: false`.
 */
export function prepareBatch(input: BatchInput): PreparedBatch {
  const body = Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength);
  const result = validateBody(body, {
    now: () => input.atMs,
    newEventId: eventIds(input.batchId),
  });
  if (!result.ok) return result;
  const objects: PreparedRaid[] = [];
  for (const [raidId, indexes] of byRaid(result.accepted)) {
    scratch.clear();
    for (const i of indexes) {
      result.line(i, scratch);
      scratch.raw(NEWLINE);
    }
    const ndjson = scratch.bytes();
    const gzip = gzipSync(ndjson, { level: BRONZE_GZIP_LEVEL });
    objects.push(input.withText ? { raidId, gzip, text: ndjson.toString('utf8') } : { raidId, gzip });
  }
  return { ok: true, accepted: result.accepted.length, rejected: result.rejected, objects };
}
