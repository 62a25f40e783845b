import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { DuckDBListValue, type DuckDBValue } from '@duckdb/node-api';
import { createGunzipStream } from '../../core/gunzip';
import { openDuck, sqlString } from './duck';
import { appendMatches, type MatchStoreDeps } from './matches.store';
import { parsePublicMatch } from './public-match';
import type { DotaMatch } from './types';

/**
 * Bulk import of public matches from a file: NDJSON of OpenDota's `/publicMatches` objects,
 * CSV with the same columns (teams as comma strings or JSON arrays, quoted), or Parquet with
 * the same columns. Streamed: matches are stored a chunk at a time (each chunk stored whole
 * or not at all), deduplicated against everything the community has, so importing a file
 * again, or again after an interruption, stores nothing twice. A bad row is refused with its
 * line (CSV, NDJSON) or row number (Parquet) and reason; the others are stored, or with
 * `strict` nothing is stored when any row is bad.
 */
export type ImportFormat = 'ndjson' | 'csv' | 'parquet';

export interface BadRow {
  line: number;
  reason: string;
}

export interface ImportProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
}

export interface ImportOptions {
  format?: ImportFormat;
  /** Matches stored per chunk. */
  chunkRows?: number;
  /** Store nothing when any row is bad (the file is read twice). */
  strict?: boolean;
  onProgress?: (p: ImportProgress) => void;
  onBadRow?: (bad: BadRow) => void;
}

export interface ImportSummary {
  rows: number;
  added: number;
  duplicates: number;
  rejected: number;
  /** The first bad rows (all are passed to `onBadRow`). */
  badRows: BadRow[];
  /** Strict mode found bad rows: nothing was stored. */
  refused: boolean;
}

const MAX_BAD_KEPT = 100;
/** A CSV record or NDJSON line longer than this is refused (a public match is a few hundred bytes). */
const MAX_LINE = 64 * 1024;

export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}

export function formatOf(file: string): ImportFormat {
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.parquet')) return 'parquet';
  if (name.endsWith('.csv')) return 'csv';
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl') || name.endsWith('.json')) return 'ndjson';
  throw new ImportFileError(
    `cannot tell the format of ${path.basename(file)}: name it .ndjson, .jsonl, .csv or .parquet (or pass --format)`,
  );
}

/** Rows of a file as objects with the row's line (or row) number. */
type RowSource = AsyncGenerator<{ line: number; row: unknown } | { line: number; error: string }>;

function textLines(file: string, onBytes: (n: number) => void): AsyncIterable<string> {
  const raw = createReadStream(file);
  raw.on('data', (chunk) => onBytes(chunk.length));
  const stream: Readable = file.toLowerCase().endsWith('.gz') ? raw.pipe(createGunzipStream()) : raw;
  raw.on('error', (err) => stream.destroy(err));
  return readline.createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
}

async function* ndjsonRows(file: string, onBytes: (n: number) => void): RowSource {
  let line = 0;
  for await (const text of textLines(file, onBytes)) {
    line += 1;
    if (text.trim() === '') continue;
    if (text.length > MAX_LINE) {
      yield { line, error: `longer than ${MAX_LINE} characters` };
      continue;
    }
    try {
      yield { line, row: JSON.parse(text) as unknown };
    } catch {
      yield { line, error: 'not valid JSON' };
    }
  }
}

/** Splits one CSV record (RFC 4180 quoting); null when a quote is left open. */
export function splitCsv(text: string): string[] | null {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
    i += 1;
  }
  if (quoted) return null;
  out.push(field);
  return out;
}

async function* csvRows(file: string, onBytes: (n: number) => void): RowSource {
  let line = 0;
  let header: string[] | undefined;
  let pending = '';
  let startLine = 0;
  for await (const text of textLines(file, onBytes)) {
    line += 1;
    if (pending === '') startLine = line;
    const record = pending === '' ? text : `${pending}\n${text}`;
    if (record.length > MAX_LINE) {
      pending = '';
      yield { line: startLine, error: `record longer than ${MAX_LINE} characters` };
      continue;
    }
    const cells = splitCsv(record);
    if (cells === null) {
      pending = record;
      continue;
    }
    pending = '';
    if (!header) {
      header = cells.map((c) => c.trim().replace(/^\uFEFF/, ''));
      for (const need of ['match_id', 'radiant_win', 'start_time', 'radiant_team', 'dire_team'])
        if (!header.includes(need)) throw new ImportFileError(`line 1: the CSV header has no ${need} column`);
      continue;
    }
    if (record.trim() === '') continue;
    if (cells.length !== header.length) {
      yield { line: startLine, error: `${cells.length} cells where the header names ${header.length}` };
      continue;
    }
    const row: Record<string, string | null> = {};
    header.forEach((name, i) => {
      const v = cells[i] as string;
      row[name] = v === '' ? null : v;
    });
    yield { line: startLine, row };
  }
  if (pending !== '') yield { line: startLine, error: 'a quoted cell is never closed' };
  if (!header) throw new ImportFileError('the CSV file is empty (no header line)');
}

