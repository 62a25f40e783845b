import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import { zHealth } from '@guildhall/contracts';
import Fastify, { type FastifyError, type FastifyInstance, LogController } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import type { AppContext } from './core/context';
import { registerCsrfProtection } from './core/csrf';
import { defaultAgentDist, registerDownloads } from './core/downloads.routes';
import { AppError, type ErrorBody, fromDatabaseError } from './core/errors';
import { withOwnIds } from './core/logger';
import { countWebSockets, registerMetrics } from './core/metrics.routes';
import { defaultWebDist, hasDashboard, missingDashboardPage } from './core/missing-dashboard';
import { registerRequestScope } from './core/request-scope';
import { securityHeaders, swaggerUiCsp } from './core/security-headers';
import { createAuthorizer } from './modules/access';
import { externalRoles, modules } from './modules/registry';

export const version = '0.1.0';

export interface BuildOptions {
  /** Extra routes registered after the modules (the CLI's loopback admin channel). */
  extra?: (app: FastifyInstance) => Promise<void>;
  /** The built dashboard; served at `/` with SPA fallback when it holds an index.html. */
  webDist?: string;
  /** The agent's build output (apps/agent/dist), served under /downloads/. */
  agentDist?: string;
}

/** Builds the HTTP app over a context. Never listens: main.ts does, tests use inject(). */
export async function buildApp(ctx: AppContext, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log,
    // request.log's bindings carry its reqId: the scope's mixin does not add it a second time.
    childLoggerFactory: (logger, bindings, opts) => withOwnIds(logger.child(bindings, opts)),
    bodyLimit: ctx.config.BODY_LIMIT_BYTES,
    // Off unless configured: a trusted X-Forwarded-For is the address rate limits key on.
    trustProxy: trustProxyOption(ctx.config.TRUST_PROXY),
    // Per-request lines only when debugging: at 10k req/s they would be most of the work.
    logController: new LogController({
      disableRequestLogging: ctx.config.LOG_LEVEL !== 'debug' && ctx.config.LOG_LEVEL !== 'trace',
    }),
  }).withTypeProvider<ZodTypeProvider>();

  // First of all hooks, so the authorizer's queries and everything after run in the request's scope.
  registerRequestScope(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const { status, body } = toErrorResponse(err);
    if (status >= 500) request.log.error({ err }, 'request failed');
    return reply.code(status).send(body);
  });

  // Graceful shutdown: responses finished while closing ask keep-alive clients to hang up,
  // so close() does not wait out the keep-alive timeout on their sockets.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });

  await app.register(fastifyHelmet, securityHeaders(ctx.config));
  app.addHook('onSend', (request, reply, payload, done) => {
    // Keys, credentials and sessions never stay in a browser's or a proxy's cache.
    if (request.routeOptions.config?.noStore) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  await app.register(fastifyCookie, { secret: ctx.cookieSecret });
  await app.register(fastifyRateLimit, {
    max: ctx.config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    ...(ctx.config.REDIS_URL
      ? {
          redis: new Redis(ctx.config.REDIS_URL, { maxRetriesPerRequest: 1 }),
          nameSpace: `${ctx.config.REDIS_PREFIX}:rl:`,
        }
      : {}),
    errorResponseBuilder: (_req, context) =>
      new AppError('RATE_LIMITED', `too many requests: retry in ${Math.ceil(context.ttl / 1000)} s`),
  });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Guildhall API',
        version,
        description: 'Self-hosted command centre for gaming communities',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
          session: { type: 'apiKey', in: 'cookie', name: 'gh_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    // Swagger UI's own page needs its inline script and styles: it gets its own policy.
    staticCSP: true,
    transformStaticCSP: (header) => swaggerUiCsp(header, ctx.config),
  });

  app.decorate('authorizer', createAuthorizer(ctx, externalRoles(ctx)));
  app.decorateRequest('principal', null as never);
  app.decorateRequest('access', null);
  app.addHook('onRequest', async (request) => {
    request.principal = request.routeOptions.config?.ownCredentials
      ? { kind: 'anonymous' }
      : await app.authorizer.resolvePrincipal(request);
  });
  registerCsrfProtection(app, ctx.config);
  registerMetrics(app, ctx.config);
  // Once for the whole app: an upgrade to a path no route takes is refused, not left hanging.
  // Frames above 64 KiB are cut off here; a draft room refuses anything over 1 KiB with a typed error.
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  countWebSockets(app);

  app.get('/api/health', { schema: { tags: ['system'], response: { 200: zHealth } } }, async () => {
    await ctx.pingDatabase();
    return { status: 'ok' as const, db: ctx.dbKind, queue: ctx.queue.kind, version };
  });

  for (const m of modules) if (m.routes) await app.register(m.routes, { ctx });
  if (opts.extra) await opts.extra(app);
  await registerDownloads(app, opts.agentDist ?? defaultAgentDist);

  const webRoot = opts.webDist ?? defaultWebDist;
  const hasWeb = hasDashboard(webRoot);
  if (hasWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    const wantsPage =
      request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/docs');
    if (hasWeb && wantsPage) return reply.type('text/html').sendFile('index.html');
    // No dashboard built: a browser (the first-start login link lands on `/`) learns how to build it.
    if (wantsPage)
      return reply.code(503).type('text/html; charset=utf-8').send(missingDashboardPage(webRoot));
    return reply
      .code(404)
      .send(new AppError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`).toBody());
  });
  return app;
}

/** TRUST_PROXY as Fastify takes it: a hop count trusts that many proxies nearest the server. */
function trustProxyOption(trust: AppContext['config']['TRUST_PROXY']) {
  if (typeof trust !== 'number') return trust;
  return (_address: string, hop: number) => hop < trust;
}

/** Maps any thrown error to the one error shape; 5xx never carry internals. */
export function toErrorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) return { status: err.status, body: err.toBody() };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues = err.validation.map((v) => ({ path: v.instancePath || '/', message: v.message }));
    const where = err.validationContext ?? 'request';
    return {
      status: 400,
      body: new AppError(
        'VALIDATION_FAILED',
        `invalid ${where}: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`,
        issues,
      ).toBody(),
    };
  }
  const e = err as FastifyError;
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return { status: 413, body: new AppError('PAYLOAD_TOO_LARGE', 'request body too large').toBody() };
  if (e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return { status: 415, body: new AppError('UNSUPPORTED_MEDIA_TYPE', 'unsupported content type').toBody() };
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, body: new AppError('BAD_REQUEST', e.message).toBody() };
  }
  const data = fromDatabaseError(err);
  if (data) return { status: data.status, body: data.toBody() };
  return { status: 500, body: new AppError('INTERNAL', 'internal error').toBody() };
}
