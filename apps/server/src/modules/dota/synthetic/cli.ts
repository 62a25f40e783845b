import fs from 'node:fs';
import { DOTA_PATCHES } from '@guildhall/contracts';
import { AppError } from '../../../core/errors';
import { generatePublicMatches } from './generate';
import { createRng } from './prng';
import { type DotaTruth, makeTruth, type TrackedPlayer } from './truth';

/**
 * `guildhall dota generate --matches N --seed S --out FILE`: FILE gets the matches as NDJSON of
 * OpenDota `/publicMatches` rows; `FILE.truth.json` the truth they were drawn from; with
 * `--tracked K`, K tracked players (each in about 2 % of the matches, with a planted edge on
 * some of their heroes) and their matches in `FILE.players.ndjson` (`DotaPlayerMatch` rows).
 * Same arguments, same bytes.
 */
export interface GenerateCommandOptions {
  matches: number;
  seed: string;
  out: string;
  patches?: number[];
  tracked?: number;
}

export const MAX_GENERATED_MATCHES = 50_000_000;

/** Tracked players with a pool of heroes and a planted edge on two of them. */
export function trackedPlayers(seed: string, count: number, share = 0.02): TrackedPlayer[] {
  const rng = createRng(`tracked:${seed}`);
  const ids = makeTruth({ seed }).heroIds;
  return Array.from({ length: count }, (_, p) => {
    const pool: TrackedPlayer['pool'] = [];
    while (pool.length < 6) {
      const heroId = ids[rng.int(ids.length)]!;
      if (pool.some((h) => h.heroId === heroId)) continue;
      const edge = pool.length === 0 ? 0.6 : pool.length === 1 ? -0.5 : 0;
      pool.push({ heroId, weight: pool.length < 2 ? 3 : 1, edge });
    }
    return { accountId: 100_000_001 + p, share, pool };
  });
}

export function generateToFiles(opts: GenerateCommandOptions): {
  matches: number;
  truthFile: string;
  playersFile: string | null;
} {
  if (!Number.isInteger(opts.matches) || opts.matches < 1 || opts.matches > MAX_GENERATED_MATCHES)
    throw new AppError('BAD_REQUEST', `--matches must be an integer from 1 to ${MAX_GENERATED_MATCHES}`);
  for (const p of opts.patches ?? [])
    if (!DOTA_PATCHES.some((x) => x.id === p))
      throw new AppError('BAD_REQUEST', `--patch ${p}: no such patch`);
  const tracked = opts.tracked ?? 0;
  if (!Number.isInteger(tracked) || tracked < 0 || tracked > 40)
    throw new AppError('BAD_REQUEST', '--tracked must be an integer from 0 to 40');
  const truth: DotaTruth = makeTruth({ seed: opts.seed, trackedPlayers: trackedPlayers(opts.seed, tracked) });
  const truthFile = `${opts.out}.truth.json`;
  const playersFile = tracked ? `${opts.out}.players.ndjson` : null;
  const open = (file: string) => {
    try {
      return fs.openSync(file, 'w');
    } catch (err) {
      throw new AppError(
        'BAD_REQUEST',
        `cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      );
    }
  };
  const out = open(opts.out);
  const players = playersFile ? open(playersFile) : null;
  try {
    let buf = '';
    let pbuf = '';
    generatePublicMatches(
      truth,
      { matches: opts.matches, seed: opts.seed, patches: opts.patches },
      (row, player) => {
        buf += `${JSON.stringify(row)}\n`;
        if (player && players !== null) pbuf += `${JSON.stringify(player)}\n`;
        if (buf.length > 1 << 20) {
          fs.writeSync(out, buf);
          buf = '';
        }
        if (pbuf.length > 1 << 20 && players !== null) {
          fs.writeSync(players, pbuf);
          pbuf = '';
        }
      },
    );
    fs.writeSync(out, buf);
    if (players !== null) fs.writeSync(players, pbuf);
  } finally {
    fs.closeSync(out);
    if (players !== null) fs.closeSync(players);
  }
  fs.writeFileSync(truthFile, `${JSON.stringify(truth)}\n`);
  return { matches: opts.matches, truthFile, playersFile };
}
