import { resolve } from 'node:path';
import { EXIT_FAILED, EXIT_OK, EXIT_REFUSED, EXIT_USAGE, runOnce, runWatch } from './agent';
import { HELP, parseCommandLine, resolveSettings, UsageError } from './args';
import { askWhichFiles } from './choose-files';
import { type CombatLogOutcome, combatLogsDirFor, sendCombatLogsOnce, watchCombatLogs } from './combat-log';
import { ConfigError, configPath, defaultSpoolDir, loadConfig } from './config';
import { type DiscoveryFs, discoverSavedVariables, nodeDiscoveryFs } from './discover';
import type { AgentEvent } from './events';
import { formatEvent } from './format';
import { createPrompter } from './prompt';
import { runSetup } from './setup';
import { destinationSpoolDir, Spool } from './spool';
import { Uploader } from './uploader';
import { AGENT_VERSION } from './version';

export interface CliIo {
  argv: string[];
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  homedir: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  /** Aborted on SIGINT/SIGTERM. */
  signal: AbortSignal;
  discoveryFs?: DiscoveryFs;
}

const DEFAULT_SETTLE_MS = 2_000;
const DEFAULT_POLL_MS = 3_000;
const ONCE_MAX_ATTEMPTS = 5;

/** Runs the command line and returns the process exit code. */
export async function runCli(io: CliIo): Promise<number> {
  const fail = (message: string, code: number) => {
    io.stderr.write(`guildhall-agent: ${message}\n`);
    return code;
  };
  try {
    return await run(io);
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message} (see --help)`, EXIT_USAGE);
    if (error instanceof ConfigError) return fail(error.message, EXIT_USAGE);
    return fail(error instanceof Error ? error.message : String(error), EXIT_FAILED);
  }
}

async function run(io: CliIo): Promise<number> {
  const command = parseCommandLine(io.argv);
  if (command.kind === 'help') {
    io.stdout.write(`${HELP}\n`);
    return EXIT_OK;
  }
  if (command.kind === 'version') {
    io.stdout.write(`${AGENT_VERSION}\n`);
    return EXIT_OK;
  }

  const configFile = configPath(io.platform, io.env, io.homedir);
  const discover = () =>
    discoverSavedVariables({
      platform: io.platform,
      env: io.env,
      homedir: io.homedir,
      fs: io.discoveryFs ?? nodeDiscoveryFs,
    });

  if (command.kind === 'setup') {
    const prompter = createPrompter(io.stdin, io.stdout);
    try {
      const saved = await runSetup({ configFile, prompter, discover });
      if (!saved) io.stderr.write('guildhall-agent: setup cancelled, nothing saved\n');
      return saved ? EXIT_OK : EXIT_FAILED;
    } finally {
      prompter.close();
    }
  }

  const { flags } = command;
  const settings = resolveSettings(flags, await loadConfig(configFile), io.env);

  let files = settings.files?.map((file) => resolve(file));
  if (!files) {
    const found = discover();
    if (found.files.length === 0) {
      io.stderr.write(
        `guildhall-agent: no GuildActivityTracker.lua found under ${found.searched.length} World of Warcraft folders; pass --file PATH or set WOW_PATH\n`,
      );
      return EXIT_FAILED;
    }
    files = found.files.map((file) => file.path);
    if (files.length > 1 && io.stdin.isTTY && io.stdout.isTTY) {
      const prompter = createPrompter(io.stdin, io.stdout);
      try {
        files = await askWhichFiles(prompter, files);
      } finally {
        prompter.close();
      }
      if (!files) return EXIT_FAILED;
    }
  }

  const url = new URL(settings.server);
  if (url.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) {
    io.stderr.write(
      'guildhall-agent: warning: the server uses plain http, so the API key travels unencrypted\n',
    );
  }

  const report = (event: AgentEvent) => {
    const line = formatEvent(event, new Date());
    (line.stream === 'stdout' ? io.stdout : io.stderr).write(`${line.text}\n`);
  };
  const spool = new Spool(
    destinationSpoolDir(settings.spoolDir ?? defaultSpoolDir(configFile), settings.server, settings.key),
  );
  const uploader = new Uploader({
    server: settings.server,
    apiKey: settings.key,
    spool,
    report,
    maxAttempts: flags.maxAttempts ?? (flags.once ? ONCE_MAX_ATTEMPTS : undefined),
    timeoutMs: flags.timeoutMs,
  });
  const options = {
    files,
    spool,
    uploader,
    report,
    settleMs: flags.settleMs ?? DEFAULT_SETTLE_MS,
    pollMs: flags.pollMs ?? DEFAULT_POLL_MS,
  };
  const logsDirs = settings.combatLog
    ? [
        ...new Set(
          settings.logsDir ? [resolve(settings.logsDir)] : files.flatMap((f) => combatLogsDirFor(f) ?? []),
        ),
      ]
    : [];
  if (settings.combatLog && logsDirs.length === 0) {
    io.stderr.write('guildhall-agent: --combat-log: no Logs folder beside the files; pass --logs-dir DIR\n');
    return EXIT_USAGE;
  }
  const combatLogOptions = {
    server: settings.server,
    apiKey: settings.key,
    utcOffsetMinutes: -new Date().getTimezoneOffset(),
    settleMs: options.settleMs,
    pollMs: options.pollMs,
    onOutcome: (outcome: CombatLogOutcome) => report({ type: 'combat-log', outcome }),
  };
  if (flags.once) {
    let code = await runOnce(options, io.signal);
    for (const dir of logsDirs) {
      for (const outcome of await sendCombatLogsOnce(dir, combatLogOptions, io.signal)) {
        combatLogOptions.onOutcome(outcome);
        if (outcome.kind === 'refused') code = Math.max(code, EXIT_REFUSED);
        else if (outcome.kind === 'failed') code = Math.max(code, EXIT_FAILED);
      }
    }
    return code;
  }

  io.stdout.write(`watching ${files.join(', ')} and uploading to ${settings.server} (Ctrl-C to stop)\n`);
  if (logsDirs.length > 0) io.stdout.write(`watching combat logs in ${logsDirs.join(', ')}\n`);
  const logWatches = logsDirs.map((dir) => watchCombatLogs(dir, combatLogOptions, io.signal));
  try {
    return await runWatch(options, io.signal);
  } finally {
    for (const w of logWatches) w.close();
  }
}
