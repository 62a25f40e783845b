import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../../core/context';
import { AppError } from '../../core/errors';
import { randomToken, sha256Hex } from '../../core/secrets';
import type { linkProviders } from './identity.tables';
import * as repo from './sign-in.repo';

/**
 * The one mechanism every provider sign-in goes through (Discord, Battle.net, Steam's
 * OpenID): the state is kept server-side, hashed, bound to the browser that started
 * the sign-in, single-use and expiring; linking an account to a user who is already signed
 * in waits for that user's explicit confirmation (see link-page.ts).
 */

export type LinkProvider = (typeof linkProviders)[number];

export const STATE_TTL_MS = 10 * 60 * 1000;
export const PENDING_LINK_TTL_MS = 10 * 60 * 1000;
const BROWSER_TTL_S = 24 * 3600;

/**
 * The pre-sign-in browser cookie: a random id, signed. Over https it takes the `__Host-`
 * prefix, so a sibling subdomain cannot plant one.
 */
export const browserCookieName = (secure: boolean) => (secure ? '__Host-gh_browser' : 'gh_browser');

const readBrowserId = (request: FastifyRequest, secure: boolean): string | null => {
  const raw = request.cookies[browserCookieName(secure)];
  const unsigned = raw ? request.unsignCookie(raw) : undefined;
  return unsigned?.valid && unsigned.value ? unsigned.value : null;
};

/** The browser's id, set (or its lifetime renewed) on the reply. */
function ensureBrowserId(request: FastifyRequest, reply: FastifyReply, secure: boolean): string {
  const id = readBrowserId(request, secure) ?? randomToken(24);
  reply.setCookie(browserCookieName(secure), id, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    signed: true,
    path: '/',
    maxAge: BROWSER_TTL_S,
  });
  return id;
}

/** The browser's id as stored: hashed, so the table never holds a usable cookie value. */
const browserHashOf = (browserId: string) => sha256Hex(`browser:${browserId}`);

/** Starts a sign-in: answers the state to send to the provider. */
export async function beginSignIn(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  provider: LinkProvider,
  context: Record<string, string> = {},
  now = new Date(),
): Promise<string> {
  const secure = isSecure(ctx);
  const state = randomToken(24);
  await repo.insertSignInState(
    ctx.db,
    {
      stateHash: sha256Hex(state),
      provider,
      browserHash: browserHashOf(ensureBrowserId(request, reply, secure)),
      context,
      expiresAt: new Date(now.getTime() + STATE_TTL_MS),
    },
    now,
  );
  return state;
}

export const zOAuthCallbackQuery = z.object({
  code: z.string().min(1).max(2000).optional(),
  state: z.string().min(1).max(200),
  error: z.string().max(200).optional(),
});

/**
 * Uses up a sign-in's state: it must have been given to this browser for this provider and
 * not have expired. Answers what the sign-in was for. OAuth callbacks go through
 * finishSignIn; Steam's OpenID return (no code, the state rides in `return_to`) calls this.
 */
export async function consumeSignInState(
  ctx: AppContext,
  request: FastifyRequest,
  provider: LinkProvider,
  providerLabel: string,
  state: string,
  now = new Date(),
): Promise<Record<string, string>> {
  const browserId = readBrowserId(request, isSecure(ctx));
  const row = browserId
    ? await repo.consumeSignInState(
        ctx.db,
        { stateHash: sha256Hex(state), provider, browserHash: browserHashOf(browserId) },
        now,
      )
    : undefined;
  if (!row) {
    throw new AppError(
      'OAUTH_FAILED',
      `this ${providerLabel} sign-in expired, was already used or was not started in this browser; start again`,
    );
  }
  return row.context;
}

/** An OAuth callback: uses up its state, then answers the authorization code and the context. */
export async function finishSignIn(
  ctx: AppContext,
  request: FastifyRequest,
  provider: LinkProvider,
  providerLabel: string,
  query: z.infer<typeof zOAuthCallbackQuery>,
  now = new Date(),
): Promise<{ code: string; context: Record<string, string> }> {
  const context = await consumeSignInState(ctx, request, provider, providerLabel, query.state, now);
  if (query.error || !query.code) {
    throw new AppError(
      'OAUTH_FAILED',
      `${providerLabel} sign-in was cancelled (${query.error ?? 'no code'})`,
    );
  }
  return { code: query.code, context };
}

/**
 * Remembers a value the provider promises to send once (Steam's response nonce) until
 * `until`; answers false when it was seen before: a replayed answer.
 */
export async function rememberProviderNonce(
  ctx: AppContext,
  provider: LinkProvider,
  nonce: string,
  until: Date,
  now = new Date(),
): Promise<boolean> {
  return repo.rememberOnce(
    ctx.db,
    { stateHash: sha256Hex(`nonce:${provider}:${nonce}`), provider, expiresAt: until },
    now,
  );
}

export interface LinkOffer {
  userId: string;
  provider: LinkProvider;
  providerAccountId: string;
  displayName: string | null;
  context?: Record<string, unknown>;
}

/** Keeps an account waiting for the signed-in user's confirmation; answers the page to show. */
export async function offerLink(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  offer: LinkOffer,
  now = new Date(),
): Promise<string> {
  const id = randomToken(24);
  await repo.insertPendingLink(
    ctx.db,
    {
      idHash: sha256Hex(id),
      userId: offer.userId,
      browserHash: browserHashOf(ensureBrowserId(request, reply, isSecure(ctx))),
      provider: offer.provider,
      providerAccountId: offer.providerAccountId,
      displayName: offer.displayName,
      context: offer.context ?? {},
      expiresAt: new Date(now.getTime() + PENDING_LINK_TTL_MS),
    },
    now,
  );
  return `/auth/${offer.provider}/link?p=${encodeURIComponent(id)}`;
}

export type PendingLink = repo.PendingLinkRow;

const pendingWhere = (ctx: AppContext, request: FastifyRequest, provider: LinkProvider, id: string) => {
  const p = request.principal;
  const browserId = readBrowserId(request, isSecure(ctx));
  if (p.kind !== 'user' || !browserId) return null;
  return { idHash: sha256Hex(id), provider, userId: p.userId, browserHash: browserHashOf(browserId) };
};

const noPending = (providerLabel: string) =>
  new AppError('NOT_FOUND', `no ${providerLabel} account is waiting to be linked here; sign in again`);

/** The pending link the confirmation page names (not used up). */
export async function findPendingLink(
  ctx: AppContext,
  request: FastifyRequest,
  provider: LinkProvider,
  providerLabel: string,
  id: string,
  now = new Date(),
): Promise<PendingLink> {
  const where = pendingWhere(ctx, request, provider, id);
  const row = where ? await repo.findPendingLink(ctx.db, where, now) : undefined;
  if (!row) throw noPending(providerLabel);
  return row;
}

/** Uses up the pending link on the confirmation's POST. */
export async function takePendingLink(
  ctx: AppContext,
  request: FastifyRequest,
  provider: LinkProvider,
  providerLabel: string,
  id: string,
  now = new Date(),
): Promise<PendingLink> {
  const where = pendingWhere(ctx, request, provider, id);
  const row = where ? await repo.consumePendingLink(ctx.db, where, now) : undefined;
  if (!row) throw noPending(providerLabel);
  return row;
}

export const isSecure = (ctx: AppContext) => ctx.config.PUBLIC_URL?.startsWith('https:') ?? false;
