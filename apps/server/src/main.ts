import path from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { FastifyBaseLogger } from 'fastify';
import {
  callAdminChannel,
  readAdminChannel,
  removeAdminChannel,
  writeAdminChannel,
} from './cli/admin-client';
import type { OperationName } from './cli/operations';
import { type Config, ConfigError, describeStorage, loadConfig } from './config';
import type { AppContext } from './core/context';
import { AppError } from './core/errors';
import { createLogger } from './core/logger';
import { boxed, buildHint, defaultWebDist, hasDashboard } from './core/missing-dashboard';

// The server, the database and the modules load lazily: `--help`, bad arguments and
// commands handed to a running server never pay for them.
const loadServer = () => import('./server-runtime');

/** Exit codes: 1 runtime failure, 2 bad arguments or configuration. */
const EXIT_USAGE = 2;

function fail(message: string, code = 1): never {
  process.stderr.write(`guildhall: ${message}\n`);
  process.exit(code);
}

/** The configuration, or a one-line refusal. */
function quietConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, EXIT_USAGE);
    throw err;
  }
}

/** Says on stderr which data directory and database this command uses. */
const announceStorage = (cfg: Config) => process.stderr.write(`guildhall: ${describeStorage(cfg)}\n`);

/** The configuration; says on stderr, once, which data directory and database this command uses. */
function config(): Config {
  const cfg = quietConfig();
  announceStorage(cfg);
  return cfg;
}

/** Runs one CLI operation here, or in the server that holds the embedded database; its output lines. */
async function operationLines(cfg: Config, op: OperationName, args: unknown): Promise<string[]> {
  const log = createLogger(
    cfg.LOG_LEVEL === 'info' ? 'warn' : cfg.LOG_LEVEL,
    process.stderr,
  ) as FastifyBaseLogger;
  const channel = cfg.DATABASE_URL ? undefined : readAdminChannel(cfg.dataDir);
  if (channel) return callAdminChannel(channel, op, args);
  const { runOperation } = await loadServer();
  const ctx = await openContext(cfg, log);
  try {
    if (op === 'jobs.run') await ctx.queue.start({ worker: true, scheduler: false });
    const { progressBar } = await import('./cli/progress-bar');
    const bar = progressBar();
    try {
      return await runOperation(ctx, op, args, { progress: bar.update });
    } finally {
      bar.finish();
    }
  } finally {
    await ctx.close();
  }
}

/** A command's expected failures as one line on stderr and an exit code. */
async function reportingFailures(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (err instanceof AppError) fail(err.message, err.status === 400 || err.status === 404 ? EXIT_USAGE : 1);
    if (err instanceof Error && err.name === 'DatabaseLockedError') {
      fail(`${err.message}, and no running server answers on its admin channel; stop that process or retry`);
    }
    throw err;
  }
}

/** `restore`: in this process only, with the database closed; refusals are one line. */
async function restore(file: string, force: boolean): Promise<void> {
  const cfg = config();
  const { restoreBackup } = await import('./core/backup');
  try {
    const { lines } = await restoreBackup(cfg, file, { force });
    for (const line of lines) process.stdout.write(`${line}\n`);
  } catch (err) {
    if (err instanceof Error && err.name === 'DatabaseLockedError') {
      fail(`${err.message}: stop the server before restoring`);
    }
    if (
      err instanceof Error &&
      (err.name === 'RestoreRefusedError' || err.name === 'BackupToolMissingError')
    ) {
      fail(err.message);
    }
    throw err;
  }
}

/** A failed step of `osrs run` (cli/osrs-run.ts), kept here so the CLI does not load the module to check. */
const OSRS_FAILED_STEP = /^\S+ .+: failed\b/;

/** `failed`: output that reports a failure while still answering (a pipeline with a failed step). */
async function runCommand(
  op: OperationName,
  args: unknown,
  failed?: (lines: string[]) => boolean,
): Promise<void> {
  const cfg = config();
  await reportingFailures(async () => {
    const lines = await operationLines(cfg, op, args);
    for (const line of lines) process.stdout.write(`${line}\n`);
    if (failed?.(lines)) process.exitCode = 1;
  });
}

