import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors';

export type ApiKeyScope = 'upload' | 'read' | 'telemetry' | 'events';
export type PermissionLevel = 'view' | 'manage';
export type Role = 'owner' | 'officer' | 'member';

/** Who is making a request, resolved once per request from the API key, the bearer token or the session cookie. */
export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      userId: string;
      displayName: string;
      isInstanceOwner: boolean;
      /** The session cookie's id; '' when the user came with a bearer token. */
      sessionId: string;
      /** Set when the user came with a bearer token (`Authorization: Bearer`): its family. */
      tokenFamilyId?: string;
    }
  | { kind: 'api_key'; keyId: string; communityId: string; scopes: ApiKeyScope[]; name: string };

/** What a route needs, checked against the `:id` community of its URL. */
export interface Need {
  /** The module whose permission applies (`admin` for community administration). */
  module: string;
  level: PermissionLevel;
  /** API keys are accepted only with this scope; routes without it refuse keys. */
  scope?: ApiKeyScope;
  /** Anonymous visitors may read when the community lists this page as public. */
  publicPage?: string;
  /** Only this role (or above) passes, whatever the grants. */
  role?: Role;
}

export interface CommunityAccess {
  communityId: string;
  /** The caller's role, when the caller is a user with a membership (or the instance owner). */
  role: Role | null;
}

/** Implemented by the access module; routes depend on this interface only. */
export interface Authorizer {
  resolvePrincipal(request: FastifyRequest): Promise<Principal>;
  authorize(request: FastifyRequest, communityId: string, need: Need): Promise<CommunityAccess>;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    access: CommunityAccess | null;
  }
  interface FastifyInstance {
    authorizer: Authorizer;
  }
}

/** preHandler for `/communities/:id/...` routes: 401/403/404 unless the caller holds `need`. */
export function guard(need: Need) {
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const { id } = request.params as { id?: string };
    request.access = await request.server.authorizer.authorize(request, id ?? '', need);
  };
}

/**
 * onRequest hook of `/api/v1/admin/…` routes: only the installation's owner passes. It runs
 * before validation, so nobody else learns anything from a route's 400s.
 */
export async function installationOwnerOnly(request: FastifyRequest): Promise<void> {
  const p = request.principal;
  if (p.kind !== 'user' || !p.isInstanceOwner)
    throw new AppError(
      p.kind === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
      "the installation's owner only",
    );
}

/** Audit actor for a principal. */
export function actorOf(principal: Principal): {
  type: 'user' | 'api_key' | 'system';
  id?: string;
  name?: string;
} {
  switch (principal.kind) {
    case 'user':
      return { type: 'user', id: principal.userId, name: principal.displayName };
    case 'api_key':
      return { type: 'api_key', id: principal.keyId, name: principal.name };
    case 'anonymous':
      return { type: 'system', name: 'anonymous' };
  }
}

export const roleRank: Record<Role, number> = { member: 0, officer: 1, owner: 2 };
