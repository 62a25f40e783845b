/**
 * NDJSON written straight into bytes, as `JSON.stringify` then UTF-8 would write it, without
 * building the row objects' text first. For the hot row shapes (a combat log's events): a
 * string of each row costs about as much again to flatten and encode as to build.
 */

const encoder = new TextEncoder();

/** An ASCII constant (keys and punctuation) as bytes. */
export const asciiBytes = (text: string): Uint8Array => encoder.encode(text);

/**
 * Room `reserve` leaves beyond what it is asked for: the numbers, booleans and quotes written
 * between two calls that reserve (every writer of a value of unbounded length does) fit in it.
 */
export const ROW_SLACK = 1024;

const NULL = asciiBytes('null');
const TRUE = asciiBytes('true');
const FALSE = asciiBytes('false');

/** A growing byte buffer with writers for JSON values. */
export class NdjsonBytes {
  private buf: Uint8Array;
  private pos = 0;

  constructor(capacity = 1 << 16) {
    this.buf = new Uint8Array(capacity);
  }

  get length(): number {
    return this.pos;
  }

  /** Writes again the bytes from `start` to `end` (already written: a value repeated in the row). */
  again(start: number, end: number): void {
    this.reserve(end - start);
    this.buf.copyWithin(this.pos, start, end);
    this.pos += end - start;
  }

  /** Starts again at byte 0, keeping the memory (the bytes given out before are overwritten). */
  clear(): void {
    this.pos = 0;
  }

  /** The bytes written so far (a view, not a copy: write nothing more while it is used). */
  bytes(): Buffer {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset, this.pos);
  }

  /** Room for `n` more bytes (plus `ROW_SLACK`): a row writer calls it once before a row. */
  reserve(n: number): void {
    if (this.pos + n + ROW_SLACK <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n + ROW_SLACK));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** Text written elsewhere (`ndjsonText`), as UTF-8. */
  text(text: string): void {
    this.reserve(text.length * 3);
    this.pos += encoder.encodeInto(text, this.buf.subarray(this.pos)).written;
  }

  /** Constant bytes (a key, or a value encoded once: of any length). */
  raw(b: Uint8Array): void {
    if (this.pos + b.length > this.buf.length) this.reserve(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** A JSON string, or null. Reserves its own room. */
  str(s: string | null): void {
    if (s === null) {
      this.raw(NULL);
      return;
    }
    this.buf[this.pos++] = 34;
    this.body(s);
    this.buf[this.pos++] = 34;
  }

  /** A string's JSON text between its quotes (the caller writes them). Reserves its own room. */
  body(s: string): void {
    const n = s.length;
    this.reserve(n * 2);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c < 0x20 || c === 34 || c === 92) {
          this.escaped(s);
          return;
        }
        buf[p++] = c;
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 0x3f);
      } else {
        // Three-byte characters, surrogates: rare in names, written as JSON.stringify does.
        this.escaped(s);
        return;
      }
    }
    this.pos = p;
  }

  /** What needs escaping (quotes, backslashes, control characters, lone surrogates) by JSON.stringify itself. */
  private escaped(s: string): void {
    this.text(JSON.stringify(s).slice(1, -1));
  }

  /** A JSON number, or null (also for NaN and ±Infinity, as JSON.stringify): ≤ 25 bytes, within the slack. */
  num(v: number | null): void {
    if (v === null || !Number.isFinite(v)) {
      this.raw(NULL);
      return;
    }
    if (v >= 0 && v <= 0x7fffffff && (v | 0) === v) {
      // Whole numbers (and -0, written 0 like JSON.stringify) without a string.
      const buf = this.buf;
      let digits = 1;
      for (let x = v; x >= 10; x = (x / 10) | 0) digits++;
      const end = this.pos + digits;
      let p = end;
      let x = v | 0;
      do {
        const next = (x / 10) | 0;
        buf[--p] = 48 + x - next * 10;
        x = next;
      } while (x > 0);
      this.pos = end;
      return;
    }
    const text = `${v}`;
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < text.length; i++) buf[p++] = text.charCodeAt(i);
    this.pos = p;
  }

  /** Within the slack. */
  bool(v: boolean): void {
    this.raw(v ? TRUE : FALSE);
  }

  /** An array of strings. Reserves its own room. */
  strings(list: readonly string[]): void {
    this.buf[this.pos++] = 91;
    for (let i = 0; i < list.length; i++) {
      if (i > 0) this.buf[this.pos++] = 44;
      this.str(list[i] as string);
    }
    this.buf[this.pos++] = 93;
  }
}
