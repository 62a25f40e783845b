import crypto from 'node:crypto';
import { FakeServer, json, type SeenRequest } from './server';

/**
 * Warcraft Logs v2: OAuth2 client credentials at `POST /oauth/token` and GraphQL at
 * `POST /api/v2/client`, answering the queries Guildhall sends (by operation name) with the
 * shapes of the published schema (GuildAttendancePagination, ReportPagination, Zone, the
 * `zoneRankings` JSON, RateLimitData). Tokens can be revoked to exercise the refresh on 401.
 */

export interface FakePlayer {
  name: string;
  type: string;
  presence: 1 | 2;
}

export interface FakeNight {
  code: string;
  startTime: number;
  zone: { id: number; name: string } | null;
  players: FakePlayer[];
}

export interface FakeFight {
  encounterID: number;
  name: string;
  difficulty: number;
  startTime: number;
  endTime: number;
}

export interface FakeReport {
  code: string;
  title: string;
  startTime: number;
  endTime: number;
  zone: { id: number; name: string } | null;
  kills: FakeFight[];
}

export interface FakeRanking {
  encounterId: number;
  name: string;
  best: number | null;
  median: number | null;
  kills: number;
}

export interface FakeGuild {
  id: number;
  name: string;
  server: string;
  region: string;
  attendance: FakeNight[];
  reports: FakeReport[];
}

export interface FakeZone {
  id: number;
  name: string;
  encounters: { id: number; name: string }[];
}

