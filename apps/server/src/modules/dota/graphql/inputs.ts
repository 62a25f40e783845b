import { type TDotaDraftState, type TDotaModelKey, zDotaDraftState } from '@guildhall/contracts';
import type { z } from 'zod';
import { badInput } from './errors';

/** Argument checks shared by the resolvers: each refusal names the argument and why. */

export const LIMITS = {
  matchups: { default: 20, max: 150 },
  suggestions: { default: 20, max: 150 },
  matches: { default: 20, max: 100 },
} as const;

export function limitArg(value: number | null | undefined, bounds: { default: number; max: number }): number {
  if (value === undefined || value === null) return bounds.default;
  if (!Number.isInteger(value) || value < 1 || value > bounds.max)
    throw badInput(`limit must be a whole number from 1 to ${bounds.max}`, 'limit');
  return value;
}

export function modelKeyArg(args: {
  patch?: number | null;
  bracket?: number | null;
}): Partial<TDotaModelKey> {
  const key: Partial<TDotaModelKey> = {};
  if (args.patch !== undefined && args.patch !== null) {
    if (args.patch < 0 || args.patch > 1000) throw badInput('patch must be from 0 to 1000', 'patch');
    key.patch = args.patch;
  }
  if (args.bracket !== undefined && args.bracket !== null) {
    if (args.bracket < 0 || args.bracket > 8)
      throw badInput('bracket must be 0 (every rank) or a medal from 1 to 8', 'bracket');
    key.bracket = args.bracket;
  }
  return key;
}

export function heroArg(id: number, known: ReadonlyMap<number, unknown>, argument = 'heroId'): number {
  if (!known.has(id)) throw badInput(`no hero has the id ${id}`, argument);
  return id;
}

/** A 32-bit Steam account id as OpenDota numbers them. */
export function accountArg(value: number | null | undefined, argument = 'accountId'): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > 4294967294)
    throw badInput('accountId must be a 32-bit Steam account id (1 to 4294967294)', argument);
  return value;
}

export function matchIdArg(value: number | null | undefined, argument: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Number.isSafeInteger(value) || value < 1) throw badInput(`${argument} must be a match id`, argument);
  return value;
}

/** A draft: the contract's bounds, heroes that exist, and no hero twice across picks and bans. */
export function draftArg(
  args: {
    allies?: number[] | null;
    enemies?: number[] | null;
    bans?: number[] | null;
    accountId?: number | null;
    position?: number | null;
  },
  known: ReadonlyMap<number, unknown>,
): TDotaDraftState {
  const parsed = zDotaDraftState.safeParse({
    allies: args.allies ?? [],
    enemies: args.enemies ?? [],
    bans: args.bans ?? [],
    ...(args.accountId === undefined || args.accountId === null ? {} : { accountId: args.accountId }),
    ...(args.position === undefined || args.position === null ? {} : { position: args.position }),
  });
  if (!parsed.success)
    throw badInput(describe(parsed.error), String(parsed.error.issues[0]?.path[0] ?? 'draft'));
  const seen = new Set<number>();
  for (const side of ['allies', 'enemies', 'bans'] as const) {
    for (const id of parsed.data[side]) {
      heroArg(id, known, side);
      if (seen.has(id)) throw badInput(`hero ${id} appears twice in the draft`, side);
      seen.add(id);
    }
  }
  return parsed.data;
}

function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid draft';
  const where = issue.path.join('.');
  if (issue.code === 'too_big') return `${where}: at most ${String(issue.maximum)}`;
  if (issue.code === 'too_small') return `${where}: at least ${String(issue.minimum)}`;
  return `${where}: ${issue.message}`;
}
