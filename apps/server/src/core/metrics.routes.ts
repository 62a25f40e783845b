import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { AppError } from './errors';
import { httpRequestDuration, metricsRegistry, openLiveConnection } from './metrics';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * A scrape from this machine (no proxy in between: a forwarded request is not loopback, even
 * when the proxy itself runs here) or one carrying `METRICS_TOKEN` as a bearer token.
 */
function mayScrape(request: FastifyRequest, token: string | undefined): boolean {
  const forwarded =
    request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  if (!forwarded && LOOPBACK.has(request.socket.remoteAddress ?? '')) return true;
  const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (!token || !given) return false;
  const hash = (s: string) => crypto.createHash('sha256').update(s).digest();
  return crypto.timingSafeEqual(hash(given), hash(token));
}

/** Times every request by its route pattern (bounded labels) and serves `GET /metrics`. */
export function registerMetrics(app: FastifyInstance, config: Config): void {
  app.addHook('onResponse', (request, reply, done) => {
    httpRequestDuration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.get(
    '/metrics',
    { schema: { hide: true }, config: { ownCredentials: true } },
    async (request, reply) => {
      if (!mayScrape(request, config.METRICS_TOKEN)) {
        throw new AppError(
          'FORBIDDEN',
          'metrics answer on loopback, or with Authorization: Bearer $METRICS_TOKEN',
        );
      }
      reply.header('content-type', metricsRegistry.contentType);
      reply.header('cache-control', 'no-store');
      return metricsRegistry.metrics();
    },
  );
}

/** Every WebSocket the app accepts (the dota draft rooms and any later one) counts as a live connection. */
export function countWebSockets(app: FastifyInstance): void {
  app.websocketServer.on('connection', (socket: { once(event: 'close', fn: () => void): void }) => {
    socket.once('close', openLiveConnection('websocket'));
  });
}
