import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DISCORD_WEBHOOK_URL } from '@guildhall/contracts';
import { z } from 'zod';

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(z.url().optional())
  .optional();

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const ipOrCidr = (v: string) => {
  const [addr, bits, ...rest] = v.split('/');
  if (rest.length > 0 || !addr || isIP(addr) === 0) return false;
  if (bits === undefined) return true;
  const max = isIP(addr) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
};

/**
 * Which proxies may set X-Forwarded-For (and so the client address rate limits key on):
 * off (no proxy: the socket's address counts), a number of proxy hops in front of the
 * server, or a comma list of the proxies' addresses or CIDRs. Never "trust everyone": then
 * any client could pick its own address.
 */
const trustProxy = z
  .string()
  .trim()
  .transform((v, ctx): false | number | string[] => {
    const lower = v.toLowerCase();
    if (lower === '' || lower === 'off' || lower === 'false' || lower === '0') return false;
    if (/^\d+$/.test(v)) return Number(v);
    const list = v
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const bad = list.filter((s) => !ipOrCidr(s));
    if (bad.length > 0 || list.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `must be off, a number of proxy hops, or a comma list of proxy addresses/CIDRs (not ${bad.join(', ') || v})`,
      });
      return z.NEVER;
    }
    return list;
  });

/** Every environment variable Guildhall reads, parsed once at start. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Unset: `data/` in the installation's root (see `defaultDataDir`), whatever the working directory. */
  GUILDHALL_DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: optionalUrl,
  REDIS_URL: optionalUrl,
  GUILDHALL_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (for example `openssl rand -hex 32`)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: optionalUrl,
  /** Requests per minute and client IP on public routes. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Proxies trusted to report the client's address in X-Forwarded-For; off by default. */
  TRUST_PROXY: trustProxy.default(false),
  /** Largest request body accepted by JSON routes, in bytes. */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(1024 * 1024),
  /** Largest gzipped upload, and largest upload once decompressed, in bytes. */
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(32 * 1024 * 1024),
  UPLOAD_DECOMPRESSED_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(128 * 1024 * 1024),
  /** Largest telemetry batch (`POST …/telemetry/events`), on the wire and once decompressed, in bytes. */
  TELEMETRY_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(16 * 1024 * 1024),
  /**
   * Most memory each DuckDB instance (the telemetry lake's, the Dota models') holds before it
   * spills to disk, in DuckDB's units (`2GB`, `512MiB`); unset, DuckDB's default of 80 % of the
   * machine's memory, each.
   */
  DUCKDB_MEMORY_LIMIT: optionalString.pipe(
    z
      .string()
      .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/, 'a size such as 2GB or 512MiB')
      .optional(),
  ),
  /**
   * S3-compatible object storage for the lake, backups and exports; the local folder
   * `<data dir>/objects` when `S3_BUCKET` is unset. The endpoint is for MinIO, Ceph, R2 and the
   * like (AWS itself needs none); credentials default to the SDK's chain (env, profile, role).
   */
  S3_BUCKET: optionalString,
  S3_ENDPOINT: optionalUrl,
  S3_REGION: z.string().trim().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  /** Keys are written under this prefix (`guildhall/` → `guildhall/bronze/…`); none by default. */
  S3_PREFIX: z
    .string()
    .trim()
    .regex(/^([A-Za-z0-9_.=-]+\/)*$/, 'must be empty or end with / (for example guildhall/)')
    .default(''),
  /** Path-style URLs (`endpoint/bucket/key`), which MinIO and most self-hosted servers need. */
  S3_FORCE_PATH_STYLE: boolish.default(false),
  /**
   * Scheduled backups (cron, UTC): `auto` = daily at 03:30 with the embedded database and off
   * on PostgreSQL (whose operator usually has their own), `off`, or a cron pattern.
   */
  BACKUP_SCHEDULE: z
    .string()
    .trim()
    .refine(
      (v) => v === 'auto' || v === 'off' || v.split(/\s+/).length >= 5,
      'must be auto, off or a cron pattern',
    )
    .default('auto'),
  /** `GET /metrics` answers loopback without a token, and other addresses with this bearer token. */
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  /** Where backups are written; `<data dir>/backups` by default. */
  BACKUP_DIR: optionalString,
  /** Rotation: the newest backup of each of the last N days and M weeks is kept. */
  BACKUP_KEEP_DAILY: z.coerce.number().int().min(1).max(365).default(7),
  BACKUP_KEEP_WEEKLY: z.coerce.number().int().min(0).max(520).default(4),
  /** Prefix for BullMQ queues and Redis keys, so several installations can share one Redis. */
  REDIS_PREFIX: z.string().min(1).default('guildhall'),
  SCHEDULER_ENABLED: boolish.default(true),
  /** On SIGTERM, how long running jobs may take to finish; the rest are resumed by the next start. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  /** Outside APIs' base URLs: the real services by default; tests and proxies point them elsewhere. */
  RAIDERIO_BASE_URL: z.url().default('https://raider.io'),
  WCL_BASE_URL: z.url().default('https://www.warcraftlogs.com'),
  /** `{region}` is replaced by the community's region (us, eu, kr, tw). */
  BLIZZARD_API_BASE_URL: z
    .string()
    .refine((v) => URL.canParse(v.replaceAll('{region}', 'us')), 'must be a URL (it may contain {region})')
    .default('https://{region}.api.blizzard.com'),
  BLIZZARD_OAUTH_BASE_URL: z.url().default('https://oauth.battle.net'),
  /** Discord's REST API, versioned (`/v10` is added when the URL names no version). */
  DISCORD_API_BASE_URL: z.url().default('https://discord.com/api/v10'),
  /** Where the browser goes to sign in with Discord (`{base}/oauth2/authorize`). */
  DISCORD_OAUTH_BASE_URL: z.url().default('https://discord.com'),
  /** Steam's OpenID 2.0 provider: the only endpoint a Steam assertion may name and the one that verifies it. */
  STEAM_OPENID_URL: z.url().default('https://steamcommunity.com/openid/login'),
  /** Steam's Web API (persona names, with STEAM_WEB_API_KEY). */
  STEAM_API_BASE_URL: z.url().default('https://api.steampowered.com'),
  /** Wise Old Man's API (OSRS clan stats). */
  WOM_BASE_URL: z.url().default('https://api.wiseoldman.net/v2'),
  /** When the OSRS harvest runs (cron, UTC); Wise Old Man asks for hour-scale intervals. */
  OSRS_HARVEST_SCHEDULE: z.string().trim().min(9).default('41 */6 * * *'),
  /** OpenDota's API (Dota 2 public matches, players, heroes). */
  OPENDOTA_BASE_URL: z.url().default('https://api.opendota.com/api'),
  /** An OpenDota API key (a UUID): 300 calls a minute and no daily cap (usage is billed); sent as a Bearer token. */
  OPENDOTA_API_KEY: optionalString.pipe(
    z
      .string()
      .regex(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
        'must be a UUID (OpenDota refuses other keys)',
      )
      .optional(),
  ),
  /** Most OpenDota calls a day (UTC); without a key OpenDota allows 3,000, with a key the default is no cap. */
  OPENDOTA_DAILY_BUDGET: z.coerce.number().int().positive().optional(),
  /** When the Dota 2 match ingestion runs (cron, UTC). */
  DOTA_INGEST_SCHEDULE: z.string().trim().min(9).default('*/10 * * * *'),
  /** When the dota models are rebuilt from the stored matches (cron, UTC). */
  DOTA_MODELS_SCHEDULE: z.string().trim().min(9).default('23 5 * * *'),
  /** OpenDota calls one ingestion run may spend (144 runs a day × 20 stays under the keyless 3,000). */
  DOTA_INGEST_CALLS_PER_RUN: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Rank filter of the public matches ingested (`avg_rank_tier` codes, 10–85); none by default. */
  DOTA_INGEST_MIN_RANK: z.coerce.number().int().min(10).max(85).optional(),
  DOTA_INGEST_MAX_RANK: z.coerce.number().int().min(10).max(85).optional(),
  /** Page backwards through OpenDota's SQL explorer (`public_matches`, thousands of rows a call) before `/publicMatches`. */
  DOTA_INGEST_EXPLORER: boolish.default(false),
  /** A Discord application's OAuth2 client: "Sign in with Discord" is offered only when both are set. */
  DISCORD_CLIENT_ID: optionalString,
  DISCORD_CLIENT_SECRET: optionalString,
  /**
   * "Sign in with Steam" (OpenID 2.0: no credentials needed). Off unless set; set PUBLIC_URL
   * too, since Steam sends the browser back to it.
   */
  STEAM_SIGN_IN: boolish.default(false),
  /** Optional: with a Steam Web API key, a Steam sign-in reads the account's persona name. */
  STEAM_WEB_API_KEY: optionalString,
  /** The bot's token: `guildhall bot` needs it; `serve` runs the bot inside itself when it is set. */
  DISCORD_TOKEN: optionalString,
  /** The Discord application (its id is the bot's user id and the follow-up webhooks' id). */
  DISCORD_APPLICATION_ID: optionalString.pipe(
    z
      .string()
      .regex(/^\d{17,20}$/, 'must be a Discord snowflake (17 to 20 digits)')
      .optional(),
  ),
  /** The application's Ed25519 public key (hex) that signs HTTP interactions. */
  DISCORD_PUBLIC_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (the portal\'s "Public Key")')
      .optional(),
  ),
  /**
   * Asks the gateway for GUILD_MEMBER_REMOVE (the privileged Server Members intent, which the
   * developer portal must allow or Discord refuses the connection), so those who leave lose their sign-ups.
   */
  DISCORD_MEMBER_EVENTS: boolish.default(false),
  /** How long one request to an outside API may take before it counts as failed. */
  OUTBOUND_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  /**
   * OpenTelemetry traces go to this OTLP/HTTP collector (`/v1/traces` is appended), with these
   * headers (`key=value,key2=value2`, e.g. an API key) and this service name; no tracing when unset.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  OTEL_EXPORTER_OTLP_HEADERS: optionalString,
  OTEL_SERVICE_NAME: z.string().trim().min(1).default('guildhall'),
  /**
   * Ops alerts (jobs failing, providers down, webhooks broken, backups failing, disk filling):
   * a Discord webhook the installation owner may replace in Admin → Operations, and its language.
   */
  OPS_ALERT_WEBHOOK_URL: optionalString.pipe(
    z.string().regex(DISCORD_WEBHOOK_URL, 'must be a Discord webhook URL').optional(),
  ),
  OPS_ALERT_LANGUAGE: z.enum(['en', 'es']).default('en'),
  /** A job alerts after this many failed runs in a row. */
  OPS_ALERT_JOB_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
  /** A provider alerts after answering 5xx/429 (or not at all) for this long. */
  OPS_ALERT_PROVIDER_MINUTES: z.coerce.number().int().min(1).max(10_080).default(15),
  /** The disk under the data directory alerts past this much used, in percent. */
  OPS_ALERT_DISK_PERCENT: z.coerce.number().min(1).max(100).default(90),
  /** A problem still going on alerts again after this many hours; one alert per episode before that. */
  OPS_ALERT_REPEAT_HOURS: z.coerce.number().int().min(1).max(720).default(24),
});

