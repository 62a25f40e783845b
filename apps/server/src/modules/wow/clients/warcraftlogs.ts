import { z } from 'zod';
import {
  clientCredentials,
  createHttpClient,
  type HttpDeps,
  joinUrl,
  ProviderError,
  withToken,
} from '../../../core/outbound/http-client';
import type { BucketRule } from '../../../core/rate-limiter';

/** Raid difficulties as Warcraft Logs numbers them. */
export const WCL_DIFFICULTIES = { 1: 'lfr', 3: 'normal', 4: 'heroic', 5: 'mythic' } as const;
export type Difficulty = (typeof WCL_DIFFICULTIES)[keyof typeof WCL_DIFFICULTIES];
export const difficultyOf = (n: number): Difficulty | undefined =>
  WCL_DIFFICULTIES[n as keyof typeof WCL_DIFFICULTIES];

/** Until the first `rateLimitData` says otherwise: the documented default of 3,600 points an hour. */
const DEFAULT_POINTS_PER_HOUR = 3_600;
/** Points per hour learnt from `rateLimitData`, per client id, for every bucket of this process. */
const learntLimits = new Map<string, number>();

const zRateLimit = z
  .object({ limitPerHour: z.number(), pointsSpentThisHour: z.number(), pointsResetIn: z.number() })
  .nullish();

const zEnvelope = z.object({
  data: z.unknown().optional(),
  errors: z.array(z.object({ message: z.string() })).nullish(),
});

const zZone = z.object({ id: z.number().int(), name: z.string() }).nullish();

const zGuildResponse = z.object({
  rateLimitData: zRateLimit,
  guildData: z
    .object({
      guild: z
        .object({
          id: z.number().int(),
          name: z.string(),
          attendance: z.object({
            data: z.array(
              z.object({
                code: z.string(),
                startTime: z.number(),
                zone: zZone,
                players: z.array(
                  z
                    .object({ name: z.string(), type: z.string().nullish(), presence: z.number().int() })
                    .nullable(),
                ),
              }),
            ),
          }),
        })
        .nullable(),
    })
    .nullable(),
});

const zFight = z.object({
  encounterID: z.number().int(),
  name: z.string(),
  difficulty: z.number().int().nullish(),
  kill: z.boolean().nullish(),
  startTime: z.number(),
  endTime: z.number(),
});

const zReportsResponse = z.object({
  rateLimitData: zRateLimit,
  reportData: z.object({
    reports: z.object({
      data: z.array(
        z.object({
          code: z.string(),
          title: z.string(),
          startTime: z.number(),
          endTime: z.number(),
          zone: zZone,
          fights: z.array(zFight).nullish(),
        }),
      ),
    }),
  }),
});

const zZoneResponse = z.object({
  rateLimitData: zRateLimit,
  worldData: z.object({
    zone: z
      .object({
        id: z.number().int(),
        name: z.string(),
        encounters: z.array(z.object({ id: z.number().int(), name: z.string() })),
        difficulties: z.array(z.object({ id: z.number().int(), name: z.string() })).nullish(),
      })
      .nullable(),
  }),
});

/** `zoneRankings` is a JSON scalar; its documented content, loosely. */
const zZoneRankings = z
  .object({
    zone: z.number().int().nullish(),
    difficulty: z.number().int().nullish(),
    rankings: z
      .array(
        z.object({
          encounter: z.object({ id: z.number().int(), name: z.string() }),
          rankPercent: z.number().nullish(),
          medianPercent: z.number().nullish(),
          totalKills: z.number().int().nullish(),
          spec: z.string().nullish(),
        }),
      )
      .nullish(),
  })
  .nullish();

const zCharacterResponse = z.object({
  rateLimitData: zRateLimit,
  characterData: z.object({
    character: z
      .object({
        id: z.number().int(),
        name: z.string(),
        normal: zZoneRankings,
        heroic: zZoneRankings,
        mythic: zZoneRankings,
      })
      .nullable(),
  }),
});

const RATE = 'rateLimitData { limitPerHour pointsSpentThisHour pointsResetIn }';

