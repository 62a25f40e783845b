import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { Config } from '../config';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The response carries a key, a credential or a session: `Cache-Control: no-store`. */
    noStore?: boolean;
    /**
     * The route reads `Authorization` itself (a scrape token for `/metrics`): no principal is
     * resolved from the request's credentials, and the request counts as anonymous.
     */
    ownCredentials?: boolean;
  }
}

/** Route config for responses that must never be cached. */
export const noStore = { noStore: true } as const;

const isHttps = (config: Config) => config.PUBLIC_URL?.startsWith('https:') ?? false;

/**
 * Helmet's headers for every response. The policy fits the built dashboard: its scripts and
 * styles are files of its own origin, it calls only its own API, and it is never framed.
 */
export function securityHeaders(config: Config): FastifyHelmetOptions {
  const https = isHttps(config);
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        // Over plain http (a LAN install) upgrading would break every request.
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    // Same-origin requests keep their Referer (the CSRF check's last fallback); others get none.
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: https ? { maxAge: 180 * 24 * 3600 } : false,
  };
}

/**
 * Swagger UI's page: the policy @fastify/swagger-ui writes for it, never framed, and with
 * inline styles allowed (Swagger UI applies some as it renders); scripts stay its own files.
 */
export function swaggerUiCsp(header: string, config: Config): string {
  let csp = header
    .replace(/frame-ancestors [^;]*;/, "frame-ancestors 'none';")
    .replace(/style-src [^;]*;/, "style-src 'self' 'unsafe-inline';");
  if (!isHttps(config)) csp = csp.replace(/\s*upgrade-insecure-requests;?/, '');
  return csp.trim();
}
