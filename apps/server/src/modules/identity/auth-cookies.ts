import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { safeEqual } from '../../core/secrets';
import { SESSION_TTL_MS } from './identity.service';

/**
 * The cookies every sign-in shares: the session cookie, and the short-lived OAuth state
 * cookie that ties a provider's callback to the browser that started it.
 */
export const SESSION_COOKIE = 'gh_session';
const STATE_TTL_S = 600;

const cookieBase = (secure: boolean) => ({ httpOnly: true, sameSite: 'lax' as const, secure, signed: true });

export function setSessionCookie(reply: FastifyReply, sessionId: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    ...cookieBase(secure),
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export interface StateCookie {
  name: string;
  /** Only the provider's own routes receive it. */
  path: string;
}

export function setStateCookie(
  reply: FastifyReply,
  cookie: StateCookie,
  value: string,
  secure: boolean,
): void {
  reply.setCookie(cookie.name, value, { ...cookieBase(secure), path: cookie.path, maxAge: STATE_TTL_S });
}

/** Reads (and clears) the state cookie: its value when the signature holds, null otherwise. */
export function takeStateCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  cookie: StateCookie,
): string | null {
  const raw = request.cookies[cookie.name];
  const unsigned = raw ? request.unsignCookie(raw) : undefined;
  reply.clearCookie(cookie.name, { path: cookie.path });
  return unsigned?.valid && unsigned.value ? unsigned.value : null;
}

export const zOAuthCallbackQuery = z.object({
  code: z.string().min(1).max(2000).optional(),
  state: z.string().min(1).max(200),
  error: z.string().max(200).optional(),
});

/** The authorization code of a callback whose state matches the one this browser was given. */
export function callbackCode(
  provider: string,
  query: z.infer<typeof zOAuthCallbackQuery>,
  expectedState: string | null,
): string {
  if (!expectedState || !safeEqual(expectedState, query.state)) {
    throw new AppError(
      'OAUTH_FAILED',
      `this ${provider} sign-in expired or was not started here; start again`,
    );
  }
  if (query.error || !query.code) {
    throw new AppError('OAUTH_FAILED', `${provider} sign-in was cancelled (${query.error ?? 'no code'})`);
  }
  return query.code;
}