const GUILD_QUERY = `query Guild($name: String!, $server: String!, $region: String!, $limit: Int!) {
  ${RATE}
  guildData {
    guild(name: $name, serverSlug: $server, serverRegion: $region) {
      id name
      attendance(limit: $limit) { data { code startTime zone { id name } players { name type presence } } }
    }
  }
}`;

const REPORTS_QUERY = `query Reports($guildId: Int!, $limit: Int!) {
  ${RATE}
  reportData {
    reports(guildID: $guildId, limit: $limit) {
      data {
        code title startTime endTime zone { id name }
        fights(killType: Kills) { encounterID name difficulty kill startTime endTime }
      }
    }
  }
}`;

const ZONE_QUERY = `query Zone($zoneId: Int!) {
  ${RATE}
  worldData { zone(id: $zoneId) { id name encounters { id name } difficulties { id name } } }
}`;

const CHARACTER_QUERY = `query Character($name: String!, $server: String!, $region: String!, $zoneId: Int) {
  ${RATE}
  characterData {
    character(name: $name, serverSlug: $server, serverRegion: $region) {
      id name
      normal: zoneRankings(zoneID: $zoneId, difficulty: 3)
      heroic: zoneRankings(zoneID: $zoneId, difficulty: 4)
      mythic: zoneRankings(zoneID: $zoneId, difficulty: 5)
    }
  }
}`;

export interface WclParse {
  zoneId: number;
  encounterId: number;
  encounterName: string;
  difficulty: Difficulty;
  bestPercent: number | null;
  medianPercent: number | null;
  kills: number;
  spec: string | null;
}

