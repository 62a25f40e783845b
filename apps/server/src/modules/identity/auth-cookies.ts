import type { FastifyReply } from 'fastify';
import { SESSION_TTL_MS } from './identity.service';

/** The session cookie every sign-in ends with (the browser cookie of a sign-in in progress is in sign-in.ts). */
export const SESSION_COOKIE = 'gh_session';

const cookieBase = (secure: boolean) => ({ httpOnly: true, sameSite: 'lax' as const, secure, signed: true });

export function setSessionCookie(reply: FastifyReply, sessionId: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    ...cookieBase(secure),
    path: '/',
    maxAge: SESSION_TTL_MS / 1000,
  });
}
