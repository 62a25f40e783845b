import type { ParsedTelemetryBatch } from '@guildhall/contracts';

/**
 * A telemetry body split into its events on its bytes, each event decoded and parsed on its own.
 *
 * Why not decode the body and parse it whole: a string of a megabyte lives in V8's large-object
 * space, fresh memory on every allocation, and creating one costs more than parsing it (3 ms
 * per MB against 1.6 ms here); an event's few hundred bytes are a young-generation string. The
 * byte spans also let a batch stored as sent be copied into bronze as bytes
 * (`ingest-batch.ts`), never joined into one more large string.
 */
export interface SplitBatch extends ParsedTelemetryBatch {
  /** Per item, its text's byte span in the body: `spans[2i]` at its `{`, `spans[2i + 1]` just past its `}`. */
  spans: Int32Array;
  /**
   * Whether every event's text can be stored as its own NDJSON line: it starts with `{` and
   * ends with `}`, holds no backslash (so every `"` delimits a string and `":` ends a key) and
   * no line break.
   */
  asSent: boolean;
  /** How many `":` the events' text holds: equal to the keys the parser read when none was sent twice. */
  keyMarks: number;
}

/** Occurrences of `needle` in `text`. */
function countOf(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

const isSpace = (b: number | undefined) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * Splits a body: a JSON array of flat objects (found by brace position, each then parsed) or
 * NDJSON (split on line feeds, which UTF-8 never holds inside a character). Undefined when an
 * array is not of that simple shape — empty, not closed, a brace inside a string, a nested
 * object — or the body holds no event: the caller then reads the body whole, which gives the
 * exact answer for every such case.
 */
export function splitBatch(bytes: Buffer): SplitBatch | undefined {
  let p = 0;
  while (isSpace(bytes[p])) p++;
  if (p === bytes.length) return undefined;
  return bytes[p] === 0x5b /* [ */ ? splitArray(bytes, p + 1) : splitLines(bytes);
}

function splitArray(bytes: Buffer, from: number): SplitBatch | undefined {
  const items: unknown[] = [];
  const spans: number[] = [];
  let asSent = true;
  let keyMarks = 0;
  let p = from;
  for (;;) {
    while (isSpace(bytes[p])) p++;
    if (items.length > 0) {
      if (bytes[p] === 0x5d /* ] */) break;
      if (bytes[p] !== 0x2c /* , */) return undefined;
      p++;
      while (isSpace(bytes[p])) p++;
    }
    if (bytes[p] !== 0x7b /* { */) return undefined;
    const close = bytes.indexOf(0x7d /* } */, p);
    if (close < 0) return undefined;
    const text = bytes.toString('utf8', p, close + 1);
    // A `{` before the `}` is a nested object or a brace inside a string.
    if (text.indexOf('{', 1) >= 0) return undefined;
    try {
      items.push(JSON.parse(text));
    } catch {
      return undefined;
    }
    if (asSent) {
      asSent = text.indexOf('\\') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0;
      keyMarks += countOf(text, '":');
    }
    spans.push(p, close + 1);
    p = close + 1;
  }
  p++;
  while (isSpace(bytes[p])) p++;
  if (p !== bytes.length) return undefined;
  return { items, notJson: new Map(), spans: Int32Array.from(spans), asSent, keyMarks };
}

function splitLines(bytes: Buffer): SplitBatch | undefined {
  const items: unknown[] = [];
  const spans: number[] = [];
  const notJson = new Map<number, string>();
  let asSent = true;
  let keyMarks = 0;
  for (let pos = 0; pos < bytes.length; ) {
    let end = bytes.indexOf(0x0a /* \n */, pos);
    if (end < 0) end = bytes.length;
    // Trimmed as a string, as the text reader does (blank lines of any whitespace skipped).
    const line = bytes.toString('utf8', pos, end).trim();
    let start = pos;
    let stop = end;
    pos = end + 1;
    if (line === '') continue;
    try {
      items.push(JSON.parse(line));
    } catch (err) {
      notJson.set(items.length, (err as Error).message);
      items.push(undefined);
    }
    while (isSpace(bytes[start])) start++;
    while (stop > start && isSpace(bytes[stop - 1])) stop--;
    if (asSent) {
      // Whitespace the string trim took and the byte trim did not (no-break space, BOM) stays out.
      asSent =
        bytes[start] === 0x7b && bytes[stop - 1] === 0x7d && line.indexOf('\\') < 0 && line.indexOf('\r') < 0;
      keyMarks += countOf(line, '":');
    }
    spans.push(start, stop);
  }
  if (items.length === 0) return undefined;
  return { items, notJson, spans: Int32Array.from(spans), asSent, keyMarks };
}
