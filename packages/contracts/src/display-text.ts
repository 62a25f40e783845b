/**
 * Characters that change how text around them is shown without being visible themselves:
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
 * left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F, U+061C), and
 * zero-width characters (U+200B–U+200D, U+2060, U+FEFF). A player name holding U+202E reads
 * backwards, and one holding a zero-width space looks like another player's name.
 */
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060\uFEFF]/g;
/** Control characters (C0 and C1, newlines and tabs included): a name is one line. */
const CONTROL = /\p{Cc}+/gu;

/** Text without the invisible characters above; everything else, newlines included, kept. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/**
 * Text written by players (names, rank names, guild names, messages) as it is safe to
 * display in one line: invisible and control characters removed, runs of them where they
 * separated words turned into one space. The dashboard and every message Guildhall sends
 * show player text through this.
 */
export function cleanDisplayText(text: string): string {
  return stripInvisible(text).replace(CONTROL, ' ');
}
