import type { ResultLine } from './results.scoring';
import type { ResultStatus } from './results.tables';

/** A CSV problem, by its line in the file (the header is line 1). */
export interface CsvProblem {
  line: number;
  message: string;
}

/** Header names (lower-cased, spaces and dashes as `_`) and the field each fills. */
const COLUMNS: Record<string, keyof ResultLine> = {
  discord_user_id: 'discordUserId',
  discorduserid: 'discordUserId',
  discord_id: 'discordUserId',
  display_name: 'displayName',
  displayname: 'displayName',
  driver: 'displayName',
  name: 'displayName',
  piloto: 'displayName',
  position: 'position',
  pos: 'position',
  posicion: 'position',
  status: 'status',
  estado: 'status',
  laps: 'laps',
  vueltas: 'laps',
  total_time: 'totalTimeMs',
  race_time: 'totalTimeMs',
  tiempo: 'totalTimeMs',
  best_lap: 'bestLapMs',
  mejor_vuelta: 'bestLapMs',
  fastest_lap: 'fastestLap',
  vuelta_rapida: 'fastestLap',
  penalty_seconds: 'penaltyMs',
  penalty_s: 'penaltyMs',
  sancion_segundos: 'penaltyMs',
  penalty_points: 'penaltyPoints',
  sancion_puntos: 'penaltyPoints',
};

const STATUSES: Record<string, ResultStatus> = {
  finished: 'finished',
  fin: 'finished',
  terminado: 'finished',
  dnf: 'dnf',
  abandono: 'dnf',
  dsq: 'dsq',
  dq: 'dsq',
  descalificado: 'dsq',
  dns: 'dns',
  'no salió': 'dns',
};

const YES = new Set(['1', 'yes', 'y', 'true', 'x', 'si', 'sí', 's']);
const NO = new Set(['', '0', 'no', 'n', 'false']);

/** One CSV record's fields: quotes may wrap a field, `""` is a quote inside one. */
function splitRecord(line: string, sep: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === sep) {
      out.push(field.trim());
      field = '';
    } else field += c;
  }
  out.push(field.trim());
  return out;
}

/**
 * The separator the header uses: Spanish Excel writes `;` (its decimal mark being the comma),
 * others `,`. Whichever appears more often in the header wins.
 */
function separatorOf(header: string): ',' | ';' {
  const count = (c: string) => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** `1:32.456`, `1:02:03.5` or a plain number of ms (`92456`); a `;` file may write `1:32,456`. */
function parseDuration(raw: string, decimalComma: boolean): number | undefined {
  const s = decimalComma ? raw.replace(',', '.') : raw;
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d{1,3})?)$/.exec(s);
  if (!m) return undefined;
  const [, h = '0', min, sec] = m;
  return Math.round((Number(h) * 3600 + Number(min) * 60 + Number(sec)) * 1000);
}

function parseNumber(raw: string, decimalComma: boolean): number | undefined {
  const s = decimalComma ? raw.replace(',', '.') : raw;
  if (!/^\d+(\.\d+)?$/.test(s)) return undefined;
  return Number(s);
}

export interface ParsedCsv {
  lines: ResultLine[];
  /** The file line each result came from, for problems found later on the whole sheet. */
  lineNumbers: number[];
  problems: CsvProblem[];
}

/**
 * A result sheet from CSV: a header row naming the columns (any order; English or Spanish
 * names), `,` or `;` separated. A position column may say DNF, DSQ or DNS instead of a number.
 */