export function createWclClient(
  deps: HttpDeps & { baseUrl: string; clientId: string; clientSecret: string },
) {
  const bucket = `wcl:${deps.clientId}`;
  const rules = (): BucketRule[] => [
    { capacity: learntLimits.get(deps.clientId) ?? DEFAULT_POINTS_PER_HOUR, perMs: 3_600_000 },
  ];
  const tokens = clientCredentials(deps, {
    provider: 'warcraftlogs',
    tokenUrl: joinUrl(deps.baseUrl, '/oauth/token').toString(),
    clientId: deps.clientId,
    clientSecret: deps.clientSecret,
    bucket: `${bucket}:oauth`,
    rules: [{ capacity: 60, perMs: 60_000 }],
  });

  const http = createHttpClient(deps, {
    name: 'warcraftlogs',
    baseUrl: deps.baseUrl,
    budget: { bucket, rules: rules() },
  });

  async function query<T extends { rateLimitData?: z.infer<typeof zRateLimit> }>(
    text: string,
    variables: Record<string, unknown>,
    data: z.ZodType<T>,
  ): Promise<T> {
    const res = await withToken(tokens, (token) =>
      http.request({
        path: '/api/v2/client',
        headers: { authorization: `Bearer ${token}` },
        json: { query: text, variables },
        // The points per hour are learnt from the answers: the budget is read per call.
        budget: { bucket, rules: rules() },
        schema: zEnvelope,
      }),
    );
    // GraphQL reports its failures in `errors`, with HTTP 200 and partial or no data.
    if (res.errors?.length)
      throw new ProviderError('warcraftlogs', 'graphql', res.errors.map((e) => e.message).join('; '));
    const parsed = data.safeParse(res.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProviderError(
        'warcraftlogs',
        'malformed',
        `unexpected answer (${issue?.path.join('.') || 'data'}: ${issue?.message})`,
      );
    }
    await account(parsed.data.rateLimitData);
    return parsed.data;
  }

  /** Keeps our bucket in step with what Warcraft Logs says is left this hour. */
  async function account(rate: z.infer<typeof zRateLimit>): Promise<void> {
    if (!rate) return;
    learntLimits.set(deps.clientId, rate.limitPerHour);
    const remaining = rate.limitPerHour - rate.pointsSpentThisHour;
    await deps.limiter.drain(bucket, rules(), remaining);
    if (remaining <= 0) await deps.limiter.block(bucket, Math.max(1, rate.pointsResetIn) * 1000);
  }

  return {
    /** The guild by its realm's slug; undefined when Warcraft Logs knows no such guild there. */
    async guild(region: string, realmSlug: string, name: string, attendanceLimit = 16) {
      const data = await query(
        GUILD_QUERY,
        { name, server: realmSlug, region, limit: attendanceLimit },
        zGuildResponse,
      );
      const guild = data.guildData?.guild;
      if (!guild) return undefined;
      return {
        id: guild.id,
        name: guild.name,
        attendance: guild.attendance.data.map((a) => ({
          code: a.code,
          startTime: new Date(a.startTime),
          zone: a.zone ?? null,
          players: a.players.flatMap((p) =>
            p ? [{ name: p.name, className: p.type ?? null, presence: p.presence }] : [],
          ),
        })),
      };
    },

    async reports(guildId: number, limit = 25) {
      const data = await query(REPORTS_QUERY, { guildId, limit }, zReportsResponse);
      return data.reportData.reports.data.map((r) => ({
        code: r.code,
        title: r.title,
        startTime: new Date(r.startTime),
        endTime: new Date(r.endTime),
        zone: r.zone ?? null,
        // Fight times are relative to the report's start.
        kills: (r.fights ?? []).flatMap((f) => {
          const difficulty = f.difficulty == null ? undefined : difficultyOf(f.difficulty);
          return f.kill !== false && difficulty && f.encounterID > 0
            ? [
                {
                  encounterId: f.encounterID,
                  name: f.name,
                  difficulty,
                  at: new Date(r.startTime + f.endTime),
                },
              ]
            : [];
        }),
      }));
    },

    async zone(zoneId: number) {
      const data = await query(ZONE_QUERY, { zoneId }, zZoneResponse);
      const zone = data.worldData.zone;
      if (!zone) throw new ProviderError('warcraftlogs', 'not_found', `no zone ${zoneId}`);
      const difficulties = (zone.difficulties ?? []).flatMap((d) => {
        const name = difficultyOf(d.id);
        return name && name !== 'lfr' ? [name] : [];
      });
      return {
        id: zone.id,
        name: zone.name,
        encounters: zone.encounters,
        difficulties: difficulties.length ? difficulties : (['normal', 'heroic', 'mythic'] as Difficulty[]),
      };
    },

    /** Best and median percent per boss and difficulty; `undefined` when WCL has no such character. */
    async characterParses(
      region: string,
      realmSlug: string,
      name: string,
      zoneId: number | null,
    ): Promise<WclParse[] | undefined> {
      const data = await query(
        CHARACTER_QUERY,
        { name, server: realmSlug, region, zoneId },
        zCharacterResponse,
      );
      const c = data.characterData.character;
      if (!c) return undefined;
      const out: WclParse[] = [];
      for (const [difficulty, rankings] of [
        ['normal', c.normal],
        ['heroic', c.heroic],
        ['mythic', c.mythic],
      ] as const) {
        const zone = rankings?.zone ?? zoneId;
        if (!rankings?.rankings || zone == null) continue;
        for (const r of rankings.rankings) {
          if (!r.totalKills) continue;
          out.push({
            zoneId: zone,
            encounterId: r.encounter.id,
            encounterName: r.encounter.name,
            difficulty,
            bestPercent: r.rankPercent ?? null,
            medianPercent: r.medianPercent ?? null,
            kills: r.totalKills,
            spec: r.spec ?? null,
          });
        }
      }
      return out;
    },
  };
}

export type WclClient = ReturnType<typeof createWclClient>;

/** Warcraft Logs' parse colours: grey, green, blue, purple, orange, pink (99), gold (100). */
export type ParseBracket = 'grey' | 'green' | 'blue' | 'purple' | 'orange' | 'pink' | 'gold';

export function parseBracket(percent: number): ParseBracket {
  const p = Math.floor(percent);
  if (p >= 100) return 'gold';
  if (p >= 99) return 'pink';
  if (p >= 95) return 'orange';
  if (p >= 75) return 'purple';
  if (p >= 50) return 'blue';
  if (p >= 25) return 'green';
  return 'grey';
}
