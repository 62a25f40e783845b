import { z } from 'zod';

export const zErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type TErrorBody = z.infer<typeof zErrorBody>;

export const zPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
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

export const zIsoDate = z.iso.datetime({ offset: true });
