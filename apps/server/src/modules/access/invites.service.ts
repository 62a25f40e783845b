import type { TInvite, TInviteCreate, TInvitePreview, TInviteState } from '@guildhall/contracts';
import { zInviteCreate } from '@guildhall/contracts';
import { roleRank } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { randomToken, sha256Hex } from '../../core/secrets';
import { type Actor, recordAudit } from '../audit';
import { getCommunity } from '../communities';
import * as accessRepo from './access.repo';
import type { Role } from './access.tables';
import * as repo from './invites.repo';

export type Invite = repo.InviteRow;

/** Tokens are 32 random bytes in base64url: anything else cannot be one, and is not looked up. */
const TOKEN_SHAPE = /^[\w-]{20,100}$/;

export function inviteState(row: Invite, now: Date): TInviteState {
  if (row.usedAt) return 'used';
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt.getTime() <= now.getTime()) return 'expired';
  return 'open';
}

export function presentInvite(row: Invite, now = new Date()): TInvite {
  return {
    id: row.id,
    role: row.role,
    state: inviteState(row, now),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    usedAt: row.usedAt?.toISOString() ?? null,
    usedBy: row.usedByName ?? row.usedBy,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** Creates an invite and answers its token: the only time it exists outside its hash. */
export async function createInvite(
  ctx: AppContext,
  communityId: string,
  input: TInviteCreate,
  actor: Actor,
  now = new Date(),
): Promise<{ row: Invite; token: string }> {
  const values = zInviteCreate.parse(input);
  const token = randomToken(32);
  const row = await ctx.db.transaction(async (tx) => {
    const saved = await repo.insertInvite(tx, {
      communityId,
      role: values.role,
      tokenHash: sha256Hex(token),
      createdBy: actor.name ?? actor.type,
      expiresAt: new Date(now.getTime() + values.expiresInHours * 3_600_000),
    });
    await recordAudit(tx, {
      communityId,
      actor,
      action: 'invite.create',
      target: { type: 'invite', id: saved.id },
      details: { role: saved.role, expiresAt: saved.expiresAt.toISOString() },
    });
    return saved;
  });
  return { row, token };
}

export const listInvites = repo.findInvites;

export async function revokeInvite(
  ctx: AppContext,
  communityId: string,
  inviteId: string,
  actor: Actor,
): Promise<Invite> {
  return ctx.db.transaction(async (tx) => {
    const row = await repo.revokeInvite(tx, communityId, inviteId, new Date());
    if (!row) throw new AppError('INVITE_NOT_FOUND', 'no unused invite with that id in this community');
    await recordAudit(tx, {
      communityId,
      actor,
      action: 'invite.revoke',
      target: { type: 'invite', id: inviteId },
      details: { role: row.role },
    });
    return row;
  });
}

/** What the invite page shows: the community and role, or why the link no longer works. */
export async function previewInvite(
  ctx: AppContext,
  token: string,
  now = new Date(),
): Promise<TInvitePreview> {
  const row = TOKEN_SHAPE.test(token) ? await repo.findInviteByHash(ctx.db, sha256Hex(token)) : undefined;
  const community = row ? await getCommunity(ctx.db, row.communityId) : undefined;
  if (!row || !community) return { state: 'unknown', community: null, role: null, expiresAt: null };
  return {
    state: inviteState(row, now),
    community: { id: community.id, name: community.name, game: community.game },
    role: row.role,
    expiresAt: row.expiresAt.toISOString(),
  };
}

const refusal: Record<Exclude<TInviteState, 'open'>, AppError> = {
  used: new AppError('INVITE_USED', 'this invite link has already been used: ask for a new one'),
  expired: new AppError('INVITE_EXPIRED', 'this invite link has expired: ask for a new one'),
  revoked: new AppError('INVITE_REVOKED', 'this invite link was withdrawn: ask for a new one'),
};

/**
 * Spends the invite for the signed-in user and gives them its role, in one transaction with
 * the audit entry. A role the user already holds that ranks higher is kept (an officer who
 * opens a member's link stays officer), and the link is spent all the same.
 */
export async function acceptInvite(
  ctx: AppContext,
  token: string,
  user: { userId: string; isInstanceOwner: boolean; actor: Actor },
  now = new Date(),
): Promise<{ communityId: string; role: Role }> {
  if (!TOKEN_SHAPE.test(token)) throw new AppError('INVITE_NOT_FOUND', 'this invite link is unknown');
  const hash = sha256Hex(token);
  return ctx.db.transaction(async (tx) => {
    const spent = await repo.spendInvite(tx, hash, user.userId, now);
    if (!spent) {
      const row = await repo.findInviteByHash(tx, hash);
      if (!row) throw new AppError('INVITE_NOT_FOUND', 'this invite link is unknown');
      const state = inviteState(row, now);
      throw state === 'open' ? refusal.used : refusal[state];
    }
    const before = user.isInstanceOwner
      ? 'owner'
      : await accessRepo.findRole(tx, spent.communityId, user.userId);
    const role: Role = before && roleRank[before] >= roleRank[spent.role] ? before : spent.role;
    if (role !== before) await accessRepo.upsertMembership(tx, spent.communityId, user.userId, role);
    await recordAudit(tx, {
      communityId: spent.communityId,
      actor: user.actor,
      action: 'invite.accept',
      target: { type: 'invite', id: spent.id },
      details: { role, invitedAs: spent.role, previousRole: before ?? null },
    });
    return { communityId: spent.communityId, role };
  });
}
