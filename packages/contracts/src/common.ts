import { z } from 'zod';

/*
 * Building blocks for everything a request carries. Every request schema is made of these,
 * so each route refuses, before any handler runs, what PostgreSQL would choke on: NUL
 * characters (text columns cannot hold them), integers past `integer`, and dates outside
 * years 1900–9999 (`0000-01-01` is not a date PostgreSQL knows).
 */

/** PostgreSQL `integer`'s range. */
export const INT32_MIN = -2_147_483_648;
export const INT32_MAX = 2_147_483_647;

const hasNoNul = (s: string) => !s.includes('\u0000');

/** Text of at most `max` characters, without NUL. */
export const zText = (max: number) => z.string().max(max).refine(hasNoNul, 'must not contain NUL characters');

/** An id in a path (`:id`, `:memberId`): short text; services check its shape before a lookup. */
export const zId = zText(64);

/** An integer in a JSON body, within PostgreSQL `integer`. */
export const zInt = () => z.number().int().min(INT32_MIN).max(INT32_MAX);

/** An integer in a query string (`?limit=50`), within PostgreSQL `integer`. */
export const zQueryInt = () => z.coerce.number().int().min(INT32_MIN).max(INT32_MAX);

const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(10000, 0, 1);

/** An ISO 8601 instant with its offset, between years 1900 and 9999. */
export const zInstant = z.iso.datetime({ offset: true }).refine((s) => {
  const t = Date.parse(s);
  return t >= EARLIEST && t < LATEST;
}, 'must be a date between the years 1900 and 9999');

/** `{ id }` path parameters of `/communities/:id/…` routes. */
export const zIdParams = z.object({ id: zId });

export const zErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type TErrorBody = z.infer<typeof zErrorBody>;

export const zPageQuery = z.object({
  limit: zQueryInt().min(1).max(500).default(50),
  offset: zQueryInt().min(0).default(0),
});
export type TPageQuery = z.infer<typeof zPageQuery>;

/** Every list answers `{ items, total }`. */
export const zListOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int() });

export const zHealth = z.object({
  status: z.literal('ok'),
  db: z.enum(['pglite', 'postgres']),
  queue: z.enum(['inprocess', 'bullmq']),
  version: z.string(),
});
export type THealth = z.infer<typeof zHealth>;
