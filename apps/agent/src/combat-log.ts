import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createGzip } from 'node:zlib';
import { backoffDelayMs, classifyStatus } from './retry-policy';
import { sleepAbortable } from './uploader';
import { AGENT_VERSION } from './version';
import { type FileWatch, watchFile } from './watch';

/**
 * Opt-in (`--combat-log`): the game's combat logs (`<flavour>/Logs/WoWCombatLog*.txt`) go to
 * the server too. Unlike the SavedVariables file they are never copied into the spool (they
 * reach gigabytes): the server remembers how far it imported each log, so once a log settles the
 * agent asks for that byte offset and streams only the rest, gzipped on the fly. A log is named
 * by its first line, exactly as the server names it.
 */

const HEAD_BYTES = 4096;
const LOG_NAME = /^WoWCombatLog.*\.txt$/i;

/** `<flavour>/WTF/Account/<ACCOUNT>/SavedVariables/X.lua` → `<flavour>/Logs`; undefined elsewhere. */
export function combatLogsDirFor(savedVariablesPath: string): string | undefined {
  const m = /^(.*[\\/])WTF[\\/]Account[\\/]/i.exec(savedVariablesPath);
  return m ? `${m[1]}Logs` : undefined;
}

/** The server's name for a log: SHA-256 of its first line (BOM and CR aside), 24 hex digits. */
export function combatLogFileId(head: Buffer): string | undefined {
  let start = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) start = 3;
  const end = head.indexOf(10, start);
  if (end < 0) return undefined;
  const line = head.toString('utf8', start, head[end - 1] === 13 ? end - 1 : end);
  if (
    !/^\d{1,2}\/\d{1,2}(\/\d{4})? \d{1,2}:\d{2}:\d{2}\.\d{1,4}(-?\d{1,2})?[ \t]+[A-Z][A-Z0-9_]*,/.test(line)
  )
    return undefined;
  return createHash('sha256').update(line).digest('hex').slice(0, 24);
}

export type CombatLogOutcome =
  | { kind: 'sent'; name: string; offset: number; events: number }
  | { kind: 'up-to-date'; name: string }
  | { kind: 'not-a-log'; name: string }
  /** 401/403: the key is wrong or lacks the telemetry scope; nothing will work until it changes. */
  | { kind: 'refused'; name: string; status: number; message: string }
  | { kind: 'failed'; name: string; retry: boolean; message: string };

export interface CombatLogSenderOptions {
  server: string;
  apiKey: string;
  /** Zone of timestamps the game writes without one (logs before 11.x): this PC's. */
  utcOffsetMinutes: number;
  fetch?: typeof globalThis.fetch;
}

async function readHead(path: string): Promise<{ head: Buffer; size: number }> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(buf, 0, HEAD_BYTES, 0);
    return { head: buf.subarray(0, bytesRead), size };
  } finally {
    await file.close();
  }
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    return body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/** Sends what the server does not have yet of one combat log. */
export async function sendCombatLog(
  path: string,
  options: CombatLogSenderOptions,
  signal: AbortSignal,
): Promise<CombatLogOutcome> {
  const fetch = options.fetch ?? globalThis.fetch;
  const name = basename(path);
  const headers = { 'x-api-key': options.apiKey, 'user-agent': `guildhall-agent/${AGENT_VERSION}` };
  const base = `${options.server}/api/v1/telemetry/combat-log`;
  try {
    const { head, size } = await readHead(path);
    const fileId = combatLogFileId(head);
    if (!fileId) return { kind: 'not-a-log', name };
    const status = await fetch(`${base}/${fileId}`, { headers, signal });
    let offset = 0;
    if (status.ok) offset = ((await status.json()) as { offset: number }).offset;
    else if (status.status !== 404) return verdict(name, status);
    if (offset >= size) return { kind: 'up-to-date', name };
    const query = new URLSearchParams({
      offset: String(offset),
      fileId,
      name,
      utcOffset: String(options.utcOffsetMinutes),
    });
    const body = createReadStream(path, { start: offset }).pipe(createGzip());
    const response = await fetch(`${base}?${query}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/octet-stream', 'content-encoding': 'gzip' },
      body: body as unknown as BodyInit,
      duplex: 'half',
      signal,
    } as RequestInit);
    if (!response.ok) return verdict(name, response);
    const result = (await response.json()) as { offset: number; added: { events: number } };
    return { kind: 'sent', name, offset: result.offset, events: result.added.events };
  } catch (error) {
    if (signal.aborted) throw error;
    return {
      kind: 'failed',
      name,
      retry: true,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

async function verdict(name: string, response: Response): Promise<CombatLogOutcome> {
  const message = await errorMessage(response);
  const v = classifyStatus(response.status);
  if (v === 'bad-key' || v === 'no-scope') return { kind: 'refused', name, status: response.status, message };
  // 409: the log moved under us (another sender, a rewritten file): the next look starts afresh.
  return { kind: 'failed', name, retry: v === 'retry' || response.status === 409, message };
}

export interface CombatLogWatchOptions extends CombatLogSenderOptions {
  settleMs: number;
  pollMs: number;
  onOutcome: (outcome: CombatLogOutcome) => void;
  random?: () => number;
}

/**
 * Watches a Logs folder: every `WoWCombatLog*.txt` in it (new ones included) is sent when it
 * settles, and again each time it grows and settles. A failure the server may recover from is
 * retried with backoff; a refused key stops the watch.
 */
export function watchCombatLogs(dir: string, options: CombatLogWatchOptions, signal: AbortSignal): FileWatch {
  const watches = new Map<string, FileWatch>();
  const stop = new AbortController();
  const stopAll = () => {
    stop.abort();
    clearInterval(scan);
    for (const w of watches.values()) w.close();
  };
  signal.addEventListener('abort', stopAll, { once: true });
  const add = (file: string) => {
    const path = join(dir, file);
    if (watches.has(path)) return;
    let failures = 0;
    watches.set(
      path,
      watchFile(path, {
        settleMs: options.settleMs,
        pollMs: options.pollMs,
        onError: (error) =>
          options.onOutcome({ kind: 'failed', name: file, retry: false, message: String(error) }),
        onSettled: async () => {
          const outcome = await sendCombatLog(path, options, stop.signal).catch(() => undefined);
          if (!outcome) return true;
          options.onOutcome(outcome);
          if (outcome.kind === 'refused') stopAll();
          if (outcome.kind === 'failed' && outcome.retry) {
            await sleepAbortable(
              backoffDelayMs(failures++, options.random ?? Math.random),
              stop.signal,
            ).catch(() => undefined);
            return false; // look again: the settled version is sent once it goes through
          }
          failures = 0;
          return true;
        },
      }),
    );
  };
  const look = async () => {
    try {
      for (const file of await readdir(dir)) if (LOG_NAME.test(file)) add(file);
    } catch {
      // The folder does not exist (yet): the game creates it when logging starts.
    }
  };
  const scan = setInterval(() => void look(), options.pollMs);
  void look();
  return { close: stopAll };
}

/** `--once`: each combat log of the folder, sent once. */
export async function sendCombatLogsOnce(
  dir: string,
  options: CombatLogSenderOptions,
  signal: AbortSignal,
): Promise<CombatLogOutcome[]> {
  let files: string[];
  try {
    files = (await readdir(dir)).filter((f) => LOG_NAME.test(f)).sort();
  } catch {
    return [];
  }
  const out: CombatLogOutcome[] = [];
  for (const file of files) out.push(await sendCombatLog(join(dir, file), options, signal));
  return out;
}