export class FakeWarcraftLogs extends FakeServer {
  readonly guilds: FakeGuild[] = [];
  readonly zones = new Map<number, FakeZone>();
  /** `name|server|region` → rankings per difficulty (3 normal, 4 heroic, 5 mythic). */
  readonly rankings = new Map<string, Partial<Record<3 | 4 | 5, FakeRanking[]>>>();
  readonly tokens = new Set<string>();
  tokensIssued = 0;
  rate = { limitPerHour: 3600, pointsSpentThisHour: 0, pointsResetIn: 1800 };

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
  ) {
    super((req) => (req.path === '/oauth/token' ? this.token(req) : this.graphql(req)));
  }

  private token(req: SeenRequest) {
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    if (req.method !== 'POST' || new URLSearchParams(req.body).get('grant_type') !== 'client_credentials')
      return json(
        { error: 'unsupported_grant_type', message: 'The authorization grant type is not supported.' },
        400,
      );
    if (req.headers.authorization !== expected)
      return json(
        {
          error: 'invalid_client',
          error_description: 'Client authentication failed',
          message: 'Client authentication failed',
        },
        401,
      );
    const token = `eyJ0eXAiOiJKV1Qi.${crypto.randomBytes(24).toString('base64url')}`;
    this.tokens.add(token);
    this.tokensIssued += 1;
    return json({ token_type: 'Bearer', expires_in: 31_536_000, access_token: token });
  }

  /** Every issued token stops working (WCL revoked them). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  static operation(req: SeenRequest): string | undefined {
    try {
      return /query\s+(\w+)/.exec(JSON.parse(req.body).query)?.[1];
    } catch {
      return undefined;
    }
  }

  static op(name: string) {
    return (req: SeenRequest) => req.path === '/api/v2/client' && FakeWarcraftLogs.operation(req) === name;
  }

  private graphql(req: SeenRequest) {
    if (req.method !== 'POST' || req.path !== '/api/v2/client') return json({ message: 'Not Found' }, 404);
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!this.tokens.has(token)) return json({ error: 'Unauthenticated.' }, 401);
    const { query, variables } = JSON.parse(req.body) as {
      query: string;
      variables: Record<string, unknown>;
    };
    this.rate.pointsSpentThisHour += 1;
    const rateLimitData = { ...this.rate };
    const op = /query\s+(\w+)/.exec(query)?.[1];
    switch (op) {
      case 'Guild': {
        const g = this.guilds.find(
          (x) =>
            x.name.toLowerCase() === String(variables.name).toLowerCase() &&
            x.server === variables.server &&
            x.region === variables.region,
        );
        return json({
          data: {
            rateLimitData,
            guildData: {
              guild: g
                ? {
                    id: g.id,
                    name: g.name,
                    attendance: {
                      total: g.attendance.length,
                      per_page: Number(variables.limit ?? 16),
                      current_page: 1,
                      from: 1,
                      to: g.attendance.length,
                      last_page: 1,
                      has_more_pages: false,
                      data: g.attendance,
                    },
                  }
                : null,
            },
          },
        });
      }
      case 'Reports': {
        const g = this.guilds.find((x) => x.id === variables.guildId);
        const data = (g?.reports ?? []).map((r, i) => ({
          code: r.code,
          title: r.title,
          startTime: r.startTime,
          endTime: r.endTime,
          zone: r.zone,
          fights: r.kills.map((f, j) => ({
            id: j + 1,
            encounterID: f.encounterID,
            name: f.name,
            difficulty: f.difficulty,
            kill: true,
            startTime: f.startTime,
            endTime: f.endTime,
            size: 20,
            fightPercentage: 0.01,
            bossPercentage: 0.01,
          })),
          owner: { id: 100 + i, name: 'logger' },
        }));
        return json({
          data: {
            rateLimitData,
            reportData: {
              reports: {
                data,
                total: data.length,
                per_page: 25,
                current_page: 1,
                from: 1,
                to: data.length,
                last_page: 1,
                has_more_pages: false,
              },
            },
          },
        });
      }
      case 'Zone': {
        const z = this.zones.get(Number(variables.zoneId));
        return json({
          data: {
            rateLimitData,
            worldData: {
              zone: z
                ? {
                    id: z.id,
                    name: z.name,
                    encounters: z.encounters,
                    difficulties: [
                      { id: 1, name: 'LFR', sizes: [25] },
                      { id: 3, name: 'Normal', sizes: [10, 30] },
                      { id: 4, name: 'Heroic', sizes: [10, 30] },
                      { id: 5, name: 'Mythic', sizes: [20] },
                    ],
                  }
                : null,
            },
          },
        });
      }
      case 'Character': {
        const key = `${String(variables.name).toLowerCase()}|${variables.server}|${variables.region}`;
        const r = this.rankings.get(key);
        const zoneId = (variables.zoneId as number | null) ?? 44;
        const rankingsOf = (difficulty: 3 | 4 | 5) => {
          const list = r?.[difficulty] ?? [];
          const zone = this.zones.get(zoneId);
          const all = (zone?.encounters ?? []).map(
            (e) =>
              list.find((x) => x.encounterId === e.id) ?? {
                encounterId: e.id,
                name: e.name,
                best: null,
                median: null,
                kills: 0,
              },
          );
          return {
            bestPerformanceAverage: 70.1,
            medianPerformanceAverage: 55.2,
            difficulty,
            metric: 'dps',
            partition: 1,
            zone: zoneId,
            allStars: [
              {
                partition: 1,
                spec: 'Balance',
                points: 1200.5,
                possiblePoints: 2400,
                rank: 5000,
                regionRank: 2000,
                serverRank: 20,
                rankPercent: 70.2,
                total: 50000,
              },
            ],
            rankings: all.map((x) => ({
              encounter: { id: x.encounterId, name: x.name },
              rankPercent: x.best,
              medianPercent: x.median,
              lockedIn: true,
              totalKills: x.kills,
              fastestKill: x.kills ? 240_123 : 0,
              allStars: x.kills
                ? {
                    points: 120,
                    possiblePoints: 120,
                    partition: 1,
                    rank: 900,
                    regionRank: 300,
                    serverRank: 2,
                    rankPercent: 91,
                    total: 9000,
                  }
                : null,
              spec: x.kills ? 'Balance' : null,
              bestSpec: x.kills ? 'Balance' : null,
              bestAmount: x.kills ? 1_234_567.8 : 0,
            })),
          };
        };
        return json({
          data: {
            rateLimitData,
            characterData: {
              character: r
                ? {
                    id: 55_000_000 + this.rankings.size,
                    name: variables.name,
                    normal: rankingsOf(3),
                    heroic: rankingsOf(4),
                    mythic: rankingsOf(5),
                  }
                : null,
            },
          },
        });
      }
      default:
        return json(
          {
            errors: [
              { message: `Cannot query field "${op}" on type "Query".`, locations: [{ line: 1, column: 1 }] },
            ],
            data: null,
          },
          200,
        );
    }
  }
}

/** A GraphQL error answer as WCL sends it: HTTP 200 with `errors` (and no usable data). */
export const graphqlError = (message: string) =>
  json({
    errors: [{ message, locations: [{ line: 3, column: 5 }], path: ['guildData', 'guild'] }],
    data: { guildData: null },
  });
