import { DOTA_HEROES } from '@guildhall/contracts';
import { type FakeResponse, FakeServer, json, type SeenRequest } from './server';

/**
 * A local OpenDota: the documented shapes of `/heroes`, `/publicMatches`, `/explorer`,
 * `/players/{id}/matches`, `/players/{id}/heroes` and `/matches/{id}`, its limits (per
 * calendar minute and per UTC day on a clock the test moves, `X-Rate-Limit-Remaining-*`
 * headers, the two 429 bodies) and its error bodies (400 key and account id, 404, 500).
 */
export interface FakePublicMatch {
  match_id: number;
  avg_rank_tier: number | null;
  [field: string]: unknown;
}

export interface FakePlayerMatch {
  match_id: number;
  player_slot: number;
  radiant_win: boolean;
  hero_id: number;
  start_time: number;
  duration: number;
  [field: string]: unknown;
}

export interface FakeOpenDotaOptions {
  /** Milliseconds since the epoch, as the fake sees them (the test's clock). */
  now?: () => number;
  perMinute?: number;
  perDay?: number;
  /** Keys OpenDota knows (UUIDs); a key gets 300 a minute and no day limit. */
  keys?: string[];
  /** Whether the explorer answers queries over `public_matches` (else a permission error). */
  explorer?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class FakeOpenDota {
  readonly server: FakeServer;
  /** Newest first, as OpenDota keeps them. */
  publicMatches: FakePublicMatch[] = [];
  playerMatches = new Map<number, FakePlayerMatch[]>();
  /** `/matches/{id}` bodies. */
  matches = new Map<number, Record<string, unknown>>();
  heroes: unknown[] = DOTA_HEROES.map((h) => ({
    id: h.id,
    name: h.name,
    localized_name: h.localizedName,
    primary_attr: h.primaryAttr,
    attack_type: h.attackType,
    roles: [...h.roles],
    legs: 2,
  }));
  private minute = { window: -1, count: 0 };
  private day = { window: -1, count: 0 };
  private readonly now: () => number;
  readonly perMinute: number;
  readonly perDay: number;

  constructor(private readonly opts: FakeOpenDotaOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.perMinute = opts.perMinute ?? 60;
    this.perDay = opts.perDay ?? 3000;
    this.server = new FakeServer((req) => this.answer(req));
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  get url(): string {
    return `${this.server.url}/api`;
  }

  get requests(): SeenRequest[] {
    return this.server.requests;
  }

  /** Calls that reached a route (not the limiter's refusals). */
  callsTo(path: string): SeenRequest[] {
    return this.requests.filter((r) => r.path === `/api${path}` || r.path.startsWith(`/api${path}?`));
  }

  /** Counts `calls` keyless calls as made today already (another process, an earlier start). */
  spendDay(calls: number): void {
    const day = Math.floor(this.now() / 86_400_000);
    if (this.day.window !== day) this.day = { window: day, count: 0 };
    this.day.count += calls;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private limits(req: SeenRequest): { headers: Record<string, string>; refusal?: FakeResponse } {
    const auth = req.headers.authorization;
    const key =
      typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : req.query.get('api_key');
    if (key) {
      if (!UUID.test(key)) return { headers: {}, refusal: json({ error: 'Invalid API key format' }, 400) };
      if (!(this.opts.keys ?? []).includes(key))
        return {
          headers: {},
          refusal: json(
            { error: 'API key invalid. Please check the API dashboard or email support@opendota.com.' },
            400,
          ),
        };
    }
    const t = this.now();
    const minute = Math.floor(t / 60_000);
    const day = Math.floor(t / 86_400_000);
    if (this.minute.window !== minute) this.minute = { window: minute, count: 0 };
    if (this.day.window !== day) this.day = { window: day, count: 0 };
    const perMinute = key ? 300 : this.perMinute;
    if (!key && this.day.count >= this.perDay)
      return { headers: {}, refusal: json({ error: 'daily api limit exceeded' }, 429) };
    if (this.minute.count >= perMinute)
      return { headers: {}, refusal: json({ error: 'minute rate limit exceeded' }, 429) };
    this.minute.count += 1;
    if (!key) this.day.count += 1;
    const headers: Record<string, string> = {
      'X-Rate-Limit-Remaining-Minute': String(perMinute - this.minute.count),
    };
    if (!key) headers['X-Rate-Limit-Remaining-Day'] = String(this.perDay - this.day.count);
    return { headers };
  }

  private answer(req: SeenRequest): FakeResponse {
    const { headers, refusal } = this.limits(req);
    if (refusal) return refusal;
    const body = this.route(req);
    return { ...body, headers: { ...body.headers, ...headers } };
  }

  private route(req: SeenRequest): FakeResponse {
    const p = req.path.replace(/^\/api/, '');
    if (p === '/heroes') return json(this.heroes);
    if (p === '/publicMatches') return json(this.pagePublicMatches(req.query));
    if (p === '/explorer') return this.explorer(req.query.get('sql'));
    let m = /^\/players\/([^/]+)\/(matches|heroes)$/.exec(p);
    if (m) {
      if (!/^\d+$/.test(m[1] as string)) return json({ error: 'invalid account id' }, 400);
      const rows = this.playerMatches.get(Number(m[1])) ?? [];
      if (m[2] === 'heroes') return json(this.playerHeroes(rows));
      const date = Number(req.query.get('date') ?? 0);
      const since = date > 0 ? this.now() / 1000 - date * 86_400 : 0;
      const limit = Number(req.query.get('limit') ?? 0) || rows.length;
      return json(
        rows
          .filter((r) => r.start_time >= since)
          .sort((a, b) => b.match_id - a.match_id)
          .slice(0, limit),
      );
    }
    m = /^\/matches\/(\d+)$/.exec(p);
    if (m) {
      const match = this.matches.get(Number(m[1]));
      return match ? json(match) : json({ error: 'Not Found' }, 404);
    }
    return json({ error: 'Not Found' }, 404);
  }

  private filtered(lessThan: number | undefined, minRank: number | undefined, maxRank: number | undefined) {
    // OpenDota caps min_rank at 75 and floors max_rank at 15.
    const lo = minRank === undefined ? undefined : Math.min(minRank, 75);
    const hi = maxRank === undefined ? undefined : Math.max(maxRank, 15);
    return this.publicMatches.filter(
      (r) =>
        (lessThan === undefined || r.match_id < lessThan) &&
        (lo === undefined || (r.avg_rank_tier ?? -1) >= lo) &&
        (hi === undefined || (r.avg_rank_tier ?? 999) <= hi),
    );
  }

  private pagePublicMatches(q: URLSearchParams) {
    const num = (name: string) => (q.get(name) ? Number(q.get(name)) : undefined);
    return this.filtered(num('less_than_match_id'), num('min_rank'), num('max_rank')).slice(0, 100);
  }

  /** Understands the one shape of query the ingestion sends (`match_id <`, rank bounds, `LIMIT`). */
  private explorer(sql: string | null): FakeResponse {
    if (sql === null) return json({ error: 'sql is not a string' }, 400);
    const base = { command: 'SELECT', rowCount: 0, oid: null, rows: [], fields: [], _parsers: [] };
    if (!this.opts.explorer || !/from\s+public_matches/i.test(sql))
      return json({ ...base, err: 'error: permission denied for table public_matches' }, 400);
    const num = (re: RegExp) => {
      const hit = re.exec(sql);
      return hit ? Number(hit[1]) : undefined;
    };
    const rows = this.filtered(
      num(/match_id\s*<\s*(\d+)/i),
      num(/avg_rank_tier\s*>=\s*(\d+)/i),
      num(/avg_rank_tier\s*<=\s*(\d+)/i),
    ).slice(0, num(/limit\s+(\d+)/i) ?? 1000);
    // The driver answers Postgres int[] as arrays.
    return json({
      ...base,
      rowCount: rows.length,
      rows,
      fields: Object.keys(rows[0] ?? {}).map((name) => ({ name, dataTypeID: 23 })),
      err: null,
    });
  }

  private playerHeroes(rows: FakePlayerMatch[]) {
    const byHero = new Map<number, { games: number; win: number; last: number }>();
    for (const r of rows) {
      const s = byHero.get(r.hero_id) ?? { games: 0, win: 0, last: 0 };
      s.games += 1;
      if (r.radiant_win === r.player_slot < 128) s.win += 1;
      s.last = Math.max(s.last, r.start_time);
      byHero.set(r.hero_id, s);
    }
    return DOTA_HEROES.map((h) => {
      const s = byHero.get(h.id) ?? { games: 0, win: 0, last: 0 };
      return {
        hero_id: h.id,
        last_played: s.last,
        games: s.games,
        win: s.win,
        with_games: 0,
        with_win: 0,
        against_games: 0,
        against_win: 0,
      };
    }).sort((a, b) => b.games - a.games);
  }
}
