import { OAuth2Client } from 'arctic';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { roleOf, setMembership } from '../access';
import { recordAudit } from '../audit';
import { readCredential, requireCommunity } from '../communities';
import { foldName, linkMemberUser, loadCommunityCharacters, splitName } from '../members';
import { battleNetUserApi, ProviderError, realmResolver } from '../wow';
import * as repo from './battlenet.repo';
import { insertUser } from './identity.repo';
import { createSession } from './identity.service';

/** `openid` names the account; `wow.profile` lists its WoW characters. */
const SCOPES = ['openid', 'wow.profile'];

export const battlenetRedirectUri = (ctx: AppContext) =>
  `${(ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`).replace(/\/+$/, '')}/auth/battlenet/callback`;

async function clientFor(ctx: AppContext, communityId: string) {
  const community = await requireCommunity(ctx.db, communityId);
  if (community.game !== 'wow' || !community.region)
    throw new AppError('INTEGRATION_NOT_CONFIGURED', 'Battle.net login needs a WoW community with a region');
  const cred = await readCredential(ctx, communityId, 'blizzard');
  if (!cred?.clientId || !cred.clientSecret)
    throw new AppError(
      'INTEGRATION_NOT_CONFIGURED',
      'this community has no Blizzard credentials for Battle.net login',
    );
  return {
    community,
    clientSecret: cred.clientSecret,
    oauth: new OAuth2Client(cred.clientId, cred.clientSecret, battlenetRedirectUri(ctx)),
    api: battleNetUserApi(ctx, community.region, cred.clientId),
  };
}

/** Fails (as a typed error) when the community cannot offer Battle.net sign-in. */
export async function checkBattlenetLogin(ctx: AppContext, communityId: string): Promise<void> {
  await clientFor(ctx, communityId);
}

/** Where to send the browser to sign in with Battle.net, carrying the state it will bring back. */
export async function battlenetAuthorizeUrl(ctx: AppContext, communityId: string, state: string) {
  const { oauth, api } = await clientFor(ctx, communityId);
  return oauth.createAuthorizationURL(`${api.oauthBaseUrl}/authorize`, state, SCOPES).toString();
}

/** The Battle.net account behind a sign-in, and the community's members owning its characters. */
export interface BattlenetAccount {
  id: string;
  battletag: string | null;
  /** The community's characters found on the account. */
  characters: string[];
  memberIds: string[];
}

export type BattlenetLogin =
  | {
      kind: 'signed_in';
      /** A new session, unless this was the signed-in user's confirmation of a link. */
      sessionId: string | null;
      userId: string;
      battletag: string | null;
      characters: string[];
      /** Members now linked to the account. */
      members: number;
      /** Members already claimed by another account (left as they were). */
      conflicts: number;
    }
  /** Someone is signed in and the account is linked to nobody: they must confirm the link. */
  | { kind: 'confirm_link'; account: BattlenetAccount };

/** Trades the authorization code for a token and reads the account and its WoW characters. */
export async function fetchBattlenetAccount(
  ctx: AppContext,
  communityId: string,
  code: string,
): Promise<BattlenetAccount> {
  const { community, clientSecret, api } = await clientFor(ctx, communityId);
  let accessToken: string;
  try {
    // arctic builds the authorization URL; the code is traded through the core outbound client.
    accessToken = await api.exchangeCode(code, clientSecret, battlenetRedirectUri(ctx));
  } catch (err) {
    const refused = err instanceof ProviderError && err.status !== undefined && err.status < 500;
    const reason = refused ? (err.detail ?? `HTTP ${err.status}`) : 'the token endpoint did not answer';
    throw new AppError('OAUTH_FAILED', `Battle.net refused the sign-in: ${reason}`);
  }
  let info: Awaited<ReturnType<typeof api.userInfo>>;
  let wowCharacters: Awaited<ReturnType<typeof api.characters>>;
  try {
    info = await api.userInfo(accessToken);
    wowCharacters = await api.characters(accessToken).catch((err) => {
      // An account without WoW characters answers 404 on the profile.
      if (err instanceof ProviderError && err.kind === 'not_found') return [];
      throw err;
    });
  } catch (err) {
    if (err instanceof ProviderError && (err.kind === 'unauthorized' || err.kind === 'forbidden'))
      throw new AppError('OAUTH_FAILED', 'Battle.net did not accept the sign-in token');
    throw new AppError('PROVIDER_UNAVAILABLE', 'Battle.net could not be reached; try again in a moment');
  }

  const known = await loadCommunityCharacters(ctx.db, communityId);
  // The addon's realm names (`Ревущийфьорд`, `Azjol-Nerub`) meet Blizzard's slugs through the realm table.
  const realms = await realmResolver(ctx.db, community.region ?? '');
  const byKey = new Map(
    known.map((c) => [`${foldName(splitName(c.name)?.name ?? c.name)}|${realms.slug(c.realm)}`, c]),
  );
  const owned = wowCharacters.flatMap((w) => {
    const c = byKey.get(`${foldName(w.name)}|${w.realmSlug}`);
    return c ? [c] : [];
  });
  const memberIds = [...new Set(owned.map((c) => c.memberId))];

  return { id: info.id, battletag: info.battletag, characters: owned.map((c) => c.name), memberIds };
}

/**
 * Links every member owning one of the account's characters to the account's Guildhall user
 * (created on first login). A linked member proves who that user is: the user becomes a
 * member of the community if it was not one. When someone is already signed in and the
 * account is linked to nobody, nothing is written unless `confirmedBy` is that user (the
 * confirmation page's POST).
 */
export async function completeBattlenetLogin(
  ctx: AppContext,
  communityId: string,
  account: BattlenetAccount,
  who: { signedInUserId: string | null; confirmed?: boolean },
): Promise<BattlenetLogin> {
  const community = await requireCommunity(ctx.db, communityId);
  const result = await ctx.db.transaction(async (tx) => {
    const linked = await repo.findLinkedAccount(tx, 'battlenet', account.id);
    if (!linked && who.signedInUserId && !who.confirmed) return null;
    if (linked && who.confirmed && linked.userId !== who.signedInUserId)
      throw new AppError('CONFLICT', 'this Battle.net account is already linked to another user');
    const userId =
      linked?.userId ??
      (who.confirmed ? who.signedInUserId : null) ??
      (
        await insertUser(tx, {
          displayName: account.battletag ?? 'Battle.net player',
          isInstanceOwner: false,
        })
      ).id;
    await repo.upsertLinkedAccount(tx, {
      userId,
      provider: 'battlenet',
      providerAccountId: account.id,
      displayName: account.battletag,
    });
    let members = 0;
    let conflicts = 0;
    for (const memberId of account.memberIds) {
      if (await linkMemberUser(tx, communityId, memberId, userId)) members += 1;
      else conflicts += 1;
    }
    await recordAudit(tx, {
      communityId,
      actor: { type: 'user', id: userId, name: account.battletag ?? undefined },
      action: who.confirmed ? 'battlenet.link' : 'battlenet.login',
      target: { type: 'user', id: userId },
      details: { characters: account.characters, members, conflicts },
    });
    return { userId, members, conflicts };
  });
  if (!result) return { kind: 'confirm_link', account };

  if (result.members > 0) {
    const user = { userId: result.userId, isInstanceOwner: false };
    if (!(await roleOf(ctx.db, community.id, user)))
      await setMembership(
        ctx,
        community.id,
        result.userId,
        { role: 'member' },
        {
          type: 'user',
          id: result.userId,
          name: account.battletag ?? undefined,
        },
      );
  }
  return {
    kind: 'signed_in',
    sessionId: who.confirmed ? null : await createSession(ctx.db, result.userId),
    userId: result.userId,
    battletag: account.battletag,
    characters: account.characters,
    members: result.members,
    conflicts: result.conflicts,
  };
}
