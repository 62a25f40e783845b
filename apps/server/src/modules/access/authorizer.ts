import type { FastifyRequest } from 'fastify';
import type { Authorizer, Principal, Role } from '../../core/auth';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { getCommunity } from '../communities';
import { SESSION_COOKIE, userForSession, verifyAccessToken } from '../identity';
import { authenticateApiKey, findGrants, permits, roleOf } from './access.service';

/**
 * A role held outside Guildhall's own memberships (a linked Discord server's admins), asked
 * only for users whose membership gives less than officer.
 */
export type ExternalRole = (communityId: string, userId: string) => Promise<Role | null>;

const rank: Record<Role, number> = { member: 0, officer: 1, owner: 2 };

export function createAuthorizer(ctx: AppContext, externalRole?: ExternalRole): Authorizer {
  return {
    async resolvePrincipal(request: FastifyRequest): Promise<Principal> {
      const header = request.headers['x-api-key'];
      if (header !== undefined) {
        const key = Array.isArray(header) ? header[0] : header;
        const row = key ? await authenticateApiKey(ctx.db, key) : undefined;
        if (!row) throw new AppError('INVALID_API_KEY', 'the API key is unknown or revoked');
        return {
          kind: 'api_key',
          keyId: row.id,
          communityId: row.communityId,
          scopes: row.scopes,
          name: row.name,
        };
      }
      const authorization = request.headers.authorization;
      if (authorization !== undefined) {
        const [scheme, token, ...rest] = authorization.trim().split(/\s+/);
        if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length > 0 || token.length > 4096)
          throw new AppError('INVALID_ACCESS_TOKEN', 'send `Authorization: Bearer <access token>`');
        const { user, familyId } = await verifyAccessToken(ctx, token);
        return {
          kind: 'user',
          userId: user.id,
          displayName: user.displayName,
          isInstanceOwner: user.isInstanceOwner,
          sessionId: '',
          tokenFamilyId: familyId,
        };
      }
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        const unsigned = request.unsignCookie(cookie);
        const user =
          unsigned.valid && unsigned.value ? await userForSession(ctx.db, unsigned.value) : undefined;
        if (user) {
          return {
            kind: 'user',
            userId: user.id,
            displayName: user.displayName,
            isInstanceOwner: user.isInstanceOwner,
            sessionId: unsigned.value!,
          };
        }
      }
      return { kind: 'anonymous' };
    },

    async authorize(request, communityId, need) {
      const community = await getCommunity(ctx.db, communityId);
      if (!community) throw new AppError('COMMUNITY_NOT_FOUND', 'community not found');
      const p = request.principal;
      const isPublic =
        need.publicPage !== undefined && (community.settings.publicPages ?? []).includes(need.publicPage);
      switch (p.kind) {
        case 'api_key': {
          if (p.communityId !== communityId)
            throw new AppError('FORBIDDEN', 'this API key belongs to another community');
          if (!need.scope || !p.scopes.includes(need.scope)) {
            throw new AppError(
              'MISSING_SCOPE',
              `this API key lacks the ${need.scope ?? 'required'} scope for this route`,
            );
          }
          return { communityId, role: null };
        }
        case 'user': {
          let role = await roleOf(ctx.db, communityId, p);
          if (externalRole && (!role || role === 'member')) {
            const outside = await externalRole(communityId, p.userId);
            if (outside && (!role || rank[outside] > rank[role])) role = outside;
          }
          if (!role) {
            if (isPublic && need.level === 'view') return { communityId, role: null };
            throw new AppError('FORBIDDEN', 'you are not a member of this community');
          }
          const grants = role === 'member' ? await findGrants(ctx.db, communityId, p.userId) : [];
          if (!permits(community, role, grants, need)) {
            throw new AppError('MISSING_PERMISSION', `this needs ${need.level} permission on ${need.module}`);
          }
          return { communityId, role };
        }
        case 'anonymous': {
          if (isPublic && need.level === 'view') return { communityId, role: null };
          throw new AppError('UNAUTHENTICATED', 'sign in or send an API key');
        }
      }
    },
  };
}
