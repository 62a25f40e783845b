import type { Config } from '../../config';
import { AppError } from '../../core/errors';
import { isSteamId64 } from './steam-id';

/**
 * Steam's OpenID 2.0 sign-in, checked the way `/work/shared/formats` lists it: Steam answers
 * in the browser's URL, so nothing in the answer is trusted until every field has the one
 * value it may have and Steam itself (the configured endpoint, never one the answer names)
 * confirmed the signature with `check_authentication`.
 */

export const OPENID_NS = 'http://specs.openid.net/auth/2.0';
const IDENTIFIER_SELECT = 'http://specs.openid.net/auth/2.0/identifier_select';
/** What Steam signs, in its order; any other list is refused. */
export const STEAM_SIGNED = 'signed,op_endpoint,claimed_id,identity,return_to,response_nonce,assoc_handle';
/** How far a response nonce's time may be from ours, either way; nonces are remembered as long. */
export const NONCE_WINDOW_MS = 5 * 60_000;
/** Anchored and escaped: `steamcommunity.com.evil.example/…` and `…/id/x/../` do not match. */
const IDENTITY = /^https:\/\/steamcommunity\.com\/openid\/id\/(76561\d{12})\/?$/;
/** Every field Steam's positive answer carries; no other `openid.*` field is accepted. */
const FIELDS = [
  'ns',
  'mode',
  'op_endpoint',
  'claimed_id',
  'identity',
  'return_to',
  'response_nonce',
  'assoc_handle',
  'signed',
  'sig',
] as const;
const MAX_FIELD_LENGTH = 1024;

export const steamSignInEnabled = (config: Config) => config.STEAM_SIGN_IN;

const publicBase = (config: Config) =>
  (config.PUBLIC_URL ?? `http://localhost:${config.PORT}`).replace(/\/+$/, '');

/** Where Steam sends the browser back: the callback carrying this sign-in's state. */
export const steamReturnTo = (config: Config, state: string) =>
  `${publicBase(config)}/auth/steam/callback?state=${encodeURIComponent(state)}`;

/** Steam's sign-in page (checkid_setup), asking it to pick the account (identifier_select). */
export function steamLoginUrl(config: Config, state: string): string {
  const url = new URL(config.STEAM_OPENID_URL);
  url.searchParams.set('openid.ns', OPENID_NS);
  url.searchParams.set('openid.mode', 'checkid_setup');
  url.searchParams.set('openid.return_to', steamReturnTo(config, state));
  url.searchParams.set('openid.realm', new URL(publicBase(config)).origin);
  url.searchParams.set('openid.identity', IDENTIFIER_SELECT);
  url.searchParams.set('openid.claimed_id', IDENTIFIER_SELECT);
  return url.toString();
}

const refuse = (why: string) => new AppError('OAUTH_FAILED', `Steam sign-in refused: ${why}`);

export interface SteamCallback {
  /** The state our return_to carried (null when the URL has none). */
  state: string | null;
  /** The `openid.*` fields, keyed without the prefix. */
  fields: Record<string, string>;
}

/**
 * The callback's query, read from the raw URL: each parameter at most once (a repeated one
 * could be read differently by us and by Steam's check), only `state` and Steam's own
 * `openid.*` fields, each bounded.
 */
export function readSteamCallback(rawUrl: string): SteamCallback {
  const query = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '';
  const params = new URLSearchParams(query);
  const seen = new Set<string>();
  const fields: Record<string, string> = {};
  let state: string | null = null;
  for (const [key, value] of params) {
    if (seen.has(key)) throw refuse(`the parameter ${key.slice(0, 40)} appears more than once`);
    seen.add(key);
    if (value.length > MAX_FIELD_LENGTH) throw refuse(`the parameter ${key.slice(0, 40)} is too long`);
    if (key === 'state') {
      state = value;
      continue;
    }
    const name = key.startsWith('openid.') ? key.slice('openid.'.length) : '';
    if (!(FIELDS as readonly string[]).includes(name))
      throw refuse(`unexpected parameter ${key.slice(0, 40)}`);
    fields[name] = value;
  }
  return { state, fields };
}

export type SteamAssertion =
  | { kind: 'cancel' }
  | { kind: 'id_res'; steamId64: string; nonce: string; nonceAt: Date };

