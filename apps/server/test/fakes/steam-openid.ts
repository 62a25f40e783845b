import crypto from 'node:crypto';
import { type FakeResponse, FakeServer, json, type SeenRequest } from './server';

/**
 * Steam's OpenID 2.0 provider as a local server, answering the way steamcommunity.com does
 * (stateless mode, `/work/shared/formats/opendota-and-steam.md`):
 *
 * - `GET /openid/login?openid.mode=checkid_setup…` is the browser at Steam's sign-in page: the
 *   fake "approves" as `user` (or backs out when `cancel` is set) and sends the browser to the
 *   return_to with a signed `id_res` answer;
 * - `POST /openid/login` with `openid.mode=check_authentication` answers `is_valid:true` for an
 *   answer it signed (HMAC over the signed fields with its own secret), once per answer, and
 *   `is_valid:false` for anything else;
 * - `GET /ISteamUser/GetPlayerSummaries/v2/` answers persona names from `personas` (Steam's
 *   Web API, on the same fake for convenience);
 * - `throttle(status, times)` makes the next checks answer 403 or 429 as Steam does when it
 *   limits sign-ins.
 *
 * Identities are Steam's own form, `https://steamcommunity.com/openid/id/<SteamID64>`.
 */

export const OPENID_NS = 'http://specs.openid.net/auth/2.0';
export const STEAM_SIGNED = 'signed,op_endpoint,claimed_id,identity,return_to,response_nonce,assoc_handle';
/** Steam's stateless mode uses one constant handle. */
export const ASSOC_HANDLE = '1234567890';
export const identityUrl = (steamId64: string) => `https://steamcommunity.com/openid/id/${steamId64}`;

/** The key-value form (`key:value\n`) OpenID signs and answers direct requests in. */
const keyValueForm = (pairs: [string, string][]) => pairs.map(([k, v]) => `${k}:${v}\n`).join('');

export interface AssertionOverrides {
  steamId64?: string;
  claimedId?: string;
  identity?: string;
  opEndpoint?: string;
  returnTo?: string;
  nonce?: string;
  signed?: string;
  mode?: string;
  ns?: string;
}

export class FakeSteamOpenId extends FakeServer {
  /** Who "signs in" at the fake's login page. */
  user = '76561197960287930';
  /** The person backs out at Steam's page (`openid.mode=cancel`). */
  cancel = false;
  /** The fake's clock for response nonces (a test moves it to make stale answers). */
  now: () => Date = () => new Date();
  /** When set, the next answers reuse this nonce (as a replay from a log would). */
  fixedNonce: string | undefined;
  /** Persona names for GetPlayerSummaries, and the key it requires. */
  personas = new Map<string, string>();
  webApiKey = 'steam-web-api-key-0123456789ABCDEF';
  private readonly secret = crypto.randomBytes(32);
  private readonly verified = new Set<string>();

  constructor() {
    super((req) => this.route(req));
  }

  get endpoint(): string {
    return `${this.url}/openid/login`;
  }

  /** The next `times` check_authentication requests answer `status` (403 or 429), as a throttling Steam does. */
  throttle(status: 403 | 429, times = 1): void {
    this.inject(
      (r) => r.method === 'POST' && r.path === '/openid/login',
      {
        status,
        raw: status === 429 ? 'Too Many Requests' : 'Access Denied',
        headers: { 'retry-after': '20' },
      },
      times,
    );
  }

