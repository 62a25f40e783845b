import type { TApiKey } from '@guildhall/contracts';
import type { Need, PermissionLevel, Role } from '../../core/auth';
import { roleRank } from '../../core/auth';
import type { AppContext } from '../../core/context';
import type { Executor } from '../../core/db';
import { AppError } from '../../core/errors';
import { randomToken, sha256Hex } from '../../core/secrets';
import { type Actor, recordAudit } from '../audit';
import type { Community } from '../communities';
import {
  endUserSessions,
  findUser,
  listUsers as listAllUsers,
  setUserDeactivated,
  type User,
} from '../identity';
import * as repo from './access.repo';
import type { ApiKeyScope } from './access.tables';

export type ApiKey = repo.ApiKeyRow;

export function presentApiKey(row: ApiKey): TApiKey {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    prefix: row.prefix,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUploadAt: row.lastUploadAt?.toISOString() ?? null,
  };
}

/** Notes that a file arrived with this key, in the upload's transaction. */
export async function recordApiKeyUpload(db: Executor, keyId: string, at: Date): Promise<void> {
  await repo.recordApiKeyUpload(db, keyId, at);
}

/** Creates a key and answers it whole: this is the only time it exists outside its hash. */
export async function createApiKey(
  ctx: AppContext,
  communityId: string,
  input: { name: string; scopes: ApiKeyScope[] },
  actor: Actor,
): Promise<{ row: ApiKey; key: string }> {
  const key = `gh_${randomToken(24)}`;
  const scopes = [...new Set(input.scopes)].sort();
  const row = await ctx.db.transaction(async (tx) => {
    const saved = await repo.insertApiKey(tx, {
      communityId,
      name: input.name,
      scopes,
      keyHash: sha256Hex(key),
      prefix: key.slice(0, 9),
      createdBy: actor.name ?? actor.type,
    });
    await recordAudit(tx, {
      communityId,
      actor,
      action: 'apikey.create',
      target: { type: 'api_key', id: saved.id },
      details: { name: saved.name, scopes },
    });
    return saved;
  });
  return { row, key };
}

export async function revokeApiKey(
  ctx: AppContext,
  communityId: string,
  keyId: string,
  actor: Actor,
): Promise<ApiKey> {
  return ctx.db.transaction(async (tx) => {
    const row = await repo.revokeApiKey(tx, communityId, keyId, new Date());
    if (!row) throw new AppError('API_KEY_NOT_FOUND', 'no active API key with that id in this community');
    await recordAudit(tx, {
      communityId,
      actor,
      action: 'apikey.revoke',
      target: { type: 'api_key', id: keyId },
    });
    return row;
  });
}

export const listApiKeys = repo.findApiKeys;

/** `lastUsedAt` moves at most this often: reads do not turn into writes. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * The key's record if it exists and is not revoked. Its `lastUsedAt` is refreshed only when the
 * row read says it is older than a minute: a sender posting many batches a second costs one
 * indexed read per request, not a write (the write's own condition keeps concurrent requests
 * from moving it twice).
 */
export async function authenticateApiKey(db: Executor, key: string): Promise<ApiKey | undefined> {
  if (key.length < 10 || key.length > 200) return undefined;
  const row = await repo.findApiKeyByHash(db, sha256Hex(key));
  if (!row || row.revokedAt) return undefined;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS)
    await repo.touchApiKey(db, row.id, now, TOUCH_INTERVAL_MS);
  return row;
}

/** A user's role in a community; the installation's owner is owner everywhere. */
export async function roleOf(
  db: Executor,
  communityId: string,
  user: { userId: string; isInstanceOwner: boolean },
) {
  if (user.isInstanceOwner) return 'owner' as const;
  return (await repo.findRole(db, communityId, user.userId)) ?? null;
}

const levelRank: Record<PermissionLevel, number> = { view: 0, manage: 1 };

/**
 * The permission rule: owners and officers hold every module; members view the modules the
 * community opens to members (all enabled ones unless narrowed) plus explicit grants, and
 * manage only what is granted to them.
 */
export function permits(
  community: Community,
  role: Role,
  grants: { module: string; level: PermissionLevel }[],
  need: Pick<Need, 'module' | 'level' | 'role'>,
): boolean {
  if (need.role && roleRank[role] < roleRank[need.role]) return false;
  if (role === 'owner' || role === 'officer') return true;
  const grant = grants.find((g) => g.module === need.module);
  if (grant && levelRank[grant.level] >= levelRank[need.level]) return true;
  if (need.level === 'view' && need.module !== 'admin') {
    const open = community.settings.memberModules ?? community.modules;
    return open.includes(need.module);
  }
  return false;
}

