import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import {
  checkSteamAssertion,
  nonceTime,
  OPENID_NS,
  parseKeyValues,
  readSteamCallback,
  STEAM_SIGNED,
} from './steam-openid';

const ENDPOINT = 'https://steamcommunity.com/openid/login';
const RETURN_TO = 'https://guild.example/auth/steam/callback?state=abcdefghijklmnopqrstuvwxyz';
const NOW = new Date('2026-12-01T22:00:00Z');
const ID = 'https://steamcommunity.com/openid/id/76561197960287930';

const good = (o: Record<string, string> = {}): Record<string, string> => ({
  ns: OPENID_NS,
  mode: 'id_res',
  op_endpoint: ENDPOINT,
  claimed_id: ID,
  identity: ID,
  return_to: RETURN_TO,
  response_nonce: '2026-12-01T21:59:30ZkJ8v1P3Zr0n9Q2m7Wc5xYtA4bLs=',
  assoc_handle: '1234567890',
  signed: STEAM_SIGNED,
  sig: 'W0bWvH7f1y7cG2m9XhE3Kp4cA1S8rZr0yq5QYf2m1dE=',
  ...o,
});

const check = (fields: Record<string, string>, now = NOW) =>
  checkSteamAssertion(fields, { endpoint: ENDPOINT, returnTo: RETURN_TO }, now);

const refused = (fields: Record<string, string>, now = NOW) => {
  try {
    check(fields, now);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('OAUTH_FAILED');
    return (err as AppError).message;
  }
  throw new Error('accepted');
};

describe("Steam's OpenID answer, checked before anyone is asked", () => {
  it('accepts a well-formed answer and reads the SteamID from it', () => {
    expect(check(good())).toEqual({
      kind: 'id_res',
      steamId64: '76561197960287930',
      nonce: good().response_nonce,
      nonceAt: new Date('2026-12-01T21:59:30Z'),
    });
    // A trailing slash is Steam's form too.
    expect(check(good({ claimed_id: `${ID}/`, identity: `${ID}/` }))).toMatchObject({ kind: 'id_res' });
  });

  it('reads a cancel as a cancel, and refuses every other mode', () => {
    expect(check({ ns: OPENID_NS, mode: 'cancel' })).toEqual({ kind: 'cancel' });
    for (const mode of ['setup_needed', 'error', 'check_authentication', 'ID_RES'])
      expect(refused(good({ mode }))).toContain('mode');
    expect(refused(good({ ns: 'http://openid.net/signon/1.1' }))).toContain('OpenID 2.0');
  });

  it('refuses an endpoint other than the configured one, however close', () => {
    for (const op_endpoint of [
      'https://attacker.example/openid/login',
      'https://steamcommunity.com/openid/login/',
      'http://steamcommunity.com/openid/login',
      'https://steamcommunity.com.evil.example/openid/login',
    ])
      expect(refused(good({ op_endpoint }))).toContain('another OpenID endpoint');
  });

  it('refuses a signed list other than exactly Steam’s', () => {
    for (const signed of [
      'signed,op_endpoint,claimed_id,identity,return_to,response_nonce',
      `${STEAM_SIGNED},ns`,
      'op_endpoint,signed,claimed_id,identity,return_to,response_nonce,assoc_handle',
    ])
      expect(refused(good({ signed }))).toContain('signs other fields');
  });

  it('refuses a return_to that is not exactly the one issued', () => {
    for (const return_to of [
      `${RETURN_TO}&x=1`,
      `${RETURN_TO}x`,
      RETURN_TO.replace('state=abc', 'state=xyz'),
      RETURN_TO.replace('guild.example', 'guild.example.evil.example'),
      RETURN_TO.replace('https:', 'http:'),
      RETURN_TO.split('?')[0]!,
    ])
      expect(refused(good({ return_to }))).toContain('another return address');
  });

  it('refuses a claimed_id other than the identity, or of another host or form', () => {
    expect(refused(good({ claimed_id: 'https://steamcommunity.com/openid/id/76561197960265729' }))).toContain(
      'differ',
    );
    for (const id of [
      'https://steamcommunity.com.evil.example/openid/id/76561197960287930',
      'https://evil.example/?https://steamcommunity.com/openid/id/76561197960287930',
      'http://steamcommunity.com/openid/id/76561197960287930',
      'https://steamcommunity.com/openid/id/76561197960287930/extra',
      'https://steamcommunity.com/openid/id/76561197960287930?x',
      'https://steamcommunityXcom/openid/id/76561197960287930',
      'https://steamcommunity.com/openid/id/76561197960265728', // account 0
      'https://steamcommunity.com/openid/id/76561202255233024', // past 2^32 − 1
      'https://steamcommunity.com/openid/id/7656119796028793', // old pattern, a digit short
      'https://steamcommunity.com/openid/id/765611979602879301',
      ' https://steamcommunity.com/openid/id/76561197960287930',
    ])
      expect(refused(good({ claimed_id: id, identity: id })), id).toContain('not a Steam account');
    // Past account 2,039,734,271: the widened pattern accepts it.
    const high = 'https://steamcommunity.com/openid/id/76561200000000000';
    expect(check(good({ claimed_id: high, identity: high }))).toMatchObject({
      steamId64: '76561200000000000',
    });
  });

  it('accepts a nonce within five minutes either way and refuses one outside', () => {
    const at = (iso: string) => good({ response_nonce: `${iso}Zabc` });
    expect(check(at('2026-12-01T21:55:00'))).toMatchObject({ kind: 'id_res' });
    expect(check(at('2026-12-01T22:05:00'))).toMatchObject({ kind: 'id_res' });
    expect(refused(at('2026-12-01T21:54:59'))).toContain('too old');
    expect(refused(at('2026-12-01T22:05:01'))).toContain('too old');
    for (const response_nonce of [
      '2026-12-01 21:59:30Zabc',
      '2026-12-01T21:59:30+00:00abc',
      '2026-02-30T21:59:30Zabc',
      'abc',
      `2026-12-01T21:59:30Z${'a'.repeat(300)}`,
    ])
      expect(refused(good({ response_nonce })), response_nonce).toContain('nonce');
  });

  it('refuses an answer missing any field', () => {
    for (const name of Object.keys(good())) {
      if (name === 'ns' || name === 'mode') continue;
      const fields = good();
      delete fields[name];
      expect(refused(fields), name).toContain(`openid.${name} is missing`);
    }
  });

  it('reads the nonce time as UTC', () => {
    expect(nonceTime('2026-12-01T21:59:30Zxyz')).toEqual(new Date('2026-12-01T21:59:30Z'));
    expect(nonceTime('2026-12-01T24:00:00Zxyz')).toBeNull();
  });
});

