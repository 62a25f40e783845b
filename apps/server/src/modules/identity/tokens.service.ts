import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { deriveKey, randomToken, sha256Hex } from '../../core/secrets';
import type { User } from './identity.service';
import * as repo from './tokens.repo';

/**
 * Bearer tokens for API clients: a short-lived access token (a JWT, HS256 with a key derived
 * from the installation's secret) and a refresh token (random, stored hashed, single use).
 * Using a refresh token spends it and issues the next pair of the same family; a spent one
 * presented again means it was copied, so the whole family is revoked.
 */

export const ACCESS_TOKEN_TTL_S = 15 * 60;
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 3600 * 1000;
export const JWT_ALGORITHM = 'HS256';
export const JWT_ISSUER = 'guildhall';
export const JWT_AUDIENCE = 'guildhall-api';
const REFRESH_PREFIX = 'ghr_';

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  /** Seconds the access token lives. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresAt: string;
}

const keys = new WeakMap<AppContext, Uint8Array>();
/** The signing key: derived from the cookie key (itself derived from the master secret) for its own purpose. */
function accessKey(ctx: AppContext): Uint8Array {
  let key = keys.get(ctx);
  if (!key) {
    key = new Uint8Array(deriveKey(Buffer.from(ctx.cookieSecret, 'base64url'), 'api-access-token'));
    keys.set(ctx, key);
  }
  return key;
}

async function pair(ctx: AppContext, userId: string, familyId: string, now: Date): Promise<TokenPair> {
  const seconds = Math.floor(now.getTime() / 1000);
  const accessToken = await new SignJWT({ fid: familyId })
    .setProtectedHeader({ alg: JWT_ALGORITHM, typ: 'JWT' })
    .setSubject(userId)
    .setIssuer(JWT_ISSUER)
    .setAudience(JWT_AUDIENCE)
    .setIssuedAt(seconds)
    .setExpirationTime(seconds + ACCESS_TOKEN_TTL_S)
    .setJti(randomToken(12))
    .sign(accessKey(ctx));
  const refreshToken = `${REFRESH_PREFIX}${randomToken()}`;
  const refreshExpiresAt = new Date(now.getTime() + REFRESH_TOKEN_TTL_MS);
  await repo.insertRefreshToken(ctx.db, {
    tokenHash: sha256Hex(refreshToken),
    familyId,
    expiresAt: refreshExpiresAt,
  });
  return {
    accessToken,
    tokenType: 'Bearer',
    expiresIn: ACCESS_TOKEN_TTL_S,
    refreshToken,
    refreshExpiresAt: refreshExpiresAt.toISOString(),
  };
}

/** Starts a token family for a signed-in session (the cookie's raw session id). */
export async function issueTokens(
  ctx: AppContext,
  who: { userId: string; sessionId: string },
  now = new Date(),
): Promise<TokenPair> {
  const familyId = await repo.insertFamily(ctx.db, {
    userId: who.userId,
    sessionIdHash: sha256Hex(who.sessionId),
  });
  return pair(ctx, who.userId, familyId, now);
}

const invalidRefresh = (why: string) =>
  new AppError('INVALID_REFRESH_TOKEN', `refresh token refused: ${why}`);

/** Spends a refresh token for the next pair; a spent one revokes its family. */
export async function refreshTokens(
  ctx: AppContext,
  refreshToken: string,
  now = new Date(),
): Promise<TokenPair> {
  if (!refreshToken.startsWith(REFRESH_PREFIX)) throw invalidRefresh('unknown token');
  const hash = sha256Hex(refreshToken);
  type Outcome =
    | { kind: 'ok'; userId: string; familyId: string }
    | { kind: 'refused'; why: string }
    | { kind: 'reused' };
  const outcome = await ctx.db.transaction(async (tx): Promise<Outcome> => {
    const row = await repo.findRefreshToken(tx, hash);
    if (!row) return { kind: 'refused', why: 'unknown token' };
    if (row.revokedAt) return { kind: 'refused', why: 'revoked' };
    if (row.usedAt || !(await repo.spendRefreshToken(tx, hash, now))) {
      await repo.revokeFamily(tx, row.familyId, 'refresh token reused', now);
      return { kind: 'reused' };
    }
    if (row.expiresAt <= now) return { kind: 'refused', why: 'expired' };
    if (row.deactivatedAt) return { kind: 'refused', why: 'the account is deactivated' };
    if (row.sessionExpiresAt <= now) return { kind: 'refused', why: 'the session it came from has ended' };
    return { kind: 'ok', userId: row.userId, familyId: row.familyId };
  });
  if (outcome.kind === 'reused')
    throw new AppError(
      'REFRESH_TOKEN_REUSED',
      'this refresh token was used before: every token issued with it is now revoked',
    );
  if (outcome.kind === 'refused') throw invalidRefresh(outcome.why);
  return pair(ctx, outcome.userId, outcome.familyId, now);
}

/** Revokes the family a refresh token belongs to (idempotent for a known token). */
export async function revokeByRefreshToken(ctx: AppContext, refreshToken: string, now = new Date()) {
  const row = await repo.findRefreshToken(ctx.db, sha256Hex(refreshToken));
  if (!row) throw invalidRefresh('unknown token');
  await repo.revokeFamily(ctx.db, row.familyId, 'revoked by the client', now);
}

export const revokeFamily = (ctx: AppContext, familyId: string, now = new Date()) =>
  repo.revokeFamily(ctx.db, familyId, 'revoked by the client', now);

const invalidAccess = (why: string) => new AppError('INVALID_ACCESS_TOKEN', `bearer token refused: ${why}`);

/**
 * The user a bearer token speaks for: the signature, algorithm, issuer, audience and expiry
 * are checked, then that its family, session and user are still live.
 */
export async function verifyAccessToken(
  ctx: AppContext,
  token: string,
  now = new Date(),
): Promise<{ user: User; familyId: string }> {
  let sub: string | undefined;
  let fid: unknown;
  try {
    const { payload } = await jwtVerify(token, accessKey(ctx), {
      algorithms: [JWT_ALGORITHM],
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
      currentDate: now,
      requiredClaims: ['sub', 'exp', 'iat'],
    });
    sub = payload.sub;
    fid = payload.fid;
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw invalidAccess('expired');
    if (err instanceof joseErrors.JOSEError) throw invalidAccess('malformed or wrongly signed');
    throw err;
  }
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!sub || typeof fid !== 'string' || !uuid.test(sub) || !uuid.test(fid))
    throw invalidAccess('malformed claims');
  const user = await repo.findFamilyUser(ctx.db, fid, sub, now);
  if (!user) throw invalidAccess('revoked, or its session or account has ended');
  return { user, familyId: fid };
}