/** `telemetry import|generate`: streaming work here, database reads through operations. */
async function runTelemetry(
  work: (
    cli: typeof import('./cli/telemetry'),
    deps: import('./cli/telemetry').TelemetryCliDeps,
  ) => Promise<void>,
): Promise<void> {
  const cfg = config();
  // `generate | head`: a reader that stops early is not a failure.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  await reportingFailures(async () => {
    const cli = await import('./cli/telemetry');
    await work(cli, {
      cfg,
      operation: (op, args) => operationLines(cfg, op, args),
      stdout: process.stdout,
      stderr: process.stderr,
    });
  });
}

/** `dota import`: the file is streamed here; the community is looked up through an operation. */
async function runDotaImport(file: string, o: { community: string; format?: string; strict: boolean }) {
  const cfg = config();
  await reportingFailures(async () => {
    const { dotaImportCommand } = await import('./cli/dota-import');
    const summary = await dotaImportCommand(
      file,
      {
        community: o.community,
        format: o.format as 'ndjson' | 'csv' | 'parquet' | undefined,
        strict: o.strict,
      },
      {
        cfg,
        operation: (op, args) => operationLines(cfg, op, args),
        stdout: process.stdout,
        stderr: process.stderr,
      },
    );
    // Refused rows are a failure scripts must see, even when the others were stored.
    if (summary.rejected > 0) process.exitCode = 1;
  });
}

const integer = (name: string, min: number) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
  return n;
};

/** The trace exporter of a long-running process (serve, worker, bot), flushed on shutdown. */
let tracing: { shutdown(): Promise<void> } | undefined;

async function startTracingFor(cfg: Config): Promise<void> {
  const { startTracing } = await import('./core/tracing');
  tracing = await startTracing(cfg);
}

async function openContext(cfg: Config, log: FastifyBaseLogger): Promise<AppContext> {
  const { createContext, registerJobs } = await loadServer();
  const ctx = await createContext(cfg, { log });
  registerJobs(ctx);
  return ctx;
}

