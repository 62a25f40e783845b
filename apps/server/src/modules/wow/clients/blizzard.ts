import { z } from 'zod';
import type { BucketRule } from '../../../core/rate-limiter';
import { clientCredentials, type HttpDeps, ProviderError, requestJson, withToken } from './http';
import { characterSlug, guildSlug } from './slug';

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
    tokenUrl: new URL('/token', deps.oauthBaseUrl).toString(),
    clientId: deps.clientId,
    clientSecret: deps.clientSecret,
    bucket,
    rules: BLIZZARD_RULES,
  });
  const profileUrl = (path: string) => {
    const url = new URL(path, deps.apiBaseUrl);
    url.searchParams.set('namespace', `profile-${deps.region}`);
    url.searchParams.set('locale', 'en_US');
    return url.toString();
  };
  const get = <T>(path: string, schema: z.ZodType<T>, url = profileUrl(path)) =>
    withToken(tokens, (token) =>
      requestJson(deps, {
        provider: 'blizzard',
        url,
        headers: { authorization: `Bearer ${token}` },
        bucket,
        rules: BLIZZARD_RULES,
        schema,
      }),
    );

  return {
    /**
     * The guild's in-game roster: every member with level, class, race and rank. The realm
     * is given as its slug (resolved through the realm table).
     */
    async guildRoster(realmSlug: string, guild: string) {
      const path = `/data/wow/guild/${encodeURIComponent(realmSlug)}/${encodeURIComponent(guildSlug(guild))}/roster`;
      const res = await get(path, zRoster);
      return {
        guild: res.guild.name,
        members: res.members.map((m) => ({ ...toCharacter(m.character), rank: m.rank })),
      };
    },

    /** Avatar and main render URLs; undefined when Blizzard has no such character (404). */
    async characterMedia(realmSlug: string, name: string) {
      const path = `/profile/wow/character/${encodeURIComponent(realmSlug)}/${encodeURIComponent(characterSlug(name))}/character-media`;
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
      const url = new URL('/data/wow/realm/index', deps.apiBaseUrl);
      url.searchParams.set('namespace', `dynamic-${deps.region}`);
      const res = await get(url.pathname, zRealmIndex, url.toString());
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
  const bucket = bucketOf(deps.clientId);
  const call = <T>(url: string, token: string, schema: z.ZodType<T>) =>
    requestJson(deps, {
      provider: 'blizzard',
      url,
      headers: { authorization: `Bearer ${token}` },
      bucket,
      rules: BLIZZARD_RULES,
      schema,
    });
  return {
    async userInfo(token: string) {
      const res = await call(new URL('/userinfo', deps.oauthBaseUrl).toString(), token, zUserInfo);
      return { id: String(res.id), battletag: res.battletag ?? null };
    },
    async characters(token: string): Promise<BlizzardCharacter[]> {
      const url = new URL('/profile/user/wow', deps.apiBaseUrl);
      url.searchParams.set('namespace', `profile-${deps.region}`);
      url.searchParams.set('locale', 'en_US');
      const res = await call(url.toString(), token, zUserProfile);
      return (res.wow_accounts ?? []).flatMap((a) => (a.characters ?? []).map(toCharacter));
    },
  };
}
