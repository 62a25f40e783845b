import { z } from 'zod';
import {
  createHttpClient,
  credentialTag,
  type HttpDeps,
  ProviderError,
} from '../../../core/outbound/http-client';
import type { BucketRule } from '../../../core/rate-limiter';

/**
 * Wise Old Man counts 20 requests a minute per IP without a key, 100 per key, in fixed
 * windows. A token bucket lets `capacity + rate × window` through in a window, so half of
 * each budget is the burst and half the steady rate: never more than the limit in any minute.
 */
export const WOM_RULES_PUBLIC: BucketRule[] = [{ capacity: 10, perMs: 60_000 }];
export const WOM_RULES_KEY: BucketRule[] = [{ capacity: 50, perMs: 60_000 }];

/** Docs ask every client to name itself and a contact; anonymous abusers are banned by IP. */
export const WOM_USER_AGENT =
  'Guildhall (self-hosted community hub; https://github.com/guildhall) osrs-harvest';

export type WomErrorCode =
  | 'INVALID_API_KEY'
  | 'GROUP_NOT_FOUND'
  | 'VALIDATION_ERROR'
  | 'RATE_LIMITED'
  | 'BLOCKED'
  | 'UNAVAILABLE'
  | 'UNEXPECTED';

/** A Wise Old Man failure in the terms the harvest acts on, with WOM's own words. */
export class WomError extends Error {
  constructor(
    readonly code: WomErrorCode,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(`Wise Old Man: ${message}`);
    this.name = 'WomError';
  }
}

const zPlayer = z.looseObject({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  type: z.string().nullish(),
  status: z.string().nullish(),
  exp: z.number().nullish(),
  ehp: z.number().nullish(),
  ehb: z.number().nullish(),
  updatedAt: z.string().nullish(),
});
export type WomPlayer = z.infer<typeof zPlayer>;

const zMembership = z.looseObject({
  playerId: z.number().int(),
  role: z.string(),
  clientSyncJoinedAt: z.string().nullish(),
  createdAt: z.string(),
  player: zPlayer,
});

const zGroupDetails = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  memberCount: z.number().int().nullish(),
  memberships: z.array(zMembership),
});
export type WomGroupDetails = z.infer<typeof zGroupDetails>;

/** A metric's value map: skills, bosses, activities and computed entries share this loose shape. */
const zMetricValue = z.looseObject({
  metric: z.string().optional(),
  experience: z.number().optional(),
  kills: z.number().optional(),
  score: z.number().optional(),
  value: z.number().optional(),
  rank: z.number().optional(),
  level: z.number().optional(),
  ehp: z.number().optional(),
  ehb: z.number().optional(),
});
const zMetricMap = z.record(z.string(), zMetricValue);

/** Snapshot `data`: every map iterated as sent, so metrics added to the game come through. */
const zSnapshotData = z.looseObject({
  skills: zMetricMap.default({}),
  bosses: zMetricMap.default({}),
  activities: zMetricMap.default({}),
  computed: zMetricMap.default({}),
});
export type WomSnapshotData = z.infer<typeof zSnapshotData>;

const zSnapshot = z.looseObject({ createdAt: z.string(), data: zSnapshotData });

const zBulkHiscores = z.array(z.looseObject({ player: zPlayer, data: zSnapshot }));
export type WomBulkHiscores = z.infer<typeof zBulkHiscores>;

const zBulkGained = z.array(
  z.looseObject({
    player: zPlayer,
    startDate: z.string().nullish(),
    endDate: z.string().nullish(),
    data: z.array(
      z.looseObject({ metric: z.string(), gained: z.number(), start: z.number(), end: z.number() }),
    ),
  }),
);
export type WomBulkGained = z.infer<typeof zBulkGained>;

const zErrorBody = z.looseObject({ code: z.string().optional(), message: z.string().optional() });

