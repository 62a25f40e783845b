import crypto from 'node:crypto';
import { FakeServer, json, type SeenRequest } from './server';

/**
 * Blizzard's Battle.net OAuth (`/authorize`, `/token` for client credentials and
 * authorization codes, `/userinfo`) and the WoW profile API (guild roster, character media,
 * `/profile/user/wow`) and the realm index (`/data/wow/realm/index`, dynamic namespace: every
 * locale's name when no `locale` is asked, one string otherwise) on one local server,
 * answering the documented shapes with `_links`,
 * `key.href` references and ids, and Blizzard's error bodies (`{code, type, detail}`).
 */

export interface FakeMember {
  name: string;
  realmSlug: string;
  level: number;
  classId: number;
  raceId: number;
  rank: number;
}

export interface FakeAccount {
  id: number;
  battletag: string;
  characters: {
    name: string;
    realmSlug: string;
    realmName: string;
    level: number;
    classId: number;
    className: string;
  }[];
}

const href = (base: string, path: string, namespace: string) => ({
  href: `${base}${path}?namespace=${namespace}`,
});

/** The twelve locales Blizzard answers names in when a request names no locale. */
export const BLIZZARD_LOCALES = [
  'en_US',
  'es_MX',
  'pt_BR',
  'de_DE',
  'en_GB',
  'es_ES',
  'fr_FR',
  'it_IT',
  'ru_RU',
  'ko_KR',
  'zh_TW',
  'zh_CN',
] as const;

export interface FakeRealm {
  id: number;
  slug: string;
  /** Names by locale; locales left out answer the `en_US` name, as Blizzard does for most realms. */
  names: Partial<Record<(typeof BLIZZARD_LOCALES)[number], string>> & { en_US: string };
}

export const blizzardError = (code: number, detail: string) =>
  json({ code, type: `BLZWEBAPI0000${code}`, detail }, code);

