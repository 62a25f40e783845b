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
import { characterSlug, guildSlug, pathSegment } from './slug';

/** Blizzard's documented quota per client: 100 requests a second and 36,000 an hour. */
export const BLIZZARD_RULES: BucketRule[] = [
  { capacity: 100, perMs: 1_000 },
  { capacity: 36_000, perMs: 3_600_000 },
];

/** Playable class and race ids: the roster gives ids only. */
export const PLAYABLE_CLASSES: Record<number, string> = {
  1: 'Warrior',
  2: 'Paladin',
  3: 'Hunter',
  4: 'Rogue',
  5: 'Priest',
  6: 'Death Knight',
  7: 'Shaman',
  8: 'Mage',
  9: 'Warlock',
  10: 'Monk',
  11: 'Druid',
  12: 'Demon Hunter',
  13: 'Evoker',
};

export const PLAYABLE_RACES: Record<number, string> = {
  1: 'Human',
  2: 'Orc',
  3: 'Dwarf',
  4: 'Night Elf',
  5: 'Undead',
  6: 'Tauren',
  7: 'Gnome',
  8: 'Troll',
  9: 'Goblin',
  10: 'Blood Elf',
  11: 'Draenei',
  22: 'Worgen',
  24: 'Pandaren',
  25: 'Pandaren',
  26: 'Pandaren',
  27: 'Nightborne',
  28: 'Highmountain Tauren',
  29: 'Void Elf',
  30: 'Lightforged Draenei',
  31: 'Zandalari Troll',
  32: 'Kul Tiran',
  34: 'Dark Iron Dwarf',
  35: 'Vulpera',
  36: "Mag'har Orc",
  37: 'Mechagnome',
  52: 'Dracthyr',
  70: 'Dracthyr',
  84: 'Earthen',
  85: 'Earthen',
};

const zKeyed = z.object({ id: z.number().int(), name: z.string().nullish() });
const zRealm = z.object({ id: z.number().int().optional(), slug: z.string(), name: z.string().nullish() });

/** `GET /data/wow/guild/{realmSlug}/{nameSlug}/roster` (profile namespace). */
const zRoster = z.object({
  guild: z.object({ name: z.string(), id: z.number().int().optional(), realm: zRealm.optional() }),
  members: z.array(
    z.object({
      character: z.object({
        name: z.string(),
        id: z.number().int().optional(),
        realm: zRealm,
        level: z.number().int().nullish(),
        playable_class: zKeyed.nullish(),
        playable_race: zKeyed.nullish(),
      }),
      rank: z.number().int(),
    }),
  ),
});

/**
 * `GET /data/wow/realm/index` (dynamic namespace). Without `locale` every name is an object of
 * all twelve locales (`{en_US, es_MX, pt_BR, de_DE, en_GB, es_ES, fr_FR, it_IT, ru_RU, ko_KR,
 * zh_TW, zh_CN}`); with one it is a plain string.
 */
const zRealmIndex = z.object({
  realms: z.array(
    z.object({
      id: z.number().int(),
      slug: z.string().min(1),
      name: z.union([z.string(), z.record(z.string(), z.string().nullable())]),
    }),
  ),
});

/** `GET /profile/wow/character/{realmSlug}/{characterName}/character-media`. */
const zMedia = z.object({ assets: z.array(z.object({ key: z.string(), value: z.string() })).nullish() });

/** `GET /profile/user/wow`: the signed-in account's characters. */
const zUserProfile = z.object({
  id: z.number().int().optional(),
  wow_accounts: z
    .array(
      z.object({
        id: z.number().int().optional(),
        characters: z
          .array(
            z.object({
              name: z.string(),
              id: z.number().int().optional(),
              realm: zRealm,
              level: z.number().int().nullish(),
              playable_class: zKeyed.nullish(),
              playable_race: zKeyed.nullish(),
            }),
          )
          .nullish(),
      }),
    )
    .nullish(),
});

const zUserToken = z.object({ access_token: z.string().min(1) });
const zUserInfo = z.object({ id: z.union([z.number(), z.string()]), battletag: z.string().nullish() });

export interface BlizzardCharacter {
  name: string;
  realmSlug: string;
  realmName: string | null;
  level: number | null;
  className: string | null;
  race: string | null;
}

export interface BlizzardEndpoints {
  apiBaseUrl: string;
  oauthBaseUrl: string;
}

/**
 * Where a region's API and OAuth live: the configured templates, with China's own hosts
 * when the defaults are in use (it does not share the global ones).
 */
export function blizzardEndpoints(
  config: { BLIZZARD_API_BASE_URL: string; BLIZZARD_OAUTH_BASE_URL: string },
  region: string,
): BlizzardEndpoints {
  const defaults =
    config.BLIZZARD_API_BASE_URL === 'https://{region}.api.blizzard.com' &&
    config.BLIZZARD_OAUTH_BASE_URL === 'https://oauth.battle.net';
  if (region === 'cn' && defaults)
    return { apiBaseUrl: 'https://gateway.battlenet.com.cn', oauthBaseUrl: 'https://oauth.battlenet.com.cn' };
  return {
    apiBaseUrl: config.BLIZZARD_API_BASE_URL.replaceAll('{region}', region),
    oauthBaseUrl: config.BLIZZARD_OAUTH_BASE_URL,
  };
}

interface RawCharacter {
  name: string;
  realm: z.infer<typeof zRealm>;
  level?: number | null;
  playable_class?: z.infer<typeof zKeyed> | null;
  playable_race?: z.infer<typeof zKeyed> | null;
}

