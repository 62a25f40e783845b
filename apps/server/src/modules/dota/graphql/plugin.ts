import { DOTA_HEROES } from '@guildhall/contracts';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { graphqlJs } from './graphql-js';

const { GraphQLError } = graphqlJs;
type GraphQLError = import('graphql').GraphQLError;

import mercurius from 'mercurius';
import type { AppContext } from '../../../core/context';
import { AppError } from '../../../core/errors';
import { dotaSchema } from '../schema.graphql';
import type { DotaServices } from '../types';
import { buildContext, type GraphqlContext } from './context';
import { GraphqlRequestError } from './errors';
import { useGraphqlShapes } from './http-shapes';
import { LIMITS } from './inputs';
import { createQueryLimiter, DEFAULT_LIMITS, type Limits, type ListSize } from './limits';
import { resolvers } from './resolvers';

export interface DotaGraphqlOptions {
  ctx: AppContext;
  services: DotaServices;
  /** Depth, cost and alias ceilings (the defaults suit the schema and a standard introspection). */
  limits?: Partial<Limits>;
  /** Operations one POST may batch (an array body); more is refused whole. */
  maxBatch?: number;
  /** GraphiQL at `/graphiql`: off unless asked for (never in production). */
  graphiql?: boolean;
}

/** Tokens a query document may hold: a standard introspection query takes about 300. */
const MAX_TOKENS = 3_000;
const heroCount = Math.max(DOTA_HEROES.length, 130);

/** How many items each list of the schema holds at most, for the cost limit. */
const listSizes: Record<string, ListSize> = {
  'Query.heroes': heroCount,
  'Query.strengths': heroCount,
  'Query.matchups': { arg: 'limit', ...LIMITS.matchups },
  'Query.suggestions': { arg: 'limit', ...LIMITS.suggestions },
  'Query.matches': { arg: 'limit', ...LIMITS.matches },
  'Hero.roles': 10,
  'Suggestion.reasons': 12,
  'Match.radiant': 5,
  'Match.dire': 5,
  'Me.personal': heroCount,
  'Preferences.roles': 5,
  'Preferences.heroPool': 30,
};

/**
 * GraphQL at `/graphql` (mercurius) over the dota module's services. Credentials are the REST
 * routes' own, resolved by the core before this runs: `X-API-Key`, `Authorization: Bearer`,
 * or the session cookie (whose POSTs pass the core CSRF rule; GET runs queries only).
 */
export const dotaGraphqlRoutes: FastifyPluginAsync<DotaGraphqlOptions> = async (app, opts) => {
  const limits = { ...DEFAULT_LIMITS, ...opts.limits };
  const maxBatch = opts.maxBatch ?? 5;

  useGraphqlShapes(app);
  // The OpenAPI document describes the REST routes (its transform reads zod); GraphQL has its own schema.
  app.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
  await app.register(mercurius, {
    schema: dotaSchema,
    resolvers: resolvers as never,
    path: '/graphql',
    graphiql: opts.graphiql ?? false,
    allowBatchedQueries: true,
    context: (request: FastifyRequest, _reply: FastifyReply) =>
      buildContext(request, opts.ctx, opts.services),
    graphql: { parseOptions: { maxTokens: MAX_TOKENS } },
    errorFormatter: (execution, context) =>
      formatErrors(execution, context as unknown as GraphqlContext | undefined),
    additionalRouteOptions: {
      config: { noStore: true },
      preHandler: async (request: FastifyRequest) => {
        if (Array.isArray(request.body) && request.body.length > maxBatch)
          throw new GraphqlRequestError(
            'BATCH_TOO_LARGE',
            `a batch holds at most ${maxBatch} operations (this one has ${request.body.length})`,
          );
      },
    },
  });

  const check = createQueryLimiter(app.graphql.schema, listSizes, limits);
  app.graphql.addHook('preExecution', async (_schema, document, context, variables) => {
    // The operation's name is not handed to this hook: with several operations, the worst is priced.
    void context;
    const verdict = check(document, undefined, (variables ?? {}) as Record<string, unknown>);
    if (verdict.error)
      throw new GraphqlRequestError(verdict.error.code, verdict.error.message, 400, {
        depth: verdict.depth,
        cost: verdict.cost,
        aliases: verdict.aliases,
      });
  });
};

interface Execution {
  data?: unknown;
  errors?: readonly GraphQLError[];
  statusCode?: number;
}

/**
 * One error shape: every error carries `extensions.code`. Errors that refuse the request
 * (parse, validation, limits, credentials, CSRF) answer their 4xx with `data: null`; errors of
 * one field answer 200 beside the other fields' data. Internals never leave the server.
 */
function formatErrors(execution: Execution, context: GraphqlContext | undefined) {
  const log = context?.request?.log;
  let status = 200;
  const errors = (execution.errors ?? []).flatMap((error) => {
    const original = error.originalError as
      | (Error & { errors?: unknown[]; code?: string; statusCode?: number })
      | undefined;
    if (original?.code === 'MER_ERR_METHOD_NOT_ALLOWED') {
      status = 405;
      return [withCode(new GraphQLError('mutations are sent with POST, not GET'), 'METHOD_NOT_ALLOWED')];
    }
    // mercurius wraps parse and validation failures (MER_ERR_GQL_VALIDATION) in one error.
    if (original && Array.isArray(original.errors)) {
      status = Math.max(status, original.statusCode ?? 400);
      return original.errors.map((inner) => {
        const e =
          inner instanceof GraphQLError ? inner : new GraphQLError(String((inner as Error).message ?? inner));
        const parse = e.message.startsWith('Syntax Error');
        return withCode(e, parse ? 'GRAPHQL_PARSE_FAILED' : 'GRAPHQL_VALIDATION_FAILED');
      });
    }
    if (original instanceof AppError) {
      if (!execution.data) status = Math.max(status, original.status);
      return [
        withCode(error, original.code, original.details === undefined ? {} : { details: original.details }),
      ];
    }
    if (original instanceof GraphqlRequestError) {
      status = Math.max(status, original.statusCode);
      return [withCode(error, original.extensions.code, original.extensions)];
    }
    const code = error.extensions?.code;
    if (typeof code === 'string') return [error];
    if (!original) {
      // graphql-js's own execution errors (a variable of the wrong type, a null for a non-null).
      return [withCode(error, 'BAD_USER_INPUT')];
    }
    if (typeof original.statusCode === 'number' && original.statusCode >= 400 && original.statusCode < 500) {
      status = Math.max(status, original.statusCode);
      return [withCode(new GraphQLError(original.message), 'BAD_REQUEST' as never)];
    }
    log?.error({ err: original }, 'graphql resolver failed');
    return [new GraphQLError('internal error', { path: error.path, extensions: { code: 'INTERNAL' } })];
  });
  return {
    statusCode: status,
    response: { data: (execution.data as Record<string, unknown> | null | undefined) ?? null, errors },
  };
}

function withCode(error: GraphQLError, code: string, extra: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...extra, code },
  });
}
