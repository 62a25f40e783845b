import type { Executor } from '../../core/db';
import { AppError } from '../../core/errors';
import { randomToken, sha256Hex } from '../../core/secrets';
import * as repo from './identity.repo';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
export const LOGIN_TOKEN_TTL_MS = 24 * 3600 * 1000;

export type User = repo.UserRow;

/** On first start: the owner account. Answers it, and whether it was just created. */
export async function ensureInstanceOwner(db: Executor): Promise<{ user: User; created: boolean }> {
  const existing = await repo.findInstanceOwner(db);
  if (existing) return { user: existing, created: false };
  const user = await repo.insertUser(db, { displayName: 'Owner', isInstanceOwner: true });
  return { user, created: true };
}

/** A one-time login token: only its hash is stored. */
export async function createLoginToken(db: Executor, userId: string, now = new Date()): Promise<string> {
  const token = randomToken();
  await repo.insertLoginToken(db, {
    tokenHash: sha256Hex(token),
    userId,
    expiresAt: new Date(now.getTime() + LOGIN_TOKEN_TTL_MS),
  });
  return token;
}

/** Trades a login token for a new session id (the cookie's value), or undefined when it is spent or unknown. */
export async function redeemLoginToken(
  db: Executor,
  token: string,
  now = new Date(),
): Promise<{ sessionId: string; userId: string } | undefined> {
  const userId = await repo.consumeLoginToken(db, sha256Hex(token), now);
  if (!userId) return undefined;
  return { sessionId: await createSession(db, userId, now), userId };
}

/** Every sign-in (login link, Discord, Battle.net) ends here: a deactivated user gets no session. */
export async function createSession(db: Executor, userId: string, now = new Date()): Promise<string> {
  const user = await repo.findUser(db, userId);
  if (!user) throw new AppError('NOT_FOUND', 'no such user');
  if (user.deactivatedAt) throw new AppError('ACCOUNT_DEACTIVATED', 'this account has been deactivated');
  const sessionId = randomToken();
  await repo.insertSession(db, {
    idHash: sha256Hex(sessionId),
    userId,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
  });
  return sessionId;
}

export const userForSession = (db: Executor, sessionId: string) =>
  repo.findSessionUser(db, sha256Hex(sessionId), new Date());
export const endSession = (db: Executor, sessionId: string) => repo.deleteSession(db, sha256Hex(sessionId));
export const findUser = repo.findUser;
export const listUsers = repo.findUsers;
export const setUserDeactivated = repo.setUserDeactivated;
export const endUserSessions = repo.deleteUserSessions;
export const createUser = repo.insertUser;
