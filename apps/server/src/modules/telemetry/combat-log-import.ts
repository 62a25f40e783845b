import {
  type CombatLogCheckpoint,
  type CombatLogEvent,
  type CombatLogOutput,
  combatLogFileId,
  firstLine,
  parseCombatLog,
} from '@guildhall/combat-log';
import { AppError } from '../../core/errors';
import type { ObjectStore } from '../../core/storage/object-store';
import { type BronzeKind, BronzeRows, writeBronzeBatch, writeBronzeRows } from './bronze';
import { exactChunks, skipTo, TAIL_BYTES, tailHash } from './combat-log-bytes';
import { eventKeysMatch, writeCombatLogEvent } from './combat-log-ndjson';
import type { NdjsonBytes } from './ndjson-bytes';

/**
 * A combat log into bronze, a chunk at a time, resumable. The log is named by its first line
 * (`combatLogFileId`); after each chunk its records are written as bronze objects whose batch id
 * is the file identity and the chunk's starting byte, then the parser's checkpoint is saved at
 * `imports/<community>/<fileId>.json`. An interrupted import, or the same file grown since,
 * goes on from that checkpoint; a chunk written but not yet checkpointed is written again with
 * the same key and the same bytes. Event ids derive from the file and the line, so nothing is
 * counted twice even by a fresh import of a copy.
 */

/** Bytes of log text per chunk (one bronze batch per chunk): ~15k events. */
export const IMPORT_CHUNK_BYTES = 4 * 1024 * 1024;
const PARSE_PIECE_BYTES = 64 * 1024;

export interface ImportCounts {
  raids: number;
  pulls: number;
  events: number;
  combatants: number;
}

export interface ImportCheckpoint {
  fileId: string;
  /** The log's first line, which names it (a resend from an offset lacks it). */
  firstLine: string;
  name: string;
  /** First import of this file: fixes the bronze `ingest_date` for every chunk of it. */
  startedAt: string;
  updatedAt: string;
  /** Year and zone of timestamps written without them, decided at the first import. */
  year: number;
  utcOffsetMinutes: number;
  /** Hash of the bytes from `tailFrom` to `parser.offset` (at most `TAIL_BYTES`). */
  tail: string;
  tailFrom: number;
  parser: CombatLogCheckpoint;
  counts: ImportCounts;
}

export interface ImportProgress {
  /** Bytes of the log read so far (from its start). */
  offset: number;
  /** Size of the log when known. */
  totalBytes: number | undefined;
  /** Bytes read by this run. */
  bytesThisRun: number;
}

export interface ImportSummary {
  fileId: string;
  /** The file's totals so far (every run). */
  counts: ImportCounts;
  /** What this run added. */
  added: ImportCounts;
  /** Byte where this run started (0 for a first import). */
  resumedAt: number;
  offset: number;
  bronzeObjects: number;
}

export interface CombatLogSourceInfo {
  communityId: string;
  /** The first bytes of the log (its first line at least): identity and format check. */
  head: Uint8Array;
  name: string;
  /** Year of month/day timestamps (first import only; see `guessLogYear`). */
  year: number;
  /** Zone of timestamps without an offset, minutes east of UTC (first import only). */
  utcOffsetMinutes: number;
}

export const checkpointKey = (communityId: string, fileId: string) => `imports/${communityId}/${fileId}.json`;

/** The identity of a log from its head, or a clear refusal when it is not a combat log. */
export function requireCombatLogId(head: Uint8Array, name: string): string {
  const id = combatLogFileId(head);
  if (id === undefined) {
    throw new AppError(
      'UPLOAD_NOT_RECOGNISED',
      `${name} is not a WoW combat log: its first line should read like "6/14/2025 18:01:13.780-4  COMBAT_LOG_VERSION,…"`,
    );
  }
  return id;
}

/**
 * The year of month/day timestamps: the one in `WoWCombatLog-MMDDYY_HHMMSS.txt`, else the year
 * of `reference` (file time or upload date), one less when the log's first month lies after it
 * (a log begun in December and imported in January).
 */