export function parseResultsCsv(text: string): ParsedCsv {
  const rows = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const problems: CsvProblem[] = [];
  const lines: ResultLine[] = [];
  const lineNumbers: number[] = [];
  const headerRaw = rows[0] ?? '';
  if (headerRaw.trim() === '')
    return {
      lines,
      lineNumbers,
      problems: [{ line: 1, message: 'the file is empty: a header row comes first' }],
    };
  const sep = separatorOf(headerRaw);
  const decimalComma = sep === ';';
  const header = splitRecord(headerRaw, sep).map((h) =>
    h
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[\s-]+/g, '_'),
  );
  const fields = header.map((h) => COLUMNS[h]);
  header.forEach((h, i) => {
    if (!fields[i]) problems.push({ line: 1, message: `unknown column "${h}"` });
  });
  for (const needed of ['discordUserId', 'displayName'] as const)
    if (!fields.includes(needed))
      problems.push({
        line: 1,
        message: `the header needs a ${needed === 'discordUserId' ? 'discord_user_id' : 'display_name'} column`,
      });
  if (problems.length > 0) return { lines, lineNumbers, problems };

  rows.slice(1).forEach((row, i) => {
    const lineNo = i + 2;
    if (row.trim() === '') return;
    const cells = splitRecord(row, sep);
    const bad = (message: string) => problems.push({ line: lineNo, message });
    if (cells.length !== header.length) {
      bad(`${cells.length} fields where the header has ${header.length} (separator "${sep}")`);
      return;
    }
    const l: ResultLine = {
      discordUserId: '',
      displayName: '',
      status: 'finished',
      position: null,
      laps: null,
      totalTimeMs: null,
      bestLapMs: null,
      fastestLap: false,
      penaltyMs: 0,
      penaltyPoints: 0,
    };
    let statusGiven = false;
    cells.forEach((cell, c) => {
      const field = fields[c]!;
      const name = header[c]!;
      if (cell === '' && field !== 'displayName' && field !== 'discordUserId') return;
      switch (field) {
        case 'discordUserId':
          if (!/^\d{17,20}$/.test(cell)) bad(`${name} "${cell}" is not a Discord user id (17 to 20 digits)`);
          l.discordUserId = cell;
          break;
        case 'displayName':
          if (cell === '' || cell.length > 100) bad(`${name} must have 1 to 100 characters`);
          l.displayName = cell;
          break;
        case 'status': {
          const s = STATUSES[cell.toLowerCase()];
          if (!s) bad(`${name} "${cell}" is not one of finished, DNF, DSQ, DNS`);
          else {
            l.status = s;
            statusGiven = true;
          }
          break;
        }
        case 'position': {
          const s = STATUSES[cell.toLowerCase()];
          if (s && s !== 'finished') {
            if (statusGiven && l.status !== s) bad(`position says ${cell} but status says ${l.status}`);
            l.status = s;
          } else if (/^\d+$/.test(cell) && Number(cell) >= 1 && Number(cell) <= 1000)
            l.position = Number(cell);
          else bad(`${name} "${cell}" is not a position (1 to 1000, or DNF/DSQ/DNS)`);
          break;
        }
        case 'laps':
        case 'penaltyPoints': {
          const n = parseNumber(cell, false);
          if (n === undefined || !Number.isInteger(n) || n > 100_000)
            bad(`${name} "${cell}" is not a whole number`);
          else l[field] = n;
          break;
        }
        case 'totalTimeMs':
        case 'bestLapMs': {
          const ms = parseDuration(cell, decimalComma);
          if (ms === undefined || ms > 2_000_000_000)
            bad(`${name} "${cell}" is not a time (1:32.456, or milliseconds)`);
          else l[field] = ms;
          break;
        }
        case 'fastestLap': {
          const v = cell.toLowerCase();
          if (YES.has(v)) l.fastestLap = true;
          else if (!NO.has(v)) bad(`${name} "${cell}" is not yes/no`);
          break;
        }
        case 'penaltyMs': {
          const n = parseNumber(cell, decimalComma);
          if (n === undefined || n > 100_000) bad(`${name} "${cell}" is not a number of seconds`);
          else l.penaltyMs = Math.round(n * 1000);
          break;
        }
      }
    });
    lines.push(l);
    lineNumbers.push(lineNo);
  });
  if (lines.length === 0 && problems.length === 0)
    problems.push({ line: 2, message: 'no results below the header' });
  return { lines, lineNumbers, problems };
}