describe('the callback URL', () => {
  it('takes each parameter once and only state and Steam’s fields', () => {
    expect(readSteamCallback('/auth/steam/callback?state=s1&openid.mode=cancel&openid.ns=x')).toEqual({
      state: 's1',
      fields: { mode: 'cancel', ns: 'x' },
    });
    const twice = () => readSteamCallback('/cb?state=s&openid.identity=a&openid.identity=b');
    expect(twice).toThrow(/more than once/);
    expect(() => readSteamCallback('/cb?state=a&state=b')).toThrow(/more than once/);
    expect(() => readSteamCallback('/cb?state=a&openid.extra=1')).toThrow(/unexpected parameter/);
    expect(() => readSteamCallback('/cb?state=a&code=1')).toThrow(/unexpected parameter/);
    expect(() => readSteamCallback(`/cb?state=a&openid.sig=${'x'.repeat(2000)}`)).toThrow(/too long/);
    expect(readSteamCallback('/cb')).toEqual({ state: null, fields: {} });
  });
});

describe("check_authentication's answer", () => {
  it('reads key:value lines and refuses repeated keys', () => {
    expect(parseKeyValues('ns:http://specs.openid.net/auth/2.0\nis_valid:true\n')).toEqual(
      new Map([
        ['ns', OPENID_NS],
        ['is_valid', 'true'],
      ]),
    );
    expect(parseKeyValues('is_valid:false\nis_valid:true\n')).toBeNull();
    expect(parseKeyValues('<html>is_valid:true</html>')).toBeNull();
  });
});
