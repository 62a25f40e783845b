import { promisify } from 'node:util';
import { gunzipSync, gzip, gzipSync } from 'node:zlib';
import type { TTelemetryEvent } from '@guildhall/contracts';
import type { ObjectStore } from '../../core/storage/object-store';
import { NdjsonBytes } from './ndjson-bytes';

/**
 * Bronze: accepted events exactly as validated, gzip NDJSON, one object per batch and raid:
 *
 *   bronze/community=<uuid>/raid_id=<raid>/ingest_date=<YYYY-MM-DD>/<batch>.<kind>.ndjson.gz
 *
 * `kind` is `events` for every source; a combat log import also writes what only the log
 * knows, beside its events: `raids` (instance sessions), `pulls` (encounter start/end with
 * kill or wipe) and `combatants` (spec and item level at a pull's start). Objects are never
 * rewritten: a batch id names one accepted request or one import chunk, so writing the same
 * batch again replaces it with the same bytes, and silver deduplicates events across batches.
 */
export const BRONZE_KINDS = ['events', 'raids', 'pulls', 'combatants'] as const;
export type BronzeKind = (typeof BRONZE_KINDS)[number];

/** Events may carry what the combat log adds (overhealing, its line); silver reads those when present. */
export type BronzeEvent = TTelemetryEvent & { overhealing_amount?: number | null; log_line?: number };

export interface BronzeObject {
  key: string;
  communityId: string;
  raidId: string;
  ingestDate: string;
  batchId: string;
  kind: BronzeKind;
}

const SAFE = /^[A-Za-z0-9_.:-]{1,128}$/;

/** Hive partition values: raid ids come from clients, so anything outside a safe set is encoded. */
export function partitionValue(value: string): string {
  return SAFE.test(value) && value !== '.' && value !== '..'
    ? value
    : encodeURIComponent(value).replaceAll('.', '%2E');
}

export function bronzePrefix(communityId: string): string {
  return `bronze/community=${partitionValue(communityId)}/`;
}

export function bronzeKey(o: Omit<BronzeObject, 'key'>): string {
  if (!SAFE.test(o.batchId)) throw new Error(`invalid batch id: ${o.batchId}`);
  return `${bronzePrefix(o.communityId)}raid_id=${partitionValue(o.raidId)}/ingest_date=${o.ingestDate}/${o.batchId}.${o.kind}.ndjson.gz`;
}

const KEY =
  /^bronze\/community=([^/]+)\/raid_id=([^/]+)\/ingest_date=(\d{4}-\d{2}-\d{2})\/([A-Za-z0-9_.:-]+)\.(events|raids|pulls|combatants)\.ndjson\.gz$/;

/** Reads a key back into its parts; undefined for anything that is not a bronze object. */
export function parseBronzeKey(key: string): BronzeObject | undefined {
  const m = KEY.exec(key);
  if (!m) return undefined;
  return {
    key,
    communityId: decodeURIComponent(m[1]!),
    raidId: decodeURIComponent(m[2]!),
    ingestDate: m[3]!,
    batchId: m[4]!,
    kind: m[5] as BronzeKind,
  };
}

/**
 * gzip level of bronze objects: 1 compresses a batch of events ~2.5× faster than the default 6
 * for objects ~35 % larger (about 12× smaller than the JSON instead of 16×); bronze is written
 * on every ingest request and read once by the pipeline, so speed wins.
 */
export const BRONZE_GZIP_LEVEL = 1;
const gzipAsync = promisify(gzip);

/**
 * Rows as NDJSON text. One `JSON.stringify` of the whole array, its `},{"` between rows turned
 * into line breaks: ~2× faster than a string per row, and the result is one flat string (a
 * concatenation of 1,000 rows is a rope that costs as much again to flatten into bytes for
 * gzip). Exact for flat rows (scalars and arrays of scalars: every bronze kind): a quote inside
 * a string is escaped, so `},{"` only occurs between objects of an array. Anything else (rows
 * holding arrays of objects) is caught by the line count and written a row at a time.
 */
export function ndjsonText(rows: readonly unknown[]): string {
  if (rows.length === 0) return '';
  const text = `${JSON.stringify(rows).slice(1, -1).replaceAll('},{"', '}\n{"')}\n`;
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  if (lines === rows.length) return text;
  return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
}

export function encodeNdjson(rows: readonly unknown[]): Buffer {
  return gzipSync(ndjsonText(rows), { level: BRONZE_GZIP_LEVEL });
}

/** As `encodeNdjson`, compressing on libuv's thread pool: the event loop goes on meanwhile. */
export function encodeNdjsonAsync(rows: readonly unknown[]): Promise<Buffer> {
  return gzipText(ndjsonText(rows));
}

// One output chunk for a whole batch: one trip to the thread pool rather than one per 16 KiB.
const gzipText = (text: string | Buffer) => gzipAsync(text, { level: BRONZE_GZIP_LEVEL, chunkSize: 1 << 20 });

export function decodeNdjson<T>(body: Buffer): T[] {
  const text = gunzipSync(body).toString('utf8');
  const rows: T[] = [];
  for (const line of text.split('\n')) if (line !== '') rows.push(JSON.parse(line) as T);
  return rows;
}

/**
 * Writes one batch: its rows grouped by raid, one object per raid and kind. Returns the keys
 * written. `ingestedAt` fixes the `ingest_date` partition (the batch's arrival, in UTC).
 */