/** A DuckDB value as plain JSON-like data (lists as arrays, BIGINT as a number). */
function plain(v: DuckDBValue): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof DuckDBListValue) return v.items.map(plain);
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}

async function* parquetRows(file: string, onBytes: (n: number) => void): RowSource {
  const c = await openDuck();
  try {
    const from = `read_parquet(${sqlString(file)}, hive_partitioning = false)`;
    let total: number;
    let result: Awaited<ReturnType<typeof c.stream>>;
    try {
      total = Number((await c.runAndReadAll(`SELECT count(*)::DOUBLE FROM ${from}`)).getRows()[0]?.[0] ?? 0);
      result = await c.stream(`SELECT * FROM ${from}`);
    } catch (err) {
      throw new ImportFileError(
        `not a readable Parquet file (${err instanceof Error ? err.message.split('\n')[0] : err})`,
      );
    }
    const size = (await stat(file)).size;
    const names = result.columnNames();
    let line = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (const values of chunk.getRows()) {
        const row: Record<string, unknown> = {};
        names.forEach((name, i) => {
          row[name] = plain(values[i] ?? null);
        });
        yield { line: ++line, row };
      }
      onBytes(total > 0 ? Math.floor((size * chunk.rowCount) / total) : 0);
    }
  } finally {
    c.closeSync();
  }
}

/** Imports one file into a community's matches. */
export async function importMatchesFile(
  deps: MatchStoreDeps,
  communityId: string,
  file: string,
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) throw new ImportFileError(`no such file: ${file}`);
  const format = opts.format ?? formatOf(file);
  if (opts.strict) {
    const check = await readFile(null, communityId, file, format, info.size, opts);
    if (check.rejected > 0) return { ...check, refused: true };
  }
  return readFile(deps, communityId, file, format, info.size, {
    ...opts,
    onBadRow: opts.strict ? undefined : opts.onBadRow,
  });
}

async function readFile(
  deps: MatchStoreDeps | null,
  communityId: string,
  file: string,
  format: ImportFormat,
  totalBytes: number,
  opts: ImportOptions,
): Promise<ImportSummary> {
  const chunkRows = opts.chunkRows ?? 250_000;
  const summary: ImportSummary = {
    rows: 0,
    added: 0,
    duplicates: 0,
    rejected: 0,
    badRows: [],
    refused: false,
  };
  let bytes = 0;
  const onBytes = (n: number) => {
    bytes = Math.min(totalBytes, bytes + n);
  };
  let buffer: DotaMatch[] = [];
  const flush = async () => {
    if (buffer.length === 0 || !deps) {
      buffer = [];
      return;
    }
    const r = await appendMatches(deps, communityId, buffer);
    summary.added += r.added;
    summary.duplicates += r.duplicates;
    buffer = [];
  };
  const bad = (line: number, reason: string) => {
    summary.rejected += 1;
    if (summary.badRows.length < MAX_BAD_KEPT) summary.badRows.push({ line, reason });
    opts.onBadRow?.({ line, reason });
  };
  const rows =
    format === 'ndjson'
      ? ndjsonRows(file, onBytes)
      : format === 'csv'
        ? csvRows(file, onBytes)
        : parquetRows(file, onBytes);
  let lastReport = 0;
  for await (const item of rows) {
    summary.rows += 1;
    if ('error' in item) {
      bad(item.line, item.error);
      continue;
    }
    const parsed = parsePublicMatch(item.row);
    if (!parsed.ok) bad(item.line, parsed.reason);
    else buffer.push(parsed.match);
    if (buffer.length >= chunkRows) await flush();
    if (summary.rows - lastReport >= 10_000) {
      lastReport = summary.rows;
      opts.onProgress?.({ rows: summary.rows, bytes, totalBytes });
    }
  }
  await flush();
  opts.onProgress?.({ rows: summary.rows, bytes: totalBytes, totalBytes });
  return summary;
}
