import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors';

/**
 * Cross-site request forgery: a state-changing request a browser sends with the session
 * cookie must come from the dashboard's own origin. Applied to every route by default (a
 * route opts out only with `config: { csrf: false }`); requests authenticated by
 * `X-API-Key` (or a bearer token) are exempt, since a page on another origin cannot attach that header without
 * a CORS preflight this server never grants.
 *
 * The origin is read from `Origin`, else `Sec-Fetch-Site`, else `Referer`. A request with
 * none of them does not come from a browser that a page could have led (every current
 * browser sends `Origin` on a cross-origin POST and `Sec-Fetch-Site` on every request), so
 * it passes: the CLI, the agent and curl keep working. Go's `http.CrossOriginProtection`
 * applies the same rule.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false` exempts a route that authenticates by other means than the session cookie. */
    csrf?: boolean;
  }
}

export type CsrfVerdict = { ok: true } | { ok: false; reason: string };

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const originOf = (url: string): string | null => {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
};

export interface OriginRule {
  /** The origin of PUBLIC_URL, or of its default `http://localhost:$PORT`. */
  expected: string;
  /**
   * PUBLIC_URL was not set: the origin the browser addressed also counts (Host is set by the
   * browser, not by the page), so a LAN address or the Vite dev server keeps working.
   */
  orAddressedHost: boolean;
}

/** Whether the request's headers show it comes from the installation's own origin. */
export function checkSameOrigin(headers: FastifyRequest['headers'], rule: OriginRule): CsrfVerdict {
  const allowed = (origin: string | null) => {
    if (!origin) return false;
    if (origin === rule.expected) return true;
    const host = first(headers.host);
    return rule.orAddressedHost && host !== undefined && new URL(origin).host === host.toLowerCase();
  };

  const origin = first(headers.origin);
  if (origin !== undefined) {
    return allowed(origin === 'null' ? null : originOf(origin))
      ? { ok: true }
      : { ok: false, reason: `Origin ${origin.slice(0, 100)}` };
  }
  const site = first(headers['sec-fetch-site']);
  if (site !== undefined) {
    // `none`: the user typed or bookmarked it; no page was involved.
    return site === 'same-origin' || site === 'none'
      ? { ok: true }
      : { ok: false, reason: `Sec-Fetch-Site ${site.slice(0, 20)}` };
  }
  const referer = first(headers.referer);
  if (referer !== undefined) {
    return allowed(originOf(referer)) ? { ok: true } : { ok: false, reason: 'Referer of another origin' };
  }
  return { ok: true };
}

/** Registers the rule as an onRequest hook; call it after the principal is resolved. */
export function registerCsrfProtection(
  app: FastifyInstance,
  config: { PUBLIC_URL?: string | undefined; PORT: number },
): void {
  const rule: OriginRule = {
    expected: originOf(config.PUBLIC_URL ?? `http://localhost:${config.PORT}`) ?? '',
    orAddressedHost: config.PUBLIC_URL === undefined,
  };
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (request.routeOptions.config?.csrf === false) return;
    if (request.principal?.kind === 'api_key') return;
    // A bearer token is a header a page on another origin cannot attach without a preflight either.
    if (request.principal?.kind === 'user' && request.principal.tokenFamilyId) return;
    const verdict = checkSameOrigin(request.headers, rule);
    if (!verdict.ok) {
      throw new AppError(
        'CROSS_ORIGIN_REQUEST',
        `refused: this request changes data and was sent from another site (${verdict.reason})`,
      );
    }
  });
}