export async function writeBronzeBatch(
  store: ObjectStore,
  batch: {
    communityId: string;
    batchId: string;
    ingestedAt: Date;
    kind?: BronzeKind;
    rows: readonly { raid_id: string }[];
  },
): Promise<string[]> {
  return writeObjects(store, batch, raidNdjson(batch.rows));
}

/** Rows grouped by raid as NDJSON text, raids in the order they first appear. */
export function raidNdjson(rows: readonly { raid_id: string }[]): [raidId: string, ndjson: string][] {
  const byRaid = new Map<string, { raid_id: string }[]>();
  for (const row of rows) {
    const list = byRaid.get(row.raid_id);
    if (list) list.push(row);
    else byRaid.set(row.raid_id, [row]);
  }
  if (byRaid.size === 1) return [[rows[0]!.raid_id, ndjsonText(rows)]];
  return [...byRaid].map(([raidId, list]) => [raidId, ndjsonText(list)]);
}

/**
 * Rows of one kind turned into NDJSON bytes as they come, grouped by raid, for a batch written
 * later with `writeBronzeRows`: a long batch (a combat log chunk) then holds bytes outside the
 * JavaScript heap rather than thousands of objects the garbage collector copies again and
 * again. The objects written are those `writeBronzeBatch` writes for the same rows in the same
 * order, to the byte. A source that writes its rows' bytes itself (`combat-log-ndjson.ts`)
 * appends them to `bytesOf(raid)` and counts them with `added`.
 */
export class BronzeRows {
  private readonly byRaid = new Map<string, NdjsonBytes>();
  count = 0;

  /**
   * `spare`: buffers of batches already written, reused (and given back by `release`): a
   * chunk's megabytes of NDJSON allocated afresh each time cost page faults and full garbage
   * collections (large buffers count as external memory).
   */
  constructor(private readonly spare: NdjsonBytes[] = []) {}

  add(rows: readonly { raid_id: string }[]): void {
    this.count += rows.length;
    // Runs of rows of one raid (nearly always the whole list) are encoded at once.
    let from = 0;
    for (let i = 1; i <= rows.length; i++) {
      const raidId = (rows[from] as { raid_id: string }).raid_id;
      if (i < rows.length && (rows[i] as { raid_id: string }).raid_id === raidId) continue;
      this.bytesOf(raidId).text(ndjsonText(from === 0 && i === rows.length ? rows : rows.slice(from, i)));
      from = i;
    }
  }

  /** The raid's NDJSON so far, to append whole lines to. */
  bytesOf(raidId: string): NdjsonBytes {
    let bytes = this.byRaid.get(raidId);
    if (!bytes) {
      bytes = this.spare.pop() ?? new NdjsonBytes();
      bytes.clear();
      this.byRaid.set(raidId, bytes);
    }
    return bytes;
  }

  /** Once the batch is written: its buffers go back to `spare` (the bytes given out are overwritten). */
  release(): void {
    for (const bytes of this.byRaid.values()) this.spare.push(bytes);
    this.byRaid.clear();
  }

  /** Rows appended through `bytesOf`. */
  added(n: number): void {
    this.count += n;
  }

  /** Each raid's NDJSON, in the order raids first appeared (views: the rows are done with). */
  texts(): [string, Buffer][] {
    return [...this.byRaid].map(([raidId, bytes]) => [raidId, bytes.bytes()]);
  }
}

/** Writes rows gathered in a `BronzeRows`, as `writeBronzeBatch` would write them. */
export function writeBronzeRows(
  store: ObjectStore,
  batch: { communityId: string; batchId: string; ingestedAt: Date; kind: BronzeKind; rows: BronzeRows },
): Promise<string[]> {
  return writeObjects(store, batch, batch.rows.texts());
}

async function writeObjects(
  store: ObjectStore,
  batch: { communityId: string; batchId: string; ingestedAt: Date; kind?: BronzeKind },
  texts: [string, string | Buffer][],
): Promise<string[]> {
  // Raids compress (on the thread pool) side by side.
  const compressed = await Promise.all(
    texts.map(async ([raidId, text]): Promise<[string, Uint8Array]> => [raidId, await gzipText(text)]),
  );
  return putBronzeObjects(store, { ...batch, kind: batch.kind ?? 'events' }, compressed);
}

/** Writes one batch's objects already compressed (gzip NDJSON), one per raid; answers their keys. */
export function putBronzeObjects(
  store: ObjectStore,
  batch: { communityId: string; batchId: string; ingestedAt: Date; kind: BronzeKind },
  objects: readonly [raidId: string, gzip: Uint8Array][],
): Promise<string[]> {
  const ingestDate = batch.ingestedAt.toISOString().slice(0, 10);
  return Promise.all(
    objects.map(async ([raidId, gzip]) => {
      const key = bronzeKey({
        communityId: batch.communityId,
        raidId,
        ingestDate,
        batchId: batch.batchId,
        kind: batch.kind,
      });
      // From a worker thread the bytes arrive as a plain Uint8Array: viewed as a Buffer, not copied.
      await store.put(
        key,
        Buffer.isBuffer(gzip) ? gzip : Buffer.from(gzip.buffer, gzip.byteOffset, gzip.byteLength),
      );
      return key;
    }),
  );
}

/** Every bronze object of a community (all kinds, all raids), in key order. */
export async function listBronze(store: ObjectStore, communityId: string): Promise<BronzeObject[]> {
  const out: BronzeObject[] = [];
  for (const { key } of await store.list(bronzePrefix(communityId))) {
    const parsed = parseBronzeKey(key);
    if (parsed) out.push(parsed);
  }
  return out;
}
