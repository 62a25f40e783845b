import crypto from 'node:crypto';

/** An Ed25519 public key's DER prefix (SubjectPublicKeyInfo, OID 1.3.101.112): the raw 32 bytes follow. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The application's hex public key (DISCORD_PUBLIC_KEY) as a key node:crypto verifies with. */
export function discordPublicKey(hex: string): crypto.KeyObject {
  return crypto.createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/**
 * How far a signed request's timestamp may lie from our clock. Discord sends at once; a
 * captured request replayed later (its signature stays valid forever) is refused.
 */
export const SIGNATURE_MAX_AGE_S = 300;
const SIGNATURE_MAX_SKEW_AHEAD_S = 60;

/** Whether the timestamp header is epoch seconds within the window around `nowMs`. */
export function isFreshSignatureTimestamp(timestamp: string, nowMs: number): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  const age = nowMs / 1000 - Number(timestamp);
  return age <= SIGNATURE_MAX_AGE_S && age >= -SIGNATURE_MAX_SKEW_AHEAD_S;
}

/**
 * Whether Discord signed this request: Ed25519 over the timestamp header followed by the raw
 * body, exactly as received, at a fresh timestamp. Missing or malformed headers are simply "not signed".
 */
export function verifyDiscordSignature(
  key: crypto.KeyObject,
  signatureHex: string | undefined,
  timestamp: string | undefined,
  rawBody: Buffer,
  nowMs: number = Date.now(),
): boolean {
  if (!signatureHex || !timestamp || !/^[0-9a-fA-F]{128}$/.test(signatureHex)) return false;
  if (!isFreshSignatureTimestamp(timestamp, nowMs)) return false;
  try {
    return crypto.verify(
      null,
      Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]),
      key,
      Buffer.from(signatureHex, 'hex'),
    );
  } catch {
    return false;
  }
}
