import type { MatchColumns } from '../types';

/**
 * The matches of one model key, compacted for the fit: heroes renumbered 0…K−1 (only those
 * that appear), ten per match (Radiant first), and the counts every term's game count, prior
 * scaling and preconditioner come from. Building it is one pass over the selected rows.
 */
export interface Design {
  /** Matches. */
  m: number;
  /** Heroes present. */
  k: number;
  /** Dense index → hero id. */
  heroIds: Int32Array;
  /** `heroes[10 i + j]`: dense hero index. */
  heroes: Uint8Array;
  y: Uint8Array;
  /** Matches per hero, and those on Radiant. */
  games: Float64Array;
  radiantGames: Float64Array;
  /** `together[a k + b]`: matches with a and b on one side (symmetric). */
  together: Float64Array;
  /** `against[r k + d]`: matches with r on Radiant and d on Dire. */
  against: Float64Array;
}

export const MAX_HEROES = 255;

/** Rows of `cols` for which `keep(i)` holds, compacted. */
export function buildDesign(cols: MatchColumns, rows: Uint32Array): Design {
  const map = new Int16Array(256).fill(-1);
  const ids: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    const base = 10 * rows[r]!;
    for (let j = 0; j < 10; j++) {
      const h = cols.heroes[base + j]!;
      if (map[h] === -1) {
        map[h] = 0;
        ids.push(h);
      }
    }
  }
  ids.sort((a, b) => a - b);
  ids.forEach((id, i) => {
    map[id] = i;
  });
  const k = ids.length;
  const m = rows.length;
  const heroes = new Uint8Array(10 * m);
  const y = new Uint8Array(m);
  const games = new Float64Array(k);
  const radiantGames = new Float64Array(k);
  const together = new Float64Array(k * k);
  const against = new Float64Array(k * k);
  for (let i = 0; i < m; i++) {
    const src = 10 * rows[i]!;
    const dst = 10 * i;
    for (let j = 0; j < 10; j++) heroes[dst + j] = map[cols.heroes[src + j]!]!;
    y[i] = cols.radiantWin[rows[i]!]!;
    for (let j = 0; j < 5; j++) {
      const r = heroes[dst + j]!;
      const d = heroes[dst + 5 + j]!;
      games[r] = games[r]! + 1;
      games[d] = games[d]! + 1;
      radiantGames[r] = radiantGames[r]! + 1;
      for (let l = 0; l < 5; l++) {
        const dd = r * k + heroes[dst + 5 + l]!;
        against[dd] = against[dd]! + 1;
      }
      for (let l = j + 1; l < 5; l++) {
        const r2 = heroes[dst + l]!;
        const d2 = heroes[dst + 5 + l]!;
        together[r * k + r2] = together[r * k + r2]! + 1;
        together[r2 * k + r] = together[r2 * k + r]! + 1;
        together[d * k + d2] = together[d * k + d2]! + 1;
        together[d2 * k + d] = together[d2 * k + d]! + 1;
      }
    }
  }
  return { m, k, heroIds: Int32Array.from(ids), heroes, y, games, radiantGames, together, against };
}

/** Every row whose patch and bracket match (bracket 0 = every rank). */
export function selectRows(cols: MatchColumns, patch: number, bracket: number): Uint32Array {
  let count = 0;
  for (let i = 0; i < cols.n; i++)
    if (cols.patch[i] === patch && (bracket === 0 || cols.bracket[i] === bracket)) count++;
  const rows = new Uint32Array(count);
  let j = 0;
  for (let i = 0; i < cols.n; i++)
    if (cols.patch[i] === patch && (bracket === 0 || cols.bracket[i] === bracket)) rows[j++] = i;
  return rows;
}
