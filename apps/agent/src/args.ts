import { parseArgs } from 'node:util';
import type { SavedConfig } from './config';

export class UsageError extends Error {}

export interface RunFlags {
  server?: string;
  key?: string;
  files?: string[];
  once: boolean;
  spoolDir?: string;
  settleMs?: number;
  pollMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
  /** Also send the game's combat logs (opt-in). */
  combatLog?: boolean;
  /** The Logs folder, when it cannot be derived from the SavedVariables path. */
  logsDir?: string;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'setup' }
  | { kind: 'run'; flags: RunFlags };

export const HELP = `guildhall-agent: uploads the Guild Activity Tracker SavedVariables file to a Guildhall server

Usage:
  guildhall-agent [--server URL] [--key KEY] [--file PATH]... [options]
  guildhall-agent setup        ask for the server, key and file, and save them
  guildhall-agent --help | --version

Options:
  --server URL         Guildhall server, e.g. https://guild.example.com
  --key KEY            API key with the upload scope (or env GUILDHALL_AGENT_KEY)
  --file PATH          GuildActivityTracker.lua to upload (repeatable); default: find it in the
                       usual World of Warcraft folders (env WOW_PATH adds one)
  --once               upload once and exit (0 = delivered, 1 = failed, 3 = key refused)
  --spool-dir DIR      where uploads wait until the server has them (default: next to the config)
  --settle-ms N        how long the file must stay unchanged before it is read (default 2000)
  --poll-ms N          how often the file is checked besides file-system events (default 3000)
  --max-attempts N     attempts per file version before giving up (default: 5 with --once, else unlimited)
  --timeout-ms N       time limit of one request (default 60000)
  --combat-log         also send the combat logs (Logs/WoWCombatLog*.txt) once they settle: only
                       what the server lacks is sent; the key needs the telemetry scope too
  --logs-dir DIR       the game's Logs folder (default: beside the WTF folder of each --file)

Settings saved by \`setup\` are read from the per-user config folder (env GUILDHALL_AGENT_CONFIG
overrides the path); flags override them. Stop with Ctrl-C: waiting uploads stay in the spool
and are sent at the next start.`;

const OPTIONS = {
  server: { type: 'string' },
  key: { type: 'string' },
  file: { type: 'string', multiple: true },
  once: { type: 'boolean' },
  'spool-dir': { type: 'string' },
  'settle-ms': { type: 'string' },
  'poll-ms': { type: 'string' },
  'max-attempts': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'combat-log': { type: 'boolean' },
  'logs-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function parseRaw(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
}

export function parseCommandLine(argv: string[]): Command {
  let parsed: ReturnType<typeof parseRaw>;
  try {
    parsed = parseRaw(argv);
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const [command, ...extra] = positionals;
  if (command !== undefined && command !== 'setup') throw new UsageError(`unknown command "${command}"`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (command === 'setup') {
    const given = Object.keys(values);
    if (given.length > 0) throw new UsageError(`setup takes no options (got --${given[0]})`);
    return { kind: 'setup' };
  }

  const flags: RunFlags = { once: values.once ?? false };
  if (values.server !== undefined) flags.server = nonEmpty('--server', values.server);
  if (values.key !== undefined) flags.key = nonEmpty('--key', values.key);
  if (values.file !== undefined) flags.files = values.file.map((file) => nonEmpty('--file', file));
  if (values['spool-dir'] !== undefined) flags.spoolDir = nonEmpty('--spool-dir', values['spool-dir']);
  if (values['settle-ms'] !== undefined) flags.settleMs = integer('--settle-ms', values['settle-ms'], 0);
  if (values['poll-ms'] !== undefined) flags.pollMs = integer('--poll-ms', values['poll-ms'], 100);
  if (values['max-attempts'] !== undefined)
    flags.maxAttempts = integer('--max-attempts', values['max-attempts'], 1);
  if (values['timeout-ms'] !== undefined) flags.timeoutMs = integer('--timeout-ms', values['timeout-ms'], 1);
  if (values['combat-log']) flags.combatLog = true;
  if (values['logs-dir'] !== undefined) {
    flags.logsDir = nonEmpty('--logs-dir', values['logs-dir']);
    flags.combatLog = true;
  }
  return { kind: 'run', flags };
}

export interface ResolvedSettings {
  server: string;
  key: string;
  /** Absent: discover the files. */
  files: string[] | undefined;
  spoolDir: string | undefined;
  combatLog: boolean;
  logsDir: string | undefined;
}

/** Combines flags, environment and saved config (in that order of precedence) and checks them. */
export function resolveSettings(
  flags: RunFlags,
  saved: SavedConfig | undefined,
  env: Record<string, string | undefined>,
): ResolvedSettings {
  const server = flags.server ?? saved?.server;
  const key = flags.key ?? (env.GUILDHALL_AGENT_KEY || undefined) ?? saved?.key;
  if (!server)
    throw new UsageError('missing --server URL: pass it, or save it once with `guildhall-agent setup`');
  if (!key) throw new UsageError('missing --key KEY: pass it, or save it once with `guildhall-agent setup`');
  return {
    server: normaliseServerUrl(server),
    key,
    files: flags.files ?? (saved?.files && saved.files.length > 0 ? saved.files : undefined),
    spoolDir: flags.spoolDir ?? saved?.spoolDir,
    combatLog: flags.combatLog ?? saved?.combatLog ?? false,
    logsDir: flags.logsDir ?? saved?.logsDir,
  };
}

/** Checks that `text` is an http(s) URL and returns it without a trailing slash. */
export function normaliseServerUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new UsageError(`--server "${text}" is not a URL (expected e.g. https://guild.example.com)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--server must start with http:// or https:// (got ${url.protocol})`);
  }
  if (url.search || url.hash) throw new UsageError('--server must not contain a query or fragment');
  return url.href.replace(/\/+$/, '');
}

function nonEmpty(name: string, value: string): string {
  if (value.trim() === '') throw new UsageError(`${name} needs a value`);
  return value;
}

function integer(name: string, value: string, min: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${name} must be a whole number of at least ${min} (got "${value}")`);
  }
  return Number(value);
}

function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (/does not take an argument/.test(message)) return `${option} does not take a value`;
    if (/ambiguous/.test(message))
      return `${option} needs a value (write ${option}=VALUE if it starts with "-")`;
    return `${option} needs a value`;
  }
  return message.split('\n')[0] ?? message;
}