  /** The check_authentication requests the fake received. */
  checks(): SeenRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/openid/login');
  }

  private nonce(): string {
    if (this.fixedNonce) return this.fixedNonce;
    return `${this.now().toISOString().slice(0, 19)}Z${crypto.randomBytes(20).toString('base64')}`;
  }

  private sign(fields: Record<string, string>, signedList: string): string {
    const pairs = signedList.split(',').map((k): [string, string] => [k, fields[`openid.${k}`] ?? '']);
    return crypto.createHmac('sha256', this.secret).update(keyValueForm(pairs)).digest('base64');
  }

  /** A signed positive answer for `returnTo`, as Steam appends it to the return URL; overrides make forgeries. */
  assertion(returnTo: string, o: AssertionOverrides = {}): Record<string, string> {
    const id = identityUrl(o.steamId64 ?? this.user);
    const fields: Record<string, string> = {
      'openid.ns': o.ns ?? OPENID_NS,
      'openid.mode': o.mode ?? 'id_res',
      'openid.op_endpoint': o.opEndpoint ?? this.endpoint,
      'openid.claimed_id': o.claimedId ?? id,
      'openid.identity': o.identity ?? id,
      'openid.return_to': o.returnTo ?? returnTo,
      'openid.response_nonce': o.nonce ?? this.nonce(),
      'openid.assoc_handle': ASSOC_HANDLE,
      'openid.signed': o.signed ?? STEAM_SIGNED,
    };
    fields['openid.sig'] = this.sign(fields, fields['openid.signed']!);
    return fields;
  }

  /** The URL the browser is sent back to with `fields` appended, as Steam builds it. */
  static callbackUrl(returnTo: string, fields: Record<string, string>): URL {
    const back = new URL(returnTo);
    for (const [k, v] of Object.entries(fields)) back.searchParams.append(k, v);
    return back;
  }

  private route(req: SeenRequest): FakeResponse {
    if (req.path === '/openid/login' && req.method === 'GET') return this.login(req);
    if (req.path === '/openid/login' && req.method === 'POST')
      return this.check(new URLSearchParams(req.body));
    if (req.path === '/ISteamUser/GetPlayerSummaries/v2/' && req.method === 'GET') return this.summaries(req);
    return { status: 404, raw: 'Not Found' };
  }

  private login(req: SeenRequest): FakeResponse {
    const q = req.query;
    const returnTo = q.get('openid.return_to');
    if (q.get('openid.mode') !== 'checkid_setup' || q.get('openid.ns') !== OPENID_NS || !returnTo)
      return { status: 400, raw: 'Invalid OpenID request' };
    const fields = this.cancel
      ? { 'openid.ns': OPENID_NS, 'openid.mode': 'cancel' }
      : this.assertion(returnTo);
    return { status: 302, headers: { location: FakeSteamOpenId.callbackUrl(returnTo, fields).toString() } };
  }

  /** check_authentication: valid once for an answer this fake signed with its own endpoint. */
  private check(form: URLSearchParams): FakeResponse {
    const answer = (valid: boolean): FakeResponse => ({
      status: 200,
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      raw: keyValueForm([
        ['ns', OPENID_NS],
        ['is_valid', valid ? 'true' : 'false'],
      ]),
    });
    if (form.get('openid.mode') !== 'check_authentication') return { status: 400, raw: 'Invalid mode' };
    const fields = Object.fromEntries(form);
    const signedList = fields['openid.signed'] ?? '';
    const sig = fields['openid.sig'] ?? '';
    const expected = this.sign(fields, signedList);
    const ok =
      signedList === STEAM_SIGNED &&
      fields['openid.op_endpoint'] === this.endpoint &&
      fields['openid.assoc_handle'] === ASSOC_HANDLE &&
      sig.length === expected.length &&
      crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(expected)) &&
      !this.verified.has(sig);
    if (ok) this.verified.add(sig);
    return answer(ok);
  }

  private summaries(req: SeenRequest): FakeResponse {
    if (req.query.get('key') !== this.webApiKey)
      return {
        status: 403,
        raw: '<html><head><title>Forbidden</title></head><body><h1>Forbidden</h1></body></html>',
      };
    const ids = (req.query.get('steamids') ?? '').split(',').filter((s) => s !== '');
    const players = ids.flatMap((id) => {
      const name = this.personas.get(id);
      return name === undefined
        ? []
        : [
            {
              steamid: id,
              communityvisibilitystate: 3,
              profilestate: 1,
              personaname: name,
              profileurl: `https://steamcommunity.com/profiles/${id}/`,
              avatar: 'https://avatars.steamstatic.com/fef49e7fa7e1997310d705b2a6158ff8dc1cdfeb.jpg',
              avatarmedium:
                'https://avatars.steamstatic.com/fef49e7fa7e1997310d705b2a6158ff8dc1cdfeb_medium.jpg',
              avatarfull: 'https://avatars.steamstatic.com/fef49e7fa7e1997310d705b2a6158ff8dc1cdfeb_full.jpg',
              avatarhash: 'fef49e7fa7e1997310d705b2a6158ff8dc1cdfeb',
              personastate: 0,
            },
          ];
    });
    return json({ response: { players } });
  }
}
