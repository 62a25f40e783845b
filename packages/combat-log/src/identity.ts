import { createHash } from 'node:crypto';

/**
 * What a combat log is, before parsing it: its identity and whether it is one at all.
 *
 * A log is named by its first line: the header written when logging started, with its
 * millisecond timestamp (or, for a log cut from a longer one, its first event). The file keeps
 * that identity while the game appends to it, whatever it is renamed to and however it is
 * sent (raw or gzip), so an import of the grown file resumes where the last one stopped.
 */

/** Bytes read to find the first line; a longer first line is not a combat log. */
export const HEAD_BYTES = 4096;

const FIRST_LINE =
  /^\d{1,2}\/\d{1,2}(\/\d{4})? \d{1,2}:\d{2}:\d{2}\.\d{1,4}(-?\d{1,2})?[ \t]+[A-Z][A-Z0-9_]*,/;

/** The first line of `head` (without its line break), or undefined when none ends within it. */
export function firstLine(head: Uint8Array): string | undefined {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  let start = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3; // a UTF-8 BOM
  const end = bytes.indexOf(10, start);
  if (end < 0 || end - start > HEAD_BYTES) return undefined;
  return bytes.toString('utf8', start, bytes[end - 1] === 13 ? end - 1 : end);
}

/** Whether a line reads as a combat log line: `<timestamp>  EVENT,…` in any documented form. */
export function isCombatLogLine(line: string): boolean {
  return FIRST_LINE.test(line);
}

/** The identity of a log from its first bytes (at least its first line): 24 hex digits. */
export function combatLogFileId(head: Uint8Array): string | undefined {
  const line = firstLine(head);
  if (line === undefined || !isCombatLogLine(line)) return undefined;
  return createHash('sha256').update(line).digest('hex').slice(0, 24);
}