export type Config = z.infer<typeof configSchema> & {
  /** Absolute data directory. */
  dataDir: string;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const raw = Object.fromEntries(
    Object.keys(configSchema.shape).flatMap((key) => (env[key] === undefined ? [] : [[key, env[key]]])),
  );
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = issue.path.join('.');
        const value = raw[key];
        const shown =
          key === 'GUILDHALL_SECRET' ||
          key === 'DISCORD_CLIENT_SECRET' ||
          key === 'S3_SECRET_ACCESS_KEY' ||
          key === 'DISCORD_TOKEN' ||
          key === 'STEAM_WEB_API_KEY' ||
          key === 'OPENDOTA_API_KEY' ||
          key === 'OPS_ALERT_WEBHOOK_URL' ||
          key === 'OTEL_EXPORTER_OTLP_HEADERS' ||
          value === undefined
            ? ''
            : ` (got ${JSON.stringify(value)})`;
        return `${key}: ${issue.message}${shown}`;
      }),
    );
  }
  return { ...parsed.data, dataDir: resolveDataDir(parsed.data.GUILDHALL_DATA_DIR) };
}

/**
 * The installation's root: the folder that holds `apps/` (three levels above this file, which
 * lives in `apps/server/src`). Resolved from the code's location, never from the working
 * directory, so every command finds the same database wherever it is started.
 */
export const installRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const defaultDataDir = path.join(installRoot, 'data');

/**
 * The data directory: `GUILDHALL_DATA_DIR` when set (a relative one is taken from the working
 * directory, as any path typed in a shell), otherwise `<installation root>/data`.
 */
export function resolveDataDir(fromEnv: string | undefined, cwd = process.cwd()): string {
  return fromEnv ? path.resolve(cwd, fromEnv) : defaultDataDir;
}

/** The one line every command prints on stderr: which data directory and database it works on. */
export function describeStorage(config: Pick<Config, 'dataDir' | 'DATABASE_URL'>): string {
  if (!config.DATABASE_URL) {
    return `data directory ${config.dataDir} (embedded database ${path.join(config.dataDir, 'db')})`;
  }
  let where = 'PostgreSQL';
  try {
    const url = new URL(config.DATABASE_URL);
    where = `PostgreSQL ${url.host}${url.pathname}`; // never the user or password
  } catch {}
  return `data directory ${config.dataDir}, database ${where} (DATABASE_URL)`;
}
