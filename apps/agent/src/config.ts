import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './fs-atomic';
import { isNotFound } from './spool';

/** What `guildhall-agent setup` saves. Every field is optional: flags fill in or override. */
export interface SavedConfig {
  server?: string;
  key?: string;
  /** Files to upload; absent means "discover them at every start". */
  files?: string[];
  spoolDir?: string;
  /** Also send the combat logs (`--combat-log`). */
  combatLog?: boolean;
  logsDir?: string;
}

export class ConfigError extends Error {}

/**
 * Where the config lives: `$GUILDHALL_AGENT_CONFIG`, else the platform's per-user config folder
 * (`%APPDATA%\guildhall`, `~/Library/Application Support/guildhall`, `$XDG_CONFIG_HOME/guildhall`
 * or `~/.config/guildhall`).
 */
export function configPath(
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
  homedir: string,
): string {
  if (env.GUILDHALL_AGENT_CONFIG) return env.GUILDHALL_AGENT_CONFIG;
  if (platform === 'win32') {
    const appData = env.APPDATA || path.win32.join(homedir, 'AppData', 'Roaming');
    return path.win32.join(appData, 'guildhall', 'agent.json');
  }
  if (platform === 'darwin') {
    return path.posix.join(homedir, 'Library', 'Application Support', 'guildhall', 'agent.json');
  }
  const base = env.XDG_CONFIG_HOME || path.posix.join(homedir, '.config');
  return path.posix.join(base, 'guildhall', 'agent.json');
}

/** The spool sits next to the config unless configured otherwise. */
export function defaultSpoolDir(configFile: string): string {
  return path.join(path.dirname(configFile), 'spool');
}

export async function loadConfig(file: string): Promise<SavedConfig | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ConfigError(`${file} is not valid JSON: fix it or run \`guildhall-agent setup\` again`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${file} must hold a JSON object`);
  }
  const record = value as Record<string, unknown>;
  const config: SavedConfig = {};
  for (const key of ['server', 'key', 'spoolDir', 'logsDir'] as const) {
    const field = record[key];
    if (field === undefined) continue;
    if (typeof field !== 'string') throw new ConfigError(`${file}: "${key}" must be a string`);
    config[key] = field;
  }
  if (record.files !== undefined) {
    if (!Array.isArray(record.files) || !record.files.every((item) => typeof item === 'string')) {
      throw new ConfigError(`${file}: "files" must be a list of paths`);
    }
    config.files = record.files;
  }
  if (record.combatLog !== undefined) {
    if (typeof record.combatLog !== 'boolean')
      throw new ConfigError(`${file}: "combatLog" must be true or false`);
    config.combatLog = record.combatLog;
  }
  return config;
}

/** Saves the config (it holds the API key) readable by the user only: folder 0700, file 0600. */
export async function saveConfig(file: string, config: SavedConfig): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, `${JSON.stringify(config, null, 2)}\n`, 0o600);
}
