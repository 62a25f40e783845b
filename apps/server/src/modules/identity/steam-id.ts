/**
 * SteamIDs: the 64-bit id Steam's OpenID names (`7656119…`) and the 32-bit account id
 * OpenDota and the Dota client use. An individual account in the public universe is
 * `76561197960265728 + account id`; every such id is above 2^53, so the arithmetic is in
 * BigInt and the 64-bit id travels as a decimal string (never a JS number, which would round it).
 */

/** The 64-bit id of account 0 (universe 1, individual account, desktop instance). */
export const STEAM_ID64_BASE = 76561197960265728n;
/** Account ids are unsigned 32-bit; 0 is no account. */
export const MAX_ACCOUNT_ID = 0xffff_ffff;
export const MIN_STEAM_ID64 = STEAM_ID64_BASE + 1n;
export const MAX_STEAM_ID64 = STEAM_ID64_BASE + BigInt(MAX_ACCOUNT_ID);

/**
 * The shape Steam's ids have (`76561` and twelve digits). The older `7656119\d{10}` stops
 * matching once account ids pass 2,039,734,271 (id 76561200000000000 and up).
 */
const STEAM_ID64_PATTERN = /^76561\d{12}$/;

/** Whether the string is the 64-bit id of an individual account, checked in BigInt. */
export function isSteamId64(value: string): boolean {
  if (!STEAM_ID64_PATTERN.test(value)) return false;
  const id = BigInt(value);
  return id >= MIN_STEAM_ID64 && id <= MAX_STEAM_ID64;
}

/** The 32-bit account id of a 64-bit SteamID (string or BigInt); RangeError when it is not one. */
export function steamId64ToAccountId(steamId64: string | bigint): number {
  const text = typeof steamId64 === 'bigint' ? steamId64.toString() : steamId64;
  if (!isSteamId64(text)) throw new RangeError(`not an individual account's SteamID: ${text.slice(0, 40)}`);
  return Number(BigInt(text) - STEAM_ID64_BASE);
}

/** The 64-bit SteamID (decimal string) of a 32-bit account id; RangeError outside 1…2^32−1. */
export function accountIdToSteamId64(accountId: number | bigint): string {
  const id =
    typeof accountId === 'bigint' ? accountId : Number.isSafeInteger(accountId) ? BigInt(accountId) : -1n;
  if (id < 1n || id > BigInt(MAX_ACCOUNT_ID))
    throw new RangeError(`not a Steam account id: ${String(accountId)}`);
  return (STEAM_ID64_BASE + id).toString();
}
