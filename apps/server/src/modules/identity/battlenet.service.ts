import { OAuth2Client, OAuth2RequestError } from 'arctic';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { randomToken } from '../../core/secrets';
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
    oauth: new OAuth2Client(cred.clientId, cred.clientSecret, battlenetRedirectUri(ctx)),
    api: battleNetUserApi(ctx, community.region, cred.clientId),
  };
}

/** Where to send the browser to sign in with Battle.net, and the state to check on return. */
export async function startBattlenetLogin(ctx: AppContext, communityId: string) {
  const { oauth, api } = await clientFor(ctx, communityId);
  const state = randomToken(24);
  return {
    url: oauth.createAuthorizationURL(`${api.oauthBaseUrl}/authorize`, state, SCOPES).toString(),
    state,
  };
}

export interface BattlenetLogin {
  sessionId: string;
  userId: string;
  battletag: string | null;
  /** The community's characters found on the account. */
  characters: string[];
  /** Members now linked to the account. */
  members: number;
  /** Members already claimed by another account (left as they were). */
  conflicts: number;
}

/**
 * Trades the authorization code for a token, reads the account and its WoW characters, and
 * links every member owning one of them to the account's Guildhall user (created on first
 * login, or the signed-in user). A linked member proves who that user is: the user becomes
 * a member of the community if it was not one.
 */
export async function completeBattlenetLogin(
  ctx: AppContext,
  communityId: string,
  code: string,
  signedInUserId: string | null,
): Promise<BattlenetLogin> {
  const { community, oauth, api } = await clientFor(ctx, communityId);
  let accessToken: string;
  try {
    const tokens = await oauth.validateAuthorizationCode(`${api.oauthBaseUrl}/token`, code, null);
    accessToken = tokens.accessToken();
  } catch (err) {
    const reason = err instanceof OAuth2RequestError ? err.code : 'the token endpoint did not answer';
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

  const result = await ctx.db.transaction(async (tx) => {
    const linked = await repo.findLinkedAccount(tx, 'battlenet', info.id);
    const userId =
      linked?.userId ??
      signedInUserId ??
      (await insertUser(tx, { displayName: info.battletag ?? 'Battle.net player', isInstanceOwner: false }))
        .id;
    await repo.upsertLinkedAccount(tx, {
      userId,
      provider: 'battlenet',
      providerAccountId: info.id,
      displayName: info.battletag,
    });
    let members = 0;
    let conflicts = 0;
    for (const memberId of memberIds) {
      if (await linkMemberUser(tx, communityId, memberId, userId)) members += 1;
      else conflicts += 1;
    }
    await recordAudit(tx, {
      communityId,
      actor: { type: 'user', id: userId, name: info.battletag ?? undefined },
      action: 'battlenet.login',
      target: { type: 'user', id: userId },
      details: { characters: owned.map((c) => c.name), members, conflicts },
    });
    return { userId, members, conflicts };
  });

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
          name: info.battletag ?? undefined,
        },
      );
  }
  return {
    sessionId: await createSession(ctx.db, result.userId),
    userId: result.userId,
    battletag: info.battletag,
    characters: owned.map((c) => c.name),
    members: result.members,
    conflicts: result.conflicts,
  };
}
