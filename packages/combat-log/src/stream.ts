import {
  type CombatLogOutput,
  CombatLogParser,
  type CombatLogParserOptions,
  type CombatLogStats,
  initialState,
  type ParserState,
} from './parser';

/** Where to pick a parse up again: a line boundary, the lines before it, and the parser's state. */
export interface CombatLogCheckpoint {
  /** Bytes of the file consumed (all complete lines before `line + 1`). */
  offset: number;
  /** Lines consumed. */
  line: number;
  state: ParserState;
}

export interface CombatLogBatch extends CombatLogOutput {
  /** Resume point after this batch: store it with the batch's records. */
  checkpoint: CombatLogCheckpoint;
  stats: CombatLogStats;
}

export interface ParseCombatLogOptions extends CombatLogParserOptions {
  /** Continue from a checkpoint: the source must then start at `checkpoint.offset` of the file. */
  resume?: CombatLogCheckpoint;
  /**
   * Leave a last line without a line break unread (the checkpoint stops before it): the game
   * ends every line with one, so such a line is still being written. Default false: read it.
   */
  completeLinesOnly?: boolean;
}

const NEWLINE = 10;

/**
 * Parses a combat log from a stream of bytes (a `fs.ReadStream` or any async iterable of
 * chunks), one batch per chunk: the events, raids, pulls and combatants of the complete lines
 * it held, and a checkpoint to resume after them. Memory stays bounded by one chunk plus one
 * partial line; a trailing line without a line break is read at the end of the stream.
 * Names and other text fields are UTF-8, whatever chunk boundary cut them.
 */
export async function* parseCombatLog(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: ParseCombatLogOptions,
): AsyncGenerator<CombatLogBatch> {
  const resume = options.resume;
  const parser = new CombatLogParser(
    options,
    resume ? structuredClone(resume.state) : initialState(options.year),
  );
  // Bytes are decoded as latin1 (a copy, one character per byte: fast, and never cut inside a
  // character); the parser re-reads the text fields that hold UTF-8 sequences.
  parser.latin1 = true;
  let offset = resume?.offset ?? 0;
  let lineNo = resume?.line ?? 0;
  let pending: Buffer | null = null;

  const feed = (text: string) => {
    let pos = 0;
    for (;;) {
      const end = text.indexOf('\n', pos);
      if (end < 0) break;
      parser.line(text.slice(pos, end), ++lineNo);
      pos = end + 1;
    }
    if (pos < text.length) parser.line(text.slice(pos), ++lineNo);
  };
  const batch = (): CombatLogBatch => ({
    ...parser.take(),
    checkpoint: { offset, line: lineNo, state: structuredClone(parser.state) },
    stats: { ...parser.stats },
  });

  for await (const chunk of source) {
    const bytes = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const buf: Buffer = pending ? Buffer.concat([pending, bytes]) : bytes;
    const last = buf.lastIndexOf(NEWLINE);
    if (last < 0) {
      pending = buf;
      continue;
    }
    feed(buf.toString('latin1', 0, last));
    offset += last + 1;
    pending = last + 1 < buf.length ? Buffer.from(buf.subarray(last + 1)) : null;
    yield batch();
  }
  if (pending && pending.length > 0 && !options.completeLinesOnly) {
    feed(pending.toString('latin1'));
    offset += pending.length;
    yield batch();
  }
}

/** The whole of a log held in memory (tests, small uploads): every record, in order. */
export function parseCombatLogText(
  text: string,
  options: CombatLogParserOptions,
): CombatLogOutput & { stats: CombatLogStats } {
  const parser = new CombatLogParser(options);
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  for (let i = 0; i < lines.length; i++) parser.line(lines[i] as string, i + 1);
  return { ...parser.take(), stats: { ...parser.stats } };
}
