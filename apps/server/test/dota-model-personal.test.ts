import { describe, expect, it } from 'vitest';
import { buildKeyModel } from '../src/modules/dota/model/build-key';
import { selectRows } from '../src/modules/dota/model/design';
import { PAS_MIN_GAMES, personalAdvantages, personalEstimates } from '../src/modules/dota/model/personal';
import { generateColumns } from '../src/modules/dota/synthetic/generate';
import { makeTruth, type TrackedPlayer } from '../src/modules/dota/synthetic/truth';
import type { DotaPlayerMatch } from '../src/modules/dota/types';
import { LATEST_PATCH } from './dota-model-fixtures';

const player: TrackedPlayer = {
  accountId: 123_456,
  share: 0.03,
  pool: [
    { heroId: 8, weight: 5, edge: 0.9 }, // Juggernaut: a planted edge, many games
    { heroId: 74, weight: 5, edge: 0 }, // Invoker: no edge, many games
    { heroId: 106, weight: 0.08, edge: 0.9 }, // Ember Spirit: the same edge, a handful of games
  ],
};

function setup() {
  const truth = makeTruth({ seed: 'pas', trackedPlayers: [player] });
  const { columns, playerMatches } = generateColumns(truth, { matches: 30_000, seed: 'pas' });
  const model = buildKeyModel(
    columns,
    selectRows(columns, LATEST_PATCH, 0),
    { patch: LATEST_PATCH, bracket: 0 },
    { holdout: 0 },
  ).model;
  return { model, playerMatches };
}

describe('dota personal advantage score', () => {
  it('finds the planted edge, not the absent one, and not one resting on a few games', () => {
    const { model, playerMatches } = setup();
    const count = (h: number) => playerMatches.filter((m) => m.heroId === h).length;
    expect(count(8)).toBeGreaterThan(200);
    expect(count(106)).toBeLessThan(PAS_MIN_GAMES);
    const shown = personalAdvantages(model, playerMatches);
    const jugg = shown.find((p) => p.heroId === 8);
    expect(jugg).toBeDefined();
    expect(jugg!.score).toBeGreaterThan(0.4);
    expect(jugg!.score).toBeLessThan(1.3);
    expect(jugg!.wins).toBeGreaterThan(jugg!.expectedWins);
    expect(jugg!.games).toBe(count(8));
    expect(shown.some((p) => p.heroId === 106)).toBe(false);
    const all = personalEstimates(model, playerMatches);
    const ember = all.find((p) => p.heroId === 106);
    if (ember) expect(ember.shown).toBe(false);
    const invoker = all.find((p) => p.heroId === 74)!;
    expect(Math.abs(invoker.score)).toBeLessThan(Math.abs(jugg!.score));
  });

  it('is shrunk by games: the same record over fewer games scores closer to zero', () => {
    const { model, playerMatches } = setup();
    const jugg = playerMatches.filter((m) => m.heroId === 8);
    const full = personalEstimates(model, jugg)[0]!;
    const part = personalEstimates(model, jugg.slice(0, 40))[0]!;
    const wonFull = full.wins / full.games - full.expectedWins / full.games;
    const wonPart = part.wins / part.games - part.expectedWins / part.games;
    // Compare the shrinkage factor: score relative to the raw excess rate.
    expect(part.score / wonPart).toBeLessThan(full.score / wonFull);
    expect(part.sd).toBeGreaterThan(full.sd);
  });

  it('uses the strength alone when the draft is unknown, and counts a match once', () => {
    const { model, playerMatches } = setup();
    const m = playerMatches.find((x) => x.heroId === 8)!;
    const noDraft: DotaPlayerMatch = { ...m, radiant: null, dire: null };
    const [e] = personalEstimates(model, [noDraft, noDraft]);
    expect(e!.games).toBe(1);
    const side =
      (m.isRadiant ? 1 : -1) * (model.radiantBias + (m.isRadiant ? 1 : -1) * model.data.strength[8]!);
    expect(e!.expectedWins).toBeCloseTo(1 / (1 + Math.exp(-side)), 12);
    expect(personalAdvantages(model, [])).toEqual([]);
  });
});