export class FakeBlizzard extends FakeServer {
  /** `realmSlug|guildSlug` → guild. */
  readonly guilds = new Map<string, { name: string; id: number; members: FakeMember[] }>();
  /** `realmSlug|name` (lower case) → media assets. */
  readonly media = new Map<string, { avatar: string; mainRaw: string }>();
  /** Authorization codes handed out by `/authorize`, to the account they sign in. */
  readonly codes = new Map<string, FakeAccount>();
  readonly userTokens = new Map<string, FakeAccount>();
  readonly appTokens = new Set<string>();
  appTokensIssued = 0;
  /** The account the next `/authorize` signs in. */
  signingIn: FakeAccount | undefined;
  /** Region → its realm index. */
  readonly realms = new Map<string, FakeRealm[]>();

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
  ) {
    super((req) => this.route(req));
  }

  private route(req: SeenRequest) {
    const base = this.url;
    if (req.path === '/authorize') return this.authorize(req);
    if (req.path === '/token') return this.token(req);
    if (req.path === '/userinfo') {
      const account = this.userTokens.get(req.headers.authorization?.replace(/^Bearer /, '') ?? '');
      if (!account) return json({ error: 'invalid_token', error_description: 'Invalid access token' }, 401);
      return json({ sub: String(account.id), id: account.id, battletag: account.battletag });
    }
    if (req.path === '/profile/user/wow') {
      const account = this.userTokens.get(req.headers.authorization?.replace(/^Bearer /, '') ?? '');
      if (!account) return blizzardError(401, 'Unauthorized');
      const ns = req.query.get('namespace') ?? 'profile-eu';
      return json({
        _links: { self: href(base, '/profile/user/wow', ns), user: href(base, '/profile/user', ns) },
        id: account.id,
        wow_accounts: [
          {
            id: account.id * 10,
            characters: account.characters.map((c, i) => ({
              character: href(base, `/profile/wow/character/${c.realmSlug}/${c.name.toLowerCase()}`, ns),
              protected_character: href(base, `/profile/user/wow/protected-character/1-${i}`, ns),
              name: c.name,
              id: 200_000 + i,
              realm: {
                key: href(base, '/data/wow/realm/1', 'dynamic-eu'),
                name: c.realmName,
                id: 1,
                slug: c.realmSlug,
              },
              playable_class: {
                key: href(base, `/data/wow/playable-class/${c.classId}`, 'static-eu'),
                name: c.className,
                id: c.classId,
              },
              playable_race: {
                key: href(base, '/data/wow/playable-race/4', 'static-eu'),
                name: 'Night Elf',
                id: 4,
              },
              gender: { type: 'FEMALE', name: 'Female' },
              faction: { type: 'ALLIANCE', name: 'Alliance' },
              level: c.level,
            })),
          },
        ],
        collections: { href: `${base}/profile/user/wow/collections?namespace=${ns}` },
      });
    }
    // The profile API needs an application token.
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (!this.appTokens.has(token)) return blizzardError(401, 'Unauthorized');
    const ns = req.query.get('namespace') ?? '';
    if (req.path === '/data/wow/realm/index') {
      const region = /^dynamic-(us|eu|kr|tw)$/.exec(ns)?.[1];
      if (!region) return blizzardError(404, 'Not Found');
      const locale = req.query.get('locale');
      return json({
        _links: { self: href(base, '/data/wow/realm/', ns) },
        realms: (this.realms.get(region) ?? []).map((r) => {
          const all = Object.fromEntries(BLIZZARD_LOCALES.map((l) => [l, r.names[l] ?? r.names.en_US]));
          return {
            key: href(base, `/data/wow/realm/${r.id}`, ns),
            name: locale ? (all[locale] ?? r.names.en_US) : all,
            id: r.id,
            slug: r.slug,
          };
        }),
      });
    }
    if (!/^profile-(us|eu|kr|tw)$/.test(ns)) return blizzardError(404, 'Not Found');
    const roster = /^\/data\/wow\/guild\/([^/]+)\/([^/]+)\/roster$/.exec(req.path);
    if (roster) {
      const g = this.guilds.get(`${roster[1]}|${roster[2]}`);
      if (!g) return blizzardError(404, 'Not Found');
      return json({
        _links: { self: href(base, req.rawPath, ns) },
        guild: {
          key: href(base, `/data/wow/guild/${roster[1]}/${roster[2]}`, ns),
          name: g.name,
          id: g.id,
          realm: {
            key: href(base, '/data/wow/realm/1', 'dynamic-eu'),
            name: 'Stormvale',
            id: 1,
            slug: roster[1],
          },
          faction: { type: 'ALLIANCE', name: 'Alliance' },
        },
        members: g.members.map((m, i) => ({
          character: {
            key: href(base, `/profile/wow/character/${m.realmSlug}/${m.name.toLowerCase()}`, ns),
            name: m.name,
            id: 100_000 + i,
            realm: { key: href(base, '/data/wow/realm/1', 'dynamic-eu'), id: 1, slug: m.realmSlug },
            level: m.level,
            playable_class: {
              key: href(base, `/data/wow/playable-class/${m.classId}`, 'static-eu'),
              id: m.classId,
            },
            playable_race: {
              key: href(base, `/data/wow/playable-race/${m.raceId}`, 'static-eu'),
              id: m.raceId,
            },
            faction: { type: 'ALLIANCE' },
          },
          rank: m.rank,
        })),
      });
    }
    const media = /^\/profile\/wow\/character\/([^/]+)\/([^/]+)\/character-media$/.exec(req.path);
    if (media) {
      const m = this.media.get(`${media[1]}|${media[2]}`);
      if (!m) return blizzardError(404, 'Not Found');
      return json({
        _links: { self: href(base, req.rawPath, ns) },
        character: {
          key: href(base, `/profile/wow/character/${media[1]}/${media[2]}`, ns),
          name: media[2],
          id: 1,
          realm: {
            key: href(base, '/data/wow/realm/1', 'dynamic-eu'),
            name: 'Stormvale',
            id: 1,
            slug: media[1],
          },
        },
        assets: [
          { key: 'avatar', value: m.avatar },
          { key: 'inset', value: m.avatar.replace('avatar', 'inset') },
          { key: 'main-raw', value: m.mainRaw },
        ],
      });
    }
    return blizzardError(404, 'Not Found');
  }

  /** The browser's stop at Battle.net: signs `signingIn` in and redirects back with a code. */
  private authorize(req: SeenRequest) {
    if (req.query.get('client_id') !== this.clientId || !this.signingIn)
      return json({ error: 'invalid_request' }, 400);
    const code = crypto.randomBytes(12).toString('hex');
    this.codes.set(code, this.signingIn);
    const back = new URL(req.query.get('redirect_uri') ?? '');
    back.searchParams.set('code', code);
    back.searchParams.set('state', req.query.get('state') ?? '');
    return { status: 302, headers: { location: back.toString() } };
  }

  private token(req: SeenRequest) {
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    if (req.headers.authorization !== expected)
      return json({ error: 'invalid_client', error_description: 'Bad client credentials' }, 401);
    const form = new URLSearchParams(req.body);
    const token = crypto.randomBytes(16).toString('hex');
    if (form.get('grant_type') === 'client_credentials') {
      this.appTokens.add(token);
      this.appTokensIssued += 1;
      return json({ access_token: token, token_type: 'bearer', expires_in: 86_399, sub: this.clientId });
    }
    if (form.get('grant_type') === 'authorization_code') {
      const account = this.codes.get(form.get('code') ?? '');
      if (!account)
        return json({ error: 'invalid_grant', error_description: 'Invalid authorization code' }, 400);
      this.codes.delete(form.get('code') ?? '');
      this.userTokens.set(token, account);
      return json({
        access_token: token,
        token_type: 'bearer',
        expires_in: 86_399,
        scope: 'openid wow.profile',
        sub: String(account.id),
        id_token: 'eyJhbGciOiJSUzI1NiJ9.e30.sig',
      });
    }
    return json({ error: 'unsupported_grant_type' }, 400);
  }

  revokeAppTokens(): void {
    this.appTokens.clear();
  }
}
