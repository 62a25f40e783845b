/**
 * Splitting a combat log line into fields. Commas inside double quotes belong to the field
 * (`"Mug'Zee, Heads of Security"`); quotes are removed and `nil` stays the string `nil` (the
 * caller decides what a missing value means for each field).
 */

/** Fields of an event line (after the timestamp), quotes removed. */
export function splitFields(text: string): string[] {
  const parts = text.split(',');
  if (text.indexOf('"') < 0) return parts;
  let out = 0;
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i] as string;
    if (part.charCodeAt(0) === 34 /* " */) {
      // A quoted field ends at the first piece that ends with a quote.
      while ((part.length < 2 || part.charCodeAt(part.length - 1) !== 34) && i + 1 < parts.length) {
        part = `${part},${parts[++i]}`;
      }
      part = part.length >= 2 && part.charCodeAt(part.length - 1) === 34 ? part.slice(1, -1) : part.slice(1);
    }
    parts[out++] = part;
  }
  parts.length = out;
  return parts;
}

/**
 * Fields of a line with nested `[…]` and `(…)` groups (COMBATANT_INFO): a group is one field,
 * kept with its brackets.
 */
export function splitGroupedFields(text: string): string[] {
  const fields: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 40 || c === 91) depth++;
    else if (c === 41 || c === 93) depth--;
    else if (c === 44 && depth === 0) {
      fields.push(unquote(text.slice(start, i)));
      start = i + 1;
    }
  }
  fields.push(unquote(text.slice(start)));
  return fields;
}

function unquote(field: string): string {
  return field.length >= 2 && field.charCodeAt(0) === 34 && field.charCodeAt(field.length - 1) === 34
    ? field.slice(1, -1)
    : field;
}

const NON_ASCII = /[\u0080-\u00ff]/;

/**
 * The fields of one line as offsets into it, found with native `indexOf` and sliced only when
 * read: the hot events need a dozen of their ~40 fields. A quoted field runs to its closing
 * quote (names never contain quotes), so commas inside it are kept.
 */
export class FieldCursor {
  line = '';
  count = 0;
  /** Text was decoded as latin1 (one byte per character): names are re-read as UTF-8. */
  latin1 = false;
  private readonly starts = new Int32Array(512);
  private readonly ends = new Int32Array(512);

  scan(line: string, from: number, to: number): this {
    this.line = line;
    const starts = this.starts;
    const ends = this.ends;
    let n = 0;
    let i = from;
    while (n < 512) {
      if (line.charCodeAt(i) === 34 /* " */) {
        const close = line.indexOf('"', i + 1);
        if (close < 0 || close >= to) {
          starts[n] = i + 1;
          ends[n++] = to;
          break;
        }
        starts[n] = i + 1;
        ends[n++] = close;
        i = close + 2; // past the quote and its comma
        if (i > to) break;
        continue;
      }
      const comma = line.indexOf(',', i);
      if (comma < 0 || comma >= to) {
        starts[n] = i;
        ends[n++] = to;
        break;
      }
      starts[n] = i;
      ends[n++] = comma;
      i = comma + 1;
    }
    this.count = n;
    return this;
  }

  /** Field `i` as written (`undefined` past the end). */
  get(i: number): string | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.line.slice(this.starts[i], this.ends[i]);
  }

  /** Field `i` as text: `null` for `nil` or absent; UTF-8 restored after latin1 decoding. */
  text(i: number): string | null {
    const s = this.get(i);
    if (s === undefined || s === 'nil' || s === '') return null;
    return this.latin1 && NON_ASCII.test(s) ? Buffer.from(s, 'latin1').toString('utf8') : s;
  }

  /** Field `i` as a number (NaN when it is not one). */
  num(i: number): number {
    if (i < 0 || i >= this.count) return Number.NaN;
    const line = this.line;
    const end = this.ends[i] as number;
    let p = this.starts[i] as number;
    let negative = false;
    if (line.charCodeAt(p) === 45) {
      negative = true;
      p++;
    }
    if (p >= end) return Number.NaN;
    let value = 0;
    for (; p < end; p++) {
      const d = line.charCodeAt(p) - 48;
      if (d < 0 || d > 9) return Number(line.slice(this.starts[i], end));
      value = value * 10 + d;
    }
    return negative ? -value : value;
  }

  /** Field `i` equals `s` (no slicing). */
  is(i: number, s: string): boolean {
    if (i < 0 || i >= this.count) return false;
    const start = this.starts[i] as number;
    return (this.ends[i] as number) - start === s.length && this.line.startsWith(s, start);
  }

  toArray(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.text(i) ?? this.get(i) ?? '');
    return out;
  }
}
