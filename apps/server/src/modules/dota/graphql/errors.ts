import { graphqlJs } from './graphql-js';

const { GraphQLError } = graphqlJs;
type GraphQLError = import('graphql').GraphQLError;

/**
 * The stable codes a GraphQL answer carries in `errors[].extensions.code`, besides the REST
 * catalogue's own codes (UNAUTHENTICATED, FORBIDDEN, MISSING_SCOPE, COMMUNITY_NOT_FOUND…),
 * which pass through unchanged.
 */
export type GraphqlErrorCode =
  | 'BAD_USER_INPUT'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'QUERY_TOO_DEEP'
  | 'QUERY_TOO_COSTLY'
  | 'TOO_MANY_ALIASES'
  | 'BATCH_TOO_LARGE'
  | 'METHOD_NOT_ALLOWED'
  | 'INTERNAL';

/** An error that refuses the whole request before anything runs: answered with `status`. */
export class GraphqlRequestError extends Error {
  readonly extensions: { code: GraphqlErrorCode; [k: string]: unknown };
  constructor(
    code: GraphqlErrorCode,
    message: string,
    readonly statusCode = 400,
    extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'GraphqlRequestError';
    this.extensions = { code, ...extra };
  }
}

/** An argument a resolver refuses: the field answers null with this error, nothing changes. */
export function badInput(message: string, argument: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argument } });
}
