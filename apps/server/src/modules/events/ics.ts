/**
 * Writes iCalendar (RFC 5545) text: CRLF line ends, lines folded at 75 octets, TEXT values
 * escaped. Times are written in UTC (`Z`), which needs no VTIMEZONE and every client reads.
 */

export interface IcsEvent {
  uid: string;
  summary: string;
  description: string;
  start: Date;
  end: Date;
  /** Last change: DTSTAMP and LAST-MODIFIED (a feed has no METHOD, so they agree, §3.8.7.2). */
  modified: Date;
  created: Date;
  sequence: number;
  status: 'CONFIRMED' | 'CANCELLED';
}

/** TEXT escaping (§3.3.11): backslash first, then `;`, `,` and line breaks. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** `20261201T190000Z`. */
export function utcStamp(d: Date): string {
  return `${d.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
}

/**
 * Folds a content line (§3.1): no line longer than 75 octets; a continuation starts with one
 * space, which counts. A multi-octet UTF-8 character is never split.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // the leading space of the continuation takes one
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

export function writeCalendar(opts: { name: string; events: readonly IcsEvent[] }): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Guildhall//Events//EN',
    'CALSCALE:GREGORIAN',
    `X-WR-CALNAME:${escapeText(opts.name)}`,
  ];
  for (const e of opts.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${utcStamp(e.modified)}`,
      `CREATED:${utcStamp(e.created)}`,
      `LAST-MODIFIED:${utcStamp(e.modified)}`,
      `SEQUENCE:${e.sequence}`,
      `DTSTART:${utcStamp(e.start)}`,
      `DTEND:${utcStamp(e.end)}`,
      `SUMMARY:${escapeText(e.summary)}`,
      ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
      `STATUS:${e.status}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