export async function setMembership(
  ctx: AppContext,
  communityId: string,
  userId: string,
  change: { role?: Role; permissions?: Record<string, PermissionLevel | null> },
  actor: Actor,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    if (change.role && change.role !== 'owner') {
      const owners = await repo.lockOwners(tx, communityId);
      if (owners.length === 1 && owners[0] === userId)
        throw new AppError('LAST_OWNER', 'a community keeps at least one owner: name another owner first');
    }
    if (change.role) {
      if (!(await findUser(tx, userId))) throw new AppError('NOT_FOUND', 'no such user');
      await repo.upsertMembership(tx, communityId, userId, change.role);
    } else if (!(await repo.findRole(tx, communityId, userId)))
      throw new AppError('NOT_FOUND', 'that user is not a member of this community');
    for (const [module, level] of Object.entries(change.permissions ?? {})) {
      await repo.setGrant(tx, communityId, userId, module, level);
    }
    await recordAudit(tx, {
      communityId,
      actor,
      action: 'membership.update',
      target: { type: 'user', id: userId },
      details: change,
    });
  });
}

/**
 * Takes a user's role in a community away. Officers remove members (and themselves); only an
 * owner removes an owner or another officer; the last owner stays. The user's next request
 * already finds no role: roles are read on every request, never kept in the session.
 */
export async function removeMembership(
  ctx: AppContext,
  communityId: string,
  userId: string,
  by: { actor: Actor; userId: string | null; role: Role | null },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const role = await repo.findRole(tx, communityId, userId);
    if (!role) throw new AppError('NOT_FOUND', 'that user is not a member of this community');
    if (role !== 'member' && by.role !== 'owner' && by.userId !== userId)
      throw new AppError('FORBIDDEN', `only an owner removes an ${role}`);
    if (role === 'owner') {
      const owners = await repo.lockOwners(tx, communityId);
      if (owners.length <= 1)
        throw new AppError('LAST_OWNER', 'a community keeps at least one owner: name another owner first');
    }
    await repo.deleteMembership(tx, communityId, userId);
    await recordAudit(tx, {
      communityId,
      actor: by.actor,
      action: 'membership.remove',
      target: { type: 'user', id: userId },
      details: { role },
    });
  });
}

export function presentUser(u: User) {
  return {
    id: u.id,
    displayName: u.displayName,
    isInstanceOwner: u.isInstanceOwner,
    createdAt: u.createdAt.toISOString(),
    deactivatedAt: u.deactivatedAt?.toISOString() ?? null,
  };
}

export const listUsers = listAllUsers;

/**
 * The installation owner's switch on a user: deactivating ends every session at once (and
 * spends unused login links), and no sign-in opens a new one until the user is reactivated.
 */
export async function setUserActive(
  ctx: AppContext,
  userId: string,
  active: boolean,
  actor: Actor,
): Promise<User> {
  return ctx.db.transaction(async (tx) => {
    const user = await findUser(tx, userId);
    if (!user) throw new AppError('NOT_FOUND', 'no such user');
    if (user.isInstanceOwner)
      throw new AppError('FORBIDDEN', "the installation's owner cannot be deactivated");
    const saved = await setUserDeactivated(tx, userId, active ? null : (user.deactivatedAt ?? new Date()));
    const sessions = active ? 0 : await endUserSessions(tx, userId);
    await recordAudit(tx, {
      communityId: null,
      actor,
      action: active ? 'user.reactivate' : 'user.deactivate',
      target: { type: 'user', id: userId },
      details: active ? {} : { sessionsEnded: sessions },
    });
    return saved!;
  });
}

export async function listMemberships(db: Executor, communityId: string) {
  const [rows, grants] = await Promise.all([
    repo.findMemberships(db, communityId),
    repo.findGrants(db, communityId),
  ]);
  return rows.map((r) => ({
    ...r,
    permissions: Object.fromEntries(
      grants.filter((g) => g.userId === r.userId).map((g) => [g.module, g.level]),
    ),
  }));
}

export const findGrants = repo.findGrants;
export const findUserMemberships = repo.findUserMemberships;