const toCharacter = (c: RawCharacter): BlizzardCharacter => ({
  name: c.name,
  realmSlug: c.realm.slug,
  realmName: c.realm.name ?? null,
  level: c.level ?? null,
  className: c.playable_class
    ? (c.playable_class.name ?? PLAYABLE_CLASSES[c.playable_class.id] ?? null)
    : null,
  race: c.playable_race ? (c.playable_race.name ?? PLAYABLE_RACES[c.playable_race.id] ?? null) : null,
});

const bucketOf = (clientId: string) => `blizzard:${clientId}`;

export function createBlizzardClient(
  deps: HttpDeps & BlizzardEndpoints & { region: string; clientId: string; clientSecret: string },
) {
  const bucket = bucketOf(deps.clientId);
  const tokens = clientCredentials(deps, {
    provider: 'blizzard',
    tokenUrl: joinUrl(deps.oauthBaseUrl, '/token').toString(),
    clientId: deps.clientId,
    clientSecret: deps.clientSecret,
    bucket,
    rules: BLIZZARD_RULES,
  });
  const http = createHttpClient(deps, {
    name: 'blizzard',
    baseUrl: deps.apiBaseUrl,
    budget: { bucket, rules: BLIZZARD_RULES },
  });
  const profileQuery = { namespace: `profile-${deps.region}`, locale: 'en_US' };
  const get = <T>(path: string, schema: z.ZodType<T>, query: Record<string, string> = profileQuery) =>
    withToken(tokens, (token) =>
      http.request({
        path,
        query,
        headers: { authorization: `Bearer ${token}` },
        schema,
      }),
    );

  return {
    /**
     * The guild's in-game roster: every member with level, class, race and rank. The realm
     * is given as its slug (resolved through the realm table).
     */
    async guildRoster(realmSlug: string, guild: string) {
      const realmPart = pathSegment(realmSlug);
      const guildPart = pathSegment(guildSlug(guild));
      if (!realmPart || !guildPart)
        throw new ProviderError('blizzard', 'bad_request', `no guild can be named ${guild}-${realmSlug}`);
      const path = `/data/wow/guild/${realmPart}/${guildPart}/roster`;
      const res = await get(path, zRoster);
      return {
        guild: res.guild.name,
        members: res.members.map((m) => ({ ...toCharacter(m.character), rank: m.rank })),
      };
    },

    /** Avatar and main render URLs; undefined when Blizzard has no such character (404). */
    async characterMedia(realmSlug: string, name: string) {
      const realmPart = pathSegment(realmSlug);
      const namePart = pathSegment(characterSlug(name));
      // No character can be called that: as for Blizzard's 404, there is no media.
      if (!realmPart || !namePart) return undefined;
      const path = `/profile/wow/character/${realmPart}/${namePart}/character-media`;
      try {
        const res = await get(path, zMedia);
        const asset = (key: string) => res.assets?.find((a) => a.key === key)?.value ?? null;
        return {
          avatarUrl: asset('avatar'),
          renderUrl: asset('main-raw') ?? asset('main') ?? asset('inset'),
        };
      } catch (err) {
        if (err instanceof ProviderError && err.kind === 'not_found') return undefined;
        throw err;
      }
    },

    /** Every realm of the region with its names in every locale (locale left out on purpose). */
    async realmIndex() {
      const res = await get('/data/wow/realm/index', zRealmIndex, { namespace: `dynamic-${deps.region}` });
      return res.realms.map((r) => {
        const all = typeof r.name === 'string' ? { en_US: r.name } : r.name;
        const names: string[] = [];
        for (const name of [all.en_US, ...Object.values(all)])
          if (name && !names.includes(name.normalize('NFC'))) names.push(name.normalize('NFC'));
        return { id: r.id, slug: r.slug, names };
      });
    },
  };
}

export type BlizzardClient = ReturnType<typeof createBlizzardClient>;

/** Calls made with a signed-in user's token (Battle.net login): no client credentials involved. */
export function createBattleNetUserClient(
  deps: HttpDeps & BlizzardEndpoints & { region: string; clientId: string },
) {
  const budget = { bucket: bucketOf(deps.clientId), rules: BLIZZARD_RULES };
  // The account lives on the OAuth host, its characters on the region's API host: one budget.
  const oauth = createHttpClient(deps, { name: 'blizzard', baseUrl: deps.oauthBaseUrl, budget });
  const api = createHttpClient(deps, { name: 'blizzard', baseUrl: deps.apiBaseUrl, budget });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  return {
    /**
     * Trades a sign-in's authorization code for the user's token at the OAuth host's `/token`
     * (client id and secret by Basic auth): through the core client, not arctic's own fetch.
     */
    async exchangeCode(code: string, clientSecret: string, redirectUri: string): Promise<string> {
      const basic = Buffer.from(`${deps.clientId}:${clientSecret}`).toString('base64');
      const res = await oauth.request({
        path: '/token',
        headers: { authorization: `Basic ${basic}` },
        form: { grant_type: 'authorization_code', code, redirect_uri: redirectUri },
        schema: zUserToken,
      });
      return res.access_token;
    },
    async userInfo(token: string) {
      const res = await oauth.request({ path: '/userinfo', headers: bearer(token), schema: zUserInfo });
      return { id: String(res.id), battletag: res.battletag ?? null };
    },
    async characters(token: string): Promise<BlizzardCharacter[]> {
      const res = await api.request({
        path: '/profile/user/wow',
        query: { namespace: `profile-${deps.region}`, locale: 'en_US' },
        headers: bearer(token),
        schema: zUserProfile,
      });
      return (res.wow_accounts ?? []).flatMap((a) => (a.characters ?? []).map(toCharacter));
    },
  };
}
