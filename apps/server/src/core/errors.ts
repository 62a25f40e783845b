/**
 * The one catalogue of error codes the API answers with. Codes are stable: clients and
 * the agent branch on them, so a code is never renamed, only added.
 */
export const errorCatalogue = {
  BAD_REQUEST: 400,
  VALIDATION_FAILED: 400,
  CONFIRMATION_REQUIRED: 400,
  INVALID_GZIP: 400,
  CONTENT_HASH_MISMATCH: 400,
  LUA_SYNTAX: 422,
  UNPROCESSABLE: 422,
  UPLOAD_NOT_RECOGNISED: 422,
  INTEGRATION_NOT_CONFIGURED: 422,
  UNAUTHENTICATED: 401,
  INVALID_API_KEY: 401,
  INVALID_LOGIN_TOKEN: 401,
  OAUTH_FAILED: 401,
  FORBIDDEN: 403,
  MISSING_SCOPE: 403,
  MISSING_PERMISSION: 403,
  CROSS_ORIGIN_REQUEST: 403,
  NOT_FOUND: 404,
  COMMUNITY_NOT_FOUND: 404,
  MEMBER_NOT_FOUND: 404,
  JOB_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  WEBHOOK_NOT_FOUND: 404,
  CONFLICT: 409,
  UPLOAD_TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  PROVIDER_UNAVAILABLE: 502,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorCatalogue;

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** An expected failure with a stable code; the error handler turns it into HTTP. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = errorCatalogue[code];
  }

  toBody(): ErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export const notFound = (code: Extract<ErrorCode, `${string}NOT_FOUND`>, what: string) =>
  new AppError(code, `${what} not found`);