/** What an error body says, read once: WOM answers `{code, message}`, its limiter only `message`. */
function errorOf(body: unknown): { code?: string; message?: string } {
  const parsed = zErrorBody.safeParse(body);
  return parsed.success ? parsed.data : {};
}

/** 400 codes that mean Guildhall sent something Wise Old Man does not take. */
const INVALID_INPUT = new Set(['VALIDATION_ERROR', 'INVALID_PERIOD', 'INVALID_DATE_RANGE']);

/** Turns the shared client's failures into WOM's documented cases. */
function womError(err: unknown, lastBody: () => unknown): never {
  if (!(err instanceof ProviderError)) throw err;
  const { code, message } = errorOf(lastBody());
  const said = message ?? err.detail ?? err.message;
  switch (err.kind) {
    case 'forbidden':
      throw new WomError('INVALID_API_KEY', `the API key was refused (${said})`, err.status);
    case 'not_found':
      if (code === 'GROUP_NOT_FOUND')
        throw new WomError('GROUP_NOT_FOUND', `no such group (${said})`, err.status);
      throw new WomError('UNEXPECTED', `${err.message} (${code ?? 'no code'}: ${said})`, err.status);
    case 'bad_request':
      throw new WomError(
        code && INVALID_INPUT.has(code) ? 'VALIDATION_ERROR' : 'UNEXPECTED',
        `the request was refused (${code ?? 'no code'}: ${said})`,
        err.status,
      );
    case 'rate_limited':
      if (/blocked/i.test(said))
        throw new WomError('BLOCKED', `this address is blocked (${said})`, 429, err.retryAfterMs);
      throw new WomError('RATE_LIMITED', `rate limited (${said})`, 429, err.retryAfterMs);
    case 'server':
    case 'timeout':
    case 'network':
      throw new WomError(
        'UNAVAILABLE',
        `unavailable: ${err.message}${message ? ` (${said})` : ''}`,
        err.status,
      );
    default:
      throw new WomError('UNEXPECTED', err.message, err.status);
  }
}

export interface WomPeriod {
  startDate: Date;
  endDate: Date;
}

/**
 * Wise Old Man's group endpoints: only the group-level bulk ones, so a harvest costs the
 * same few calls for ten members or a thousand.
 */
export function createWomClient(deps: HttpDeps & { baseUrl: string; apiKey?: string }) {
  const http = createHttpClient(deps, {
    name: 'wiseoldman',
    baseUrl: deps.baseUrl,
    budget: deps.apiKey
      ? { bucket: `wiseoldman:${credentialTag(deps.apiKey)}`, rules: WOM_RULES_KEY }
      : { bucket: 'wiseoldman:public', rules: WOM_RULES_PUBLIC },
    headers: { 'user-agent': WOM_USER_AGENT, ...(deps.apiKey ? { 'x-api-key': deps.apiKey } : {}) },
  });
  let calls = 0;
  const get = async <T>(path: string, schema: z.ZodType<T>, query?: Record<string, string>) => {
    let body: unknown;
    calls += 1;
    try {
      return await http.request({
        path,
        query,
        schema,
        // Keeps the error body so its `code` tells a missing group from a missing route.
        classify: (_status, b) => {
          body = b;
          return undefined;
        },
      });
    } catch (err) {
      return womError(err, () => body);
    }
  };
  return {
    /** Requests sent so far (retries of one call count once). */
    get calls() {
      return calls;
    },
    group: (groupId: number) => get(`/groups/${groupId}`, zGroupDetails),
    /** Every member's latest snapshot. */
    bulkHiscores: (groupId: number) => get(`/groups/${groupId}/bulk-hiscores`, zBulkHiscores),
    /** Every metric's start and end for every member with snapshots in the window. */
    bulkGained: (groupId: number, window: WomPeriod) =>
      get(`/groups/${groupId}/bulk-gained`, zBulkGained, {
        startDate: window.startDate.toISOString(),
        endDate: window.endDate.toISOString(),
      }),
  };
}

export type WomClient = ReturnType<typeof createWomClient>;
