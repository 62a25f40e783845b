import type { TDotaModelKey } from '@guildhall/contracts';
import type { MatchColumns } from '../types';
import { buildKeyModel, type KeyBuild, type KeyBuildOptions } from './build-key';
import { selectRows } from './design';
import type { DotaModel } from './model-set';

/**
 * Which keys get a model: every patch with at least `MIN_PATCH_MATCHES` matches gets its
 * every-rank model (bracket 0); each of its rank brackets with at least `MIN_BRACKET_MATCHES`
 * gets one too, its terms shrunk toward the every-rank model's (a bracket differs from the
 * patch as a whole only as far as its own games show).
 */
export const MIN_PATCH_MATCHES = 200;
export const MIN_BRACKET_MATCHES = 5_000;

export interface BuildProgress {
  key: TDotaModelKey;
  done: number;
  total: number;
}

export interface BuildOptions extends KeyBuildOptions {
  /** Only these patches (default: every patch in the columns). */
  patches?: number[];
  minPatchMatches?: number;
  minBracketMatches?: number;
  onKey?: (p: BuildProgress) => void;
}

/** The keys the columns have enough matches for, every-rank first within each patch. */
export function plannedKeys(cols: MatchColumns, opts: BuildOptions = {}): TDotaModelKey[] {
  const counts = new Map<number, Float64Array>();
  for (let i = 0; i < cols.n; i++) {
    const p = cols.patch[i]!;
    let c = counts.get(p);
    if (!c) {
      c = new Float64Array(9);
      counts.set(p, c);
    }
    c[0] = c[0]! + 1;
    const b = cols.bracket[i]!;
    if (b >= 1 && b <= 8) c[b] = c[b]! + 1;
  }
  const keys: TDotaModelKey[] = [];
  const minPatch = opts.minPatchMatches ?? MIN_PATCH_MATCHES;
  const minBracket = opts.minBracketMatches ?? MIN_BRACKET_MATCHES;
  for (const [patch, c] of [...counts].sort((a, b) => a[0] - b[0])) {
    if (opts.patches && !opts.patches.includes(patch)) continue;
    if (c[0]! < minPatch) continue;
    keys.push({ patch, bracket: 0 });
    for (let b = 1; b <= 8; b++) if (c[b]! >= minBracket) keys.push({ patch, bracket: b });
  }
  return keys;
}

/** Builds every planned key from the columns (no I/O). */
export function buildModelSets(cols: MatchColumns, opts: BuildOptions = {}): DotaModel[] {
  const keys = plannedKeys(cols, opts);
  const out: DotaModel[] = [];
  let parent: KeyBuild | undefined;
  keys.forEach((key, i) => {
    opts.onKey?.({ key, done: i, total: keys.length });
    const rows = selectRows(cols, key.patch, key.bracket);
    const built = buildKeyModel(cols, rows, key, opts, key.bracket === 0 ? undefined : parent);
    if (key.bracket === 0) parent = built;
    out.push(built.model);
  });
  return out;
}
