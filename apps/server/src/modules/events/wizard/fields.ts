import { z } from 'zod';

/*
 * Building blocks of step schemas. Answers arrive as text (modals, form inputs) or lists of
 * picked ids; these turn them into typed values and leave the messages to the step.
 */

/** Text, trimmed; empty or absent is ''. */
export const text = (max: number) => z.string().trim().max(max).default('');

/** Text that must be there. */
export const requiredText = (max: number) => z.string().trim().min(1).max(max);

/** A whole number typed as text, within bounds; empty or absent is undefined. */
export const optionalInt = (min: number, max: number) =>
  z
    .string()
    .trim()
    .default('')
    .refine((s) => s === '' || /^-?\d+$/.test(s))
    .transform((s) => (s === '' ? undefined : Number(s)))
    .refine((n) => n === undefined || (n >= min && n <= max));

export const requiredInt = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/)
    .transform(Number)
    .refine((n) => n >= min && n <= max);

/** One picked id (a select's single value), or none. */
export const pickedId = z
  .union([z.string(), z.array(z.string()).max(1)])
  .default('')
  .transform((v) => (Array.isArray(v) ? (v[0] ?? '') : v).trim());

/** Several picked ids. */
export const pickedIds = (max: number) =>
  z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean))
    .pipe(z.array(z.uuid()).max(max));

export const isUuid = (s: string) => z.uuid().safeParse(s).success;

/** `https://…` and nothing else: links end up in Discord embeds and on the web. */
export const httpsUrl = (s: string) => {
  try {
    return new URL(s).protocol === 'https:' && s.startsWith('https://');
  } catch {
    return false;
  }
};