export function guessLogYear(name: string, head: Uint8Array, reference: Date): number {
  const named = /WoWCombatLog-(\d{2})(\d{2})(\d{2})_\d{6}/.exec(name);
  if (named) return 2000 + Number(named[3]);
  const month = Number(/^\D*(\d{1,2})\//.exec(firstLine(head) ?? '')?.[1]);
  const year = reference.getUTCFullYear();
  return month > reference.getUTCMonth() + 1 ? year - 1 : year;
}

export async function readImportCheckpoint(
  store: ObjectStore,
  communityId: string,
  fileId: string,
): Promise<ImportCheckpoint | undefined> {
  const body = await store.get(checkpointKey(communityId, fileId));
  return body ? (JSON.parse(body.toString('utf8')) as ImportCheckpoint) : undefined;
}

export interface ImportCombatLogOptions extends CombatLogSourceInfo {
  /** The log's bytes (decompressed) from byte `sourceOffset`; bytes before the checkpoint are skipped. */
  source: AsyncIterable<Uint8Array>;
  sourceOffset: number;
  totalBytes?: number;
  now: () => Date;
  chunkBytes?: number;
  onProgress?: (p: ImportProgress) => void;
  /** Called after each chunk is stored and checkpointed (an interruption test throws here). */
  afterChunk?: (chunk: number) => void | Promise<void>;
}

/** Imports (or resumes importing) one combat log into the community's bronze. */
export async function importCombatLog(store: ObjectStore, o: ImportCombatLogOptions): Promise<ImportSummary> {
  const fileId = requireCombatLogId(o.head, o.name);
  const key = checkpointKey(o.communityId, fileId);
  const previous = await readImportCheckpoint(store, o.communityId, fileId);
  const startedAt = previous?.startedAt ?? o.now().toISOString();
  const year = previous?.year ?? o.year;
  const utcOffsetMinutes = previous?.utcOffsetMinutes ?? o.utcOffsetMinutes;
  const resumeAt = previous?.parser.offset ?? 0;
  if (o.sourceOffset > resumeAt) {
    throw new AppError(
      'CONFLICT',
      `the log must be sent from byte ${resumeAt} (what is imported so far), not ${o.sourceOffset}`,
      { offset: resumeAt },
    );
  }
  const counts: ImportCounts = previous
    ? { ...previous.counts }
    : { raids: 0, pulls: 0, events: 0, combatants: 0 };
  const added: ImportCounts = { raids: 0, pulls: 0, events: 0, combatants: 0 };
  const ingestedAt = new Date(startedAt);
  const size = o.chunkBytes ?? IMPORT_CHUNK_BYTES;
  // The parser is fed small pieces (it is ~3× faster on 64 KiB strings than on 4 MiB ones);
  // their records are gathered into one bronze batch per chunk.
  const piece = Math.min(PARSE_PIECE_BYTES, size);
  if (size % piece !== 0) throw new Error(`chunkBytes must be a multiple of ${piece}`);
  const source = exactChunks(
    skipTo(
      o.source,
      o.sourceOffset,
      resumeAt,
      previous ? { hash: previous.tail, from: previous.tailFrom } : undefined,
    ),
    resumeAt,
    piece,
  );

  // The bytes fed to the parser since the last checkpoint's tail, for the next tail.
  let window: Buffer[] = [];
  let windowStart = resumeAt;
  let offset = resumeAt;
  let chunk = 0;
  let bronzeObjects = 0;
  let fedEnd = resumeAt;
  const tracked = (async function* () {
    for await (const bytes of source) {
      window.push(bytes);
      fedEnd += bytes.length;
      yield bytes;
    }
  })();
  /** Hash of the bytes before `end` (at most TAIL_BYTES), keeping only what the next tail may need. */
  const tailAt = (end: number): { from: number; hash: string } => {
    const from = Math.max(windowStart, end - TAIL_BYTES);
    const slices: Buffer[] = [];
    const keep: Buffer[] = [];
    let pos = windowStart;
    for (const piece of window) {
      const next = pos + piece.length;
      const a = Math.max(pos, from);
      const b = Math.min(next, end);
      if (b > a) slices.push(piece.subarray(a - pos, b - pos));
      if (next > from) keep.push(piece.subarray(Math.max(0, from - pos)));
      pos = next;
    }
    window = keep;
    windowStart = from;
    return { from, hash: tailHash(Buffer.concat(slices)) };
  };

  const batches = parseCombatLog(tracked, {
    fileId,
    year,
    utcOffsetMinutes,
    completeLinesOnly: true,
    ...(previous ? { resume: previous.parser } : {}),
  });
  // Chunk k's objects are compressed (zlib's threads) and written while chunk k+1 is parsed; its
  // checkpoint is saved once they are all stored, and checkpoints are saved in order.
  let stored: Promise<void> = Promise.resolve();
  // A chunk's events are NDJSON bytes as soon as they are parsed (see BronzeRows); the few
  // raids, pulls and combatants stay objects.
  // Their buffers are reused once a chunk is written.
  const spare: NdjsonBytes[] = [];
  const gatherer = (): Gathered => ({ events: new BronzeRows(spare), raids: [], pulls: [], combatants: [] });
  let gathered = gatherer();
  let chunkStart = resumeAt;
  let parserCheckpoint: CombatLogCheckpoint | undefined;
  const flush = async () => {
    if (!parserCheckpoint || offset === chunkStart) return;
    const batch = gathered;
    gathered = gatherer();
    tally(counts, batch);
    tally(added, batch);
    const tail = tailAt(offset);
    const checkpoint: ImportCheckpoint = {
      fileId,
      firstLine: previous?.firstLine ?? firstLine(o.head) ?? '',
      name: previous?.name ?? o.name,
      startedAt,
      updatedAt: o.now().toISOString(),
      year,
      utcOffsetMinutes,
      tail: tail.hash,
      tailFrom: tail.from,
      parser: parserCheckpoint,
      counts,
    };
    const checkpointText = JSON.stringify(checkpoint);
    const written = writeBatch(store, o.communityId, `cl-${fileId}-${chunkStart}`, ingestedAt, batch);
    chunkStart = offset;
    const at = offset;
    const previousStored = stored;
    stored = (async () => {
      const [n] = await Promise.all([written, previousStored]);
      batch.events.release();
      bronzeObjects += n;
      await store.put(key, checkpointText);
      o.onProgress?.({ offset: at, totalBytes: o.totalBytes, bytesThisRun: at - resumeAt });
      await o.afterChunk?.(++chunk);
    })();
    // A failure is raised by the await below (next chunk, or the end), never left unhandled.
    stored.catch(() => undefined);
    written.catch(() => undefined);
    await previousStored;
  };
  try {
    for await (const batch of batches) {
      offset = batch.checkpoint.offset;
      parserCheckpoint = batch.checkpoint;
      gatherEvents(gathered.events, batch.events);
      for (const r of batch.raids) gathered.raids.push(r);
      for (const p of batch.pulls) gathered.pulls.push(p);
      for (const c of batch.combatants) gathered.combatants.push(c);
      // A chunk ends where the file's bytes reach a multiple of `size`: the same place in every run.
      if (fedEnd % size === 0) await flush();
    }
    await flush();
    await stored;
  } finally {
    // Nothing keeps writing once the import has returned or failed.
    await Promise.allSettled([stored]);
  }
  return { fileId, counts, added, resumedAt: resumeAt, offset, bronzeObjects };
}

type Gathered = Omit<CombatLogOutput, 'events'> & { events: BronzeRows };

/** A parsed piece's events into their raids' NDJSON bytes, written directly when their shape is the expected one. */
function gatherEvents(rows: BronzeRows, events: readonly CombatLogEvent[]): void {
  const first = events[0];
  if (first === undefined) return;
  if (!eventKeysMatch(first)) {
    rows.add(events);
    return;
  }
  let raidId = first.raid_id;
  let bytes = rows.bytesOf(raidId);
  for (const e of events) {
    if (e.raid_id !== raidId) {
      raidId = e.raid_id;
      bytes = rows.bytesOf(raidId);
    }
    writeCombatLogEvent(bytes, e);
  }
  rows.added(events.length);
}

function tally(c: ImportCounts, b: Gathered): void {
  c.raids += b.raids.length;
  c.pulls += b.pulls.filter((p) => p.outcome === null).length;
  c.events += b.events.count;
  c.combatants += b.combatants.length;
}

/** One batch's objects, one per raid and kind, in the bronze layout (as every source writes them). */
async function writeBatch(
  store: ObjectStore,
  communityId: string,
  batchId: string,
  ingestedAt: Date,
  batch: Gathered,
): Promise<number> {
  const kinds: [BronzeKind, readonly { raid_id: string }[]][] = [
    ['raids', batch.raids],
    ['pulls', batch.pulls],
    ['combatants', batch.combatants],
  ];
  const written = await Promise.all([
    ...kinds.map(([kind, rows]) => writeBronzeBatch(store, { communityId, batchId, ingestedAt, kind, rows })),
    writeBronzeRows(store, { communityId, batchId, ingestedAt, kind: 'events', rows: batch.events }),
  ]);
  return written.reduce((n, keys) => n + keys.length, 0);
}