async function serve(opts: { worker: boolean; demo: boolean }): Promise<void> {
  const cfg = config();
  const log = createLogger(cfg.LOG_LEVEL) as FastifyBaseLogger;
  await startTracingFor(cfg);
  const {
    DatabaseLockedError,
    buildApp,
    createLoginToken,
    ensureInstanceOwner,
    newAdminToken,
    publicUrl,
    registerAdminChannel,
    runOperation,
    startDiscordBot,
    warmModules,
  } = await loadServer();
  warmModules();
  let ctx: AppContext;
  try {
    ctx = await openContext(cfg, log);
  } catch (err) {
    if (err instanceof DatabaseLockedError) fail(err.message);
    throw err;
  }
  const { user, created } = await ensureInstanceOwner(ctx.db);
  if (created) {
    const token = await createLoginToken(ctx.db, user.id);
    const link = `${publicUrl(ctx)}/auth/login?token=${token}`;
    log.info(`first start: sign in as the owner with this one-time link: ${link}`);
    // The log line is JSON among many: the link a person needs first also stands out on its own.
    process.stdout.write(
      boxed([
        'Guildhall: first start. Sign in as the owner with this one-time link:',
        '',
        link,
        '',
        'It works once. `npx guildhall login-link` prints a new one at any time.',
      ]),
    );
  }
  if (!hasDashboard(defaultWebDist)) {
    log.warn({ webDist: defaultWebDist }, 'the dashboard is not built: `/` explains how to build it');
    process.stderr.write(
      boxed([
        'THE DASHBOARD IS NOT BUILT: the API runs, the web pages do not.',
        `No index.html in ${defaultWebDist}.`,
        `Build it, then restart: ${buildHint}`,
      ]),
    );
  }
  if (opts.demo) {
    const [message, id] = await runOperation(ctx, 'seed', { demo: true });
    log.info({ communityId: id }, message);
  }
  const adminToken = newAdminToken();
  const app = await buildApp(ctx, { extra: async (a) => registerAdminChannel(a, ctx, adminToken) });
  await app.listen({ port: cfg.PORT, host: cfg.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : cfg.PORT;
  const loopback =
    cfg.HOST === '0.0.0.0' || cfg.HOST === '::' || cfg.HOST === 'localhost' ? '127.0.0.1' : cfg.HOST;
  writeAdminChannel(cfg.dataDir, {
    url: `http://${loopback.includes(':') ? `[${loopback}]` : loopback}:${port}`,
    token: adminToken,
    pid: process.pid,
  });
  await ctx.queue.start({ worker: opts.worker, scheduler: cfg.SCHEDULER_ENABLED });
  // Embedded mode: with a bot token the gateway connection lives in this process too. A bot
  // that cannot connect is logged; the web and the API keep serving.
  const bot = cfg.DISCORD_TOKEN
    ? await startDiscordBot(ctx).catch((err) => {
        log.error({ err }, 'the Discord bot could not connect; serving without it');
        return undefined;
      })
    : undefined;
  log.info(
    { db: ctx.dbKind, queue: ctx.queue.kind, dataDir: cfg.dataDir, bot: bot ? 'gateway' : 'off' },
    `guildhall is serving on http://localhost:${port}`,
  );

  onShutdown(log, async () => {
    await bot?.stop(); // no new interactions; those in flight are answered
    removeAdminChannel(cfg.dataDir);
    await app.close(); // stops accepting, lets in-flight requests finish
    await ctx.close(); // waits for running jobs, closes the database
  });
}

async function worker(): Promise<void> {
  const cfg = config();
  if (!cfg.REDIS_URL)
    fail(
      '`guildhall worker` consumes jobs from Redis: set REDIS_URL (embedded mode runs jobs inside `serve`)',
      EXIT_USAGE,
    );
  const log = createLogger(cfg.LOG_LEVEL) as FastifyBaseLogger;
  await startTracingFor(cfg);
  const ctx = await openContext(cfg, log);
  await ctx.queue.start({ worker: true, scheduler: cfg.SCHEDULER_ENABLED });
  log.info({ jobs: ctx.queue.definitions().map((d) => d.name) }, 'worker is consuming jobs');
  onShutdown(log, () => ctx.close());
}

/** `guildhall bot`: the Discord gateway connection in a process of its own. */
async function bot(): Promise<void> {
  // A refusal is one line: checked before the storage line.
  const cfg = quietConfig();
  if (!cfg.DISCORD_TOKEN)
    fail('`guildhall bot` connects to Discord: set DISCORD_TOKEN and DISCORD_APPLICATION_ID', EXIT_USAGE);
  announceStorage(cfg);
  const log = createLogger(cfg.LOG_LEVEL) as FastifyBaseLogger;
  await startTracingFor(cfg);
  const { DatabaseLockedError, startDiscordBot } = await loadServer();
  let ctx: AppContext;
  try {
    ctx = await openContext(cfg, log);
  } catch (err) {
    if (err instanceof DatabaseLockedError)
      fail(
        `${err.message}: the embedded database belongs to \`serve\`, which runs the bot itself when DISCORD_TOKEN is set (or use DATABASE_URL)`,
      );
    throw err;
  }
  let gateway: Awaited<ReturnType<typeof startDiscordBot>>;
  try {
    gateway = await startDiscordBot(ctx);
  } catch (err) {
    await ctx.close();
    fail(`the Discord bot could not connect: ${err instanceof Error ? err.message : String(err)}`);
  }
  log.info('guildhall bot is connected');
  onShutdown(log, async () => {
    await gateway.stop();
    await ctx.close();
  });
}

function onShutdown(log: FastifyBaseLogger, close: () => Promise<void>): void {
  let stopping = false;
  // Started through npm/npx, a kill of the npm process does not reach us: when our parent
  // is gone we would serve on as an orphan, so treat that as a SIGTERM.
  if (process.env.npm_command) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) stop('parent exited');
    }, 1000).unref();
  }
  const stop = (signal: string) => {
    if (stopping) {
      log.warn('second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down: finishing requests and jobs');
    close()
      .then(() => tracing?.shutdown())
      .then(
        () => process.exit(0),
        (err) => {
          log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

function program(): Command {
  const cli = new Command('guildhall')
    .description('Guildhall: a self-hosted command centre for gaming communities')
    .version('0.1.0')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ outputError: () => {} });

  cli
    .command('serve')
    .description('start the API, the dashboard and (embedded mode) the job runner')
    .option('--no-worker', 'do not consume jobs in this process')
    .option('--demo', 'seed the demo community first', false)
    .action((o) => serve({ worker: o.worker, demo: o.demo }));
  cli.command('worker').description('consume jobs from Redis (needs REDIS_URL)').action(worker);
  cli
    .command('bot')
    .description('connect the Discord bot to the gateway (needs DISCORD_TOKEN; `serve` embeds it when set)')
    .action(bot);
  cli
    .command('migrate')
    .description('apply database migrations')
    .action(() => runCommand('migrate', {}));
  cli
    .command('backup')
    .description(
      'back up the database, the local lake and exports, and the generated secret into one file; prints its path last',
    )
    .option('--out <dir>', 'folder to write it to (default: BACKUP_DIR or <data dir>/backups)')
    .action((o) => runCommand('backup', o.out ? { out: path.resolve(o.out) } : {}));
  cli
    .command('restore')
    .description(
      'restore a backup into the database and data directory configured here (stop the server first); refuses a newer schema',
    )
    .argument('<file>', 'a file written by `guildhall backup`')
    .option('--force', 'replace a database that is not empty (an embedded one is kept beside it)', false)
    .action((file, o) => restore(path.resolve(file), o.force));
  cli
    .command('seed')
    .description('fill the database with data')
    .option('--demo', 'create the demo community with realistic data', false)
    .action((o) => runCommand('seed', { demo: o.demo }));
  cli
    .command('login-link')
    .description("print a one-time login link for the installation's owner")
    .action(() => runCommand('login.link', {}));

  const community = cli.command('community').description('manage communities');
  community
    .command('create')
    .description('create a community; prints its id last')
    .requiredOption('--name <name>', 'display name')
    .addOption(
      new Option('--game <game>', 'game').choices(['wow', 'osrs', 'dota', 'racing']).makeOptionMandatory(),
    )
    .option('--region <region>', 'region: us, eu, kr, tw, cn')
    .option('--realm <realm>', 'home realm (WoW)')
    .option('--timezone <tz>', 'IANA time zone, e.g. Europe/Madrid', 'UTC')
    .addOption(new Option('--language <lang>', 'language').choices(['en', 'es']).default('en'))
    .option('--inactivity-days <days>', 'days missing before a member becomes inactive', (v) => Number(v), 30)
    .option('--wom-group <id>', "OSRS: the clan's Wise Old Man group id", integer('--wom-group', 1))
    .action((o) =>
      runCommand('community.create', {
        name: o.name,
        game: o.game,
        region: o.region,
        realm: o.realm,
        timezone: o.timezone,
        language: o.language,
        inactivityDays: o.inactivityDays,
        ...(o.womGroup === undefined ? {} : { settings: { womGroupId: o.womGroup } }),
      }),
    );
  community
    .command('list')
    .description('list communities')
    .action(() => runCommand('community.list', {}));

  const apikey = cli.command('apikey').description('manage API keys');
  apikey
    .command('create')
    .description('create an API key; prints the key once, last')
    .requiredOption('--community <id>', 'community id')
    .requiredOption('--scope <scope>', 'upload, read, telemetry or events (repeatable)', collect)
    .option('--name <name>', 'a label for the key')
    .action((o) => runCommand('apikey.create', { community: o.community, scope: o.scope, name: o.name }));
  apikey
    .command('revoke')
    .description('revoke an API key at once')
    .requiredOption('--community <id>', 'community id')
    .requiredOption('--id <keyId>', 'key id (see `apikey list`)')
    .action((o) => runCommand('apikey.revoke', { community: o.community, id: o.id }));
  apikey
    .command('list')
    .description('list API keys')
    .requiredOption('--community <id>', 'community id')
    .action((o) => runCommand('apikey.list', { community: o.community }));

  const pipeline = cli
    .command('pipeline')
    .description('raid telemetry lake: bronze → silver → gold (DuckDB)');
  const stages = {
    silver: 'bronze objects not read yet → silver (typed, cleaned, deduplicated, enriched Parquet)',
    gold: 'raids whose silver changed → gold (dimensions and facts)',
    run: 'all pending work: silver, then gold',
  } as const;
  for (const [stage, description] of Object.entries(stages)) {
    pipeline
      .command(stage)
      .description(description)
      .option('--community <id>', 'only this community (default: every community)')
      .action((o) => runCommand(`pipeline.${stage as keyof typeof stages}`, { community: o.community }));
  }

  const jobs = cli.command('jobs').description('background jobs');
  jobs
    .command('list')
    .description('list job definitions and recent runs')
    .option('--limit <n>', 'runs to show', (v) => Number(v), 20)
    .action((o) => runCommand('jobs.list', { limit: o.limit }));
  jobs
    .command('run <name>')
    .description('run a job now and wait for it')
    .option('--community <id>', 'community id')
    .option('--timeout <seconds>', 'how long to wait', (v) => Number(v), 600)
    .action((name, o) => runCommand('jobs.run', { name, community: o.community, timeoutSeconds: o.timeout }));

  const osrs = cli.command('osrs').description('OSRS clan stats (Wise Old Man)');
  osrs
    .command('harvest')
    .description(
      "fetch the clan's Wise Old Man group, snapshots and gains (a handful of calls whatever its size); " +
        'one line per community, the summary last',
    )
    .option('--community <id>', 'only this community (default: every OSRS community with a group)')
    .action((o) => runCommand('osrs.harvest', { community: o.community }));
  osrs
    .command('run')
    .description(
      'harvest, then the Excel report, then the static dashboard, each on its own (a failed step is reported, ' +
        'the others still run, the exit code is 1); the last two lines: the report path, the dashboard path',
    )
    .option('--community <id>', 'only this community (default: every OSRS community with a group)')
    .action((o) =>
      runCommand('osrs.run', { community: o.community }, (lines) =>
        lines.some((l) => OSRS_FAILED_STEP.test(l)),
      ),
    );

  const telemetry = cli.command('telemetry').description('raid telemetry: combat logs and generated raids');
  telemetry
    .command('import <file>')
    .description(
      'import a WoW combat log (WoWCombatLog*.txt, raw or .gz) into the lake: streamed, progress on stderr, ' +
        'then one line "raids R, pulls P, events E". An interrupted import, or the same file grown since, ' +
        'resumes where it stopped; the same file again imports nothing new.',
    )
    .option('--community <id>', 'community id (default: the only community)')
    .option(
      '--utc-offset <minutes>',
      "zone of timestamps without one (logs before 11.x), minutes east of UTC (default: this machine's)",
      (v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || Math.abs(n) > 14 * 60)
          throw new InvalidArgumentError('minutes between -840 and 840');
        return n;
      },
    )
    .action((file, o) =>
      runTelemetry((t, deps) =>
        t.importCommand(file, { community: o.community, utcOffset: o.utcOffset }, deps),
      ),
    );
  telemetry
    .command('generate')
    .description(
      "generate raid telemetry with the seed generator's distributions, reproducibly (same arguments, same bytes). " +
        'Output: NDJSON to --out FILE (or - for stdout); without --out, into the bronze of --community; ' +
        'with neither, to stdout. The summary goes to stderr when the events go to stdout.',
    )
    .requiredOption('--raids <n>', 'raids to generate', integer('--raids', 1))
    .requiredOption('--events-per-raid <m>', 'events per raid', integer('--events-per-raid', 1))
    .option('--seed <seed>', 'seed of every draw and id', '42')
    .addOption(
      new Option(
        '--roster <roster>',
        "who plays: the community's active members' mains, or generated PUG names",
      )
        .choices(['community', 'pug'])
        .default('pug'),
    )
    .option('--community <id>', 'community: its members (--roster community) and, without --out, its bronze')
    .option('--out <file>', 'write NDJSON here (- for stdout)')
    .option(
      '--start <iso>',
      'start of the first raid (the injected clock; raid k starts k days later)',
      '2026-01-01T20:00:00Z',
    )
    .option(
      '--players <n>',
      'raid size (PUG size, or at most this many members)',
      integer('--players', 1),
      20,
    )
    .option('--boss <name>', 'boss name', 'Ragnaros')
    .option('--first-raid <n>', 'number of the first raid id (raid001)', integer('--first-raid', 1), 1)
    .action((o) =>
      runTelemetry((t, deps) =>
        t.generateCommand(
          {
            raids: o.raids,
            eventsPerRaid: o.eventsPerRaid,
            seed: o.seed,
            roster: o.roster,
            community: o.community,
            out: o.out,
            start: o.start,
            players: o.players,
            boss: o.boss,
            firstRaid: o.firstRaid,
          },
          deps,
        ),
      ),
    );

  const dota = cli
    .command('dota')
    .description('Dota 2 counter-picker: public matches, synthetic matches and models');
  dota
    .command('import <file>')
    .description(
      "import public matches: NDJSON of OpenDota's /publicMatches objects, CSV with the same columns (teams as " +
        'comma strings or JSON arrays), or Parquet; .gz allowed for NDJSON and CSV. Streamed, progress on stderr, ' +
        'each refused row on stderr with its line and reason (exit code 1), the summary last. Matches already ' +
        'stored are skipped, so importing again stores nothing twice.',
    )
    .requiredOption('--community <id>', 'community id')
    .addOption(
      new Option('--format <format>', 'file format (default: from the extension)').choices([
        'ndjson',
        'csv',
        'parquet',
      ]),
    )
    .option('--strict', 'store nothing when any row is refused', false)
    .action((file, o) => runDotaImport(file, o));
  dota
    .command('generate')
    .description(
      'draw matches from a known truth (seeded: same arguments, same bytes): FILE gets NDJSON of OpenDota ' +
        '/publicMatches rows, FILE.truth.json the truth, and with --tracked K, FILE.players.ndjson the matches ' +
        'of K tracked players with a planted edge on some heroes',
    )
    .requiredOption('--matches <n>', 'matches to draw', integer('--matches', 1))
    .requiredOption('--out <file>', 'NDJSON file to write')
    .option('--seed <seed>', 'seed of the truth and of every draw', '42')
    .option(
      '--patch <id>',
      'OpenDota patch number the matches fall in (repeatable; default the newest)',
      (v, prev: number[] = []) => [...prev, integer('--patch', 0)(v)],
    )
    .option('--tracked <k>', 'tracked players to plant', integer('--tracked', 0), 0)
    .action((o) =>
      reportingFailures(async () => {
        const { generateToFiles } = await import('./modules/dota/synthetic/cli');
        const r = generateToFiles({
          matches: o.matches,
          seed: o.seed,
          out: o.out,
          patches: o.patch,
          tracked: o.tracked,
        });
        if (r.playersFile) process.stdout.write(`${r.playersFile}\n`);
        process.stdout.write(`wrote ${r.matches} matches to ${o.out}; the truth: ${r.truthFile}\n`);
      }),
    );
  dota
    .command('build-models')
    .description(
      "build the community's models (every patch with enough matches, every rank and each bracket) from its " +
        'stored matches, store them and tell every server process; one line per model, the summary last',
    )
    .requiredOption('--community <id>', 'community id')
    .action((o) => runCommand('dota.build-models', { community: o.community }));

  for (const c of [cli, ...cli.commands, ...cli.commands.flatMap((c) => c.commands)]) {
    c.exitOverride().configureOutput({ outputError: () => {} });
  }
  return cli;
}

try {
  await program().parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    if (err.exitCode === 0) process.exit(0);
    fail(err.message.replace(/^error: /, ''), EXIT_USAGE);
  }
  throw err;
}
