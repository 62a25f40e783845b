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
  TELEMETRY_NOT_JSON: 400,
  TELEMETRY_NOT_ARRAY: 400,
  TELEMETRY_EMPTY_BATCH: 400,
  TELEMETRY_EVENTS_REJECTED: 400,
  IDEMPOTENCY_KEY_REUSED: 422,
  LUA_SYNTAX: 422,
  UNPROCESSABLE: 422,
  UPLOAD_NOT_RECOGNISED: 422,
  INTEGRATION_NOT_CONFIGURED: 422,
  DISCORD_ACCOUNT_NOT_LINKED: 422,
  UNAUTHENTICATED: 401,
  INVALID_API_KEY: 401,
  INVALID_LOGIN_TOKEN: 401,
  INVALID_ACCESS_TOKEN: 401,
  INVALID_REFRESH_TOKEN: 401,
  REFRESH_TOKEN_REUSED: 401,
  ACCOUNT_DEACTIVATED: 403,
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
  TELEMETRY_RAID_NOT_FOUND: 404,
  TELEMETRY_PULL_NOT_FOUND: 404,
  DISCORD_SERVER_NOT_FOUND: 404,
  CONFLICT: 409,
  LAST_OWNER: 409,
  IDEMPOTENCY_KEY_IN_PROGRESS: 409,
  INVALID_VALUE: 400,
  REFERENCE_NOT_FOUND: 404,
  STILL_REFERENCED: 409,
  ALREADY_EXISTS: 409,
  UPLOAD_TOO_LARGE: 413,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  EVENT_NOT_FOUND: 404,
  SIGNUP_NOT_FOUND: 404,
  EVENT_TITLE_TAKEN: 409,
  VERSION_CONFLICT: 409,
  EVENT_TRANSITION_NOT_ALLOWED: 409,
  SIGNUPS_CLOSED: 409,
  INVALID_CALENDAR_TOKEN: 401,
  INVITE_NOT_FOUND: 404,
  INVITE_USED: 410,
  INVITE_EXPIRED: 410,
  INVITE_REVOKED: 410,
  INTERNAL: 500,
  PROVIDER_UNAVAILABLE: 502,
  UNAVAILABLE: 503,
  DOWNLOAD_NOT_BUILT: 404,
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

/** The SQLSTATE of a PostgreSQL error, whichever driver raised it and however deep drizzle wrapped it. */
function sqlState(err: unknown): { code: string; message: string } | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && /^2[23]/.test(code))
      return { code, message: typeof message === 'string' ? message : '' };
    e = cause;
  }
  return undefined;
}

/**
 * PostgreSQL's data errors as 4xx, so input nobody validated for still gets a stable code:
 * class 22 (a value the column cannot hold: NUL, out of range, bad date) is the caller's
 * input; 23503 is a missing referenced row (or one still referenced, on delete); other
 * integrity violations are conflicts. The message never carries the database's text.
 */
export function fromDatabaseError(err: unknown): AppError | undefined {
  const state = sqlState(err);
  if (!state) return undefined;
  const { code, message } = state;
  if (code.startsWith('22'))
    return new AppError('INVALID_VALUE', 'a value in the request is malformed or out of range', {
      sqlState: code,
    });
  if (code === '23503') {
    return message.startsWith('update or delete')
      ? new AppError('STILL_REFERENCED', 'other records still refer to this one')
      : new AppError('REFERENCE_NOT_FOUND', 'the request refers to a record that does not exist');
  }
  if (code === '23505') return new AppError('ALREADY_EXISTS', 'a record with these values already exists');
  if (code === '23502' || code === '23514')
    return new AppError('INVALID_VALUE', 'a value in the request is missing or not allowed', {
      sqlState: code,
    });
  if (code.startsWith('23')) return new AppError('CONFLICT', 'the change conflicts with stored data');
  return undefined;
}
