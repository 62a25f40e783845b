import { describe, expect, it } from 'vitest';
import {
  accountIdToSteamId64,
  isSteamId64,
  MAX_ACCOUNT_ID,
  MAX_STEAM_ID64,
  MIN_STEAM_ID64,
  STEAM_ID64_BASE,
  steamId64ToAccountId,
} from './steam-id';

describe('SteamID conversions', () => {
  it('converts both ways exactly, although every SteamID is above 2^53', () => {
    // Gabe Newell's public SteamID and account id.
    expect(steamId64ToAccountId('76561197960287930')).toBe(22202);
    expect(accountIdToSteamId64(22202)).toBe('76561197960287930');
    expect(STEAM_ID64_BASE > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    // A JS number would have rounded them: 76561197960265729 is not representable.
    expect(Number('76561197960265729').toString()).not.toBe('76561197960265729');
    expect(accountIdToSteamId64(1)).toBe('76561197960265729');
    expect(steamId64ToAccountId('76561197960265729')).toBe(1);
    expect(steamId64ToAccountId(76561197960265730n)).toBe(2);
  });

  it('covers the whole 32-bit range of account ids', () => {
    expect(accountIdToSteamId64(MAX_ACCOUNT_ID)).toBe('76561202255233023');
    expect(MAX_STEAM_ID64).toBe(76561202255233023n);
    expect(MIN_STEAM_ID64).toBe(76561197960265729n);
    expect(steamId64ToAccountId('76561202255233023')).toBe(4_294_967_295);
    for (const id of [1, 22202, 123_456_789, 2_039_734_271, 2_039_734_272, 4_000_000_000, MAX_ACCOUNT_ID])
      expect(steamId64ToAccountId(accountIdToSteamId64(id))).toBe(id);
  });

  it('accepts ids past account 2,039,734,271, where the old 7656119 pattern stops', () => {
    expect(accountIdToSteamId64(2_039_734_271)).toBe('76561199999999999');
    expect(accountIdToSteamId64(2_039_734_272)).toBe('76561200000000000');
    expect(/^7656119\d{10}$/.test('76561200000000000')).toBe(false);
    expect(isSteamId64('76561199999999999')).toBe(true);
    expect(isSteamId64('76561200000000000')).toBe(true);
    expect(steamId64ToAccountId('76561200000000000')).toBe(2_039_734_272);
  });

  it('refuses what is not an individual account id', () => {
    for (const bad of [
      '76561197960265728', // account 0
      '76561202255233024', // past 2^32 − 1
      '76561197960265727',
      '7656119796026573', // 16 digits
      '765611979602657290', // 18 digits
      '86561197960265729',
      ' 76561197960265729',
      '76561197960265729 ',
      '+76561197960265729',
      '0x1100001',
      '',
    ]) {
      expect(isSteamId64(bad), bad).toBe(false);
      expect(() => steamId64ToAccountId(bad), bad).toThrow(RangeError);
    }
    for (const bad of [0, -1, 4_294_967_296, 1.5, Number.NaN, 2 ** 53 + 2])
      expect(() => accountIdToSteamId64(bad), String(bad)).toThrow(RangeError);
    expect(() => accountIdToSteamId64(0n)).toThrow(RangeError);
    expect(accountIdToSteamId64(4_294_967_295n)).toBe('76561202255233023');
  });
});
