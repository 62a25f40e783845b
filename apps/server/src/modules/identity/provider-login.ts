import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { recordAudit } from '../audit';
import * as repo from './battlenet.repo';
import { insertUser } from './identity.repo';
import { createSession } from './identity.service';
import type { LinkProvider } from './sign-in';

/**
 * Signing in with an installation-wide account (Discord, Steam): the account's user is signed
 * in, created with the account on first sign-in. Battle.net differs (its accounts belong to a
 * community's members) and has its own.
 */

export interface ProviderAccount {
  /** The provider's id of the account (Discord's snowflake, Steam's 64-bit id). */
  id: string;
  displayName: string;
}

export type ProviderLogin =
  | {
      kind: 'signed_in';
      sessionId: string;
      userId: string;
      /** Whether this sign-in created the Guildhall user. */
      created: boolean;
    }
  /** Someone is signed in and the account is linked to nobody: they must confirm the link. */
  | { kind: 'confirm_link'; account: ProviderAccount };

/**
 * Signs in the Guildhall user linked to the account, creating both on first sign-in. No
 * community role is granted: an owner grants roles in Admin. When someone is already signed
 * in and the account is linked to nobody, nothing is written: linking waits for their
 * confirmation (linkProviderAccount). Audited as `<provider>.login`.
 */
export async function completeProviderLogin(
  ctx: AppContext,
  provider: LinkProvider,
  account: ProviderAccount,
  signedInUserId?: string,
): Promise<ProviderLogin> {
  const result = await ctx.db.transaction(async (tx) => {
    const linked = await repo.findLinkedAccount(tx, provider, account.id);
    if (!linked && signedInUserId) return null;
    const userId =
      linked?.userId ??
      (await insertUser(tx, { displayName: account.displayName, isInstanceOwner: false })).id;
    await repo.upsertLinkedAccount(tx, {
      userId,
      provider,
      providerAccountId: account.id,
      displayName: account.displayName,
    });
    await recordAudit(tx, {
      communityId: null,
      actor: { type: 'user', id: userId, name: account.displayName },
      action: `${provider}.login`,
      target: { type: 'user', id: userId },
      details: { created: !linked },
    });
    return { userId, created: !linked };
  });
  if (!result) return { kind: 'confirm_link', account };
  return { kind: 'signed_in', sessionId: await createSession(ctx.db, result.userId), ...result };
}

/**
 * Links the account to the signed-in user who confirmed it; CONFLICT when someone took it
 * meanwhile. Audited as `<provider>.link`.
 */
export async function linkProviderAccount(
  ctx: AppContext,
  provider: LinkProvider,
  providerLabel: string,
  account: ProviderAccount,
  user: { userId: string; displayName: string },
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const linked = await repo.findLinkedAccount(tx, provider, account.id);
    if (linked && linked.userId !== user.userId)
      throw new AppError('CONFLICT', `this ${providerLabel} account is already linked to another user`);
    await repo.upsertLinkedAccount(tx, {
      userId: user.userId,
      provider,
      providerAccountId: account.id,
      displayName: account.displayName,
    });
    await recordAudit(tx, {
      communityId: null,
      actor: { type: 'user', id: user.userId, name: user.displayName },
      action: `${provider}.link`,
      target: { type: 'user', id: user.userId },
      details: { account: account.displayName },
    });
  });
}
