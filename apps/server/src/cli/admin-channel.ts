import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AppContext } from '../core/context';
import { AppError } from '../core/errors';
import { randomToken, safeEqual } from '../core/secrets';
import { TOKEN_HEADER } from './admin-client';
import { runOperation } from './operations';

/**
 * PGlite admits one process. While `serve` holds the embedded database, CLI commands on the
 * same data directory are handed to it over a loopback-only route, authenticated by a
 * token the server writes (mode 0600) into the data directory.
 */

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function registerAdminChannel(app: FastifyInstance, ctx: AppContext, token: string): void {
  app.post(
    '/api/internal/cli',
    {
      schema: { hide: true, body: z.object({ op: z.string(), args: z.unknown() }) },
      // The token header is the proof of origin here: no page can send it.
      config: { rateLimit: false, csrf: false },
    },
    async (request) => {
      const given = request.headers[TOKEN_HEADER];
      if (
        !LOOPBACK.has(request.socket.remoteAddress ?? '') ||
        typeof given !== 'string' ||
        !safeEqual(given, token)
      ) {
        throw new AppError('FORBIDDEN', 'the admin channel answers the local CLI only');
      }
      const { op, args } = request.body as { op: string; args: unknown };
      return { lines: await runOperation(ctx, op, args) };
    },
  );
}

export const newAdminToken = () => randomToken(32);