/** The time a response nonce starts with (RFC 3339, UTC, whole seconds), or null. */
export function nonceTime(nonce: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z/.exec(nonce);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // A date that does not exist (February 30th, hour 24) does not survive the round trip.
  return at.toISOString().slice(0, 19) === m[0].slice(0, 19) ? at : null;
}

/**
 * Every check of Steam's answer that needs no network: mode, namespace, endpoint, the signed
 * list, return_to exactly as issued, claimed_id equal to identity and of Steam's form with an
 * id in the individual-account range, and a nonce from the last (or next) five minutes.
 */
export function checkSteamAssertion(
  fields: Record<string, string>,
  expected: { endpoint: string; returnTo: string },
  now: Date,
): SteamAssertion {
  if (fields.ns !== OPENID_NS) throw refuse('not an OpenID 2.0 answer');
  if (fields.mode === 'cancel') return { kind: 'cancel' };
  if (fields.mode !== 'id_res') throw refuse(`unexpected mode ${String(fields.mode).slice(0, 40)}`);
  for (const name of FIELDS)
    if (fields[name] === undefined || fields[name] === '') throw refuse(`openid.${name} is missing`);
  if (fields.op_endpoint !== expected.endpoint) throw refuse('the answer names another OpenID endpoint');
  if (fields.signed !== STEAM_SIGNED) throw refuse('the answer signs other fields than Steam does');
  if (fields.return_to !== expected.returnTo) throw refuse('the answer was meant for another return address');
  if (fields.claimed_id !== fields.identity) throw refuse('claimed_id and identity differ');
  const id = IDENTITY.exec(fields.identity!)?.[1];
  if (!id || !isSteamId64(id)) throw refuse('the identity is not a Steam account');
  const nonce = fields.response_nonce!;
  const at = nonceTime(nonce);
  if (!at || nonce.length > 255) throw refuse('the response nonce is malformed');
  if (Math.abs(at.getTime() - now.getTime()) > NONCE_WINDOW_MS) throw refuse('the answer is too old');
  return { kind: 'id_res', steamId64: id, nonce, nonceAt: at };
}

/** Steam answered 403 or 429: it is throttling sign-ins; the person may start again later. */
export class SteamBusyError extends AppError {
  constructor(readonly retryAfterS: number) {
    super('UNAVAILABLE', 'Steam is busy; try signing in again in a moment');
  }
}

/** The key:value lines of a direct answer; null when a line is not one or a key repeats. */
export function parseKeyValues(text: string): Map<string, string> | null {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const key = line.slice(0, colon);
    if (!/^[\w.]+$/.test(key) || out.has(key)) return null;
    out.set(key, line.slice(colon + 1));
  }
  return out;
}

const MAX_ANSWER_BYTES = 4096;

/** The answer's first `limit` bytes as text; the rest is never read into memory. */
async function readBounded(res: Response, limit: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < limit) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/**
 * Asks the configured endpoint (never the one the answer names) whether Steam signed this
 * answer. Sent once, never retried: an OpenID provider verifies an answer only once.
 */
export async function verifyWithSteam(
  config: Config,
  fields: Record<string, string>,
  fetchImpl: typeof fetch = fetch,
): Promise<void> {
  const form = new URLSearchParams();
  for (const name of FIELDS) form.set(`openid.${name}`, fields[name] ?? '');
  form.set('openid.mode', 'check_authentication');
  let res: Response;
  let text: string;
  try {
    res = await fetchImpl(config.STEAM_OPENID_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'Guildhall' },
      body: form.toString(),
      redirect: 'error',
      signal: AbortSignal.timeout(config.OUTBOUND_TIMEOUT_MS),
    });
    text = await readBounded(res, MAX_ANSWER_BYTES);
  } catch {
    throw new AppError('PROVIDER_UNAVAILABLE', 'Steam could not be reached; try signing in again');
  }
  if (res.status === 403 || res.status === 429) {
    const retry = Number(res.headers.get('retry-after'));
    throw new SteamBusyError(Number.isInteger(retry) && retry > 0 && retry <= 3600 ? retry : 30);
  }
  if (res.status !== 200)
    throw new AppError(
      'PROVIDER_UNAVAILABLE',
      `Steam answered ${res.status} to the sign-in check; try again`,
    );
  const answer = parseKeyValues(text);
  if (!answer || answer.get('ns') !== OPENID_NS || answer.get('is_valid') !== 'true')
    throw refuse('Steam did not confirm the answer');
}
