import { describe, expect, it } from 'vitest';
import { SIZE } from '../src/modules/dota/model/model-set';
import { testModel } from './dota-model-fixtures';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('dota suggestions', () => {
  const state = { allies: [2, 5, 14], enemies: [1, 8, 74, 86], bans: [11, 19] };

  it('ranks every candidate (not picked or banned) by win probability', () => {
    const model = testModel(15_000);
    const out = model.suggest(state);
    const taken = new Set([...state.allies, ...state.enemies, ...state.bans]);
    expect(out.length).toBe(model.heroIds().length - taken.size);
    for (const s of out) expect(taken.has(s.heroId)).toBe(false);
    for (let i = 1; i < out.length; i++)
      expect(out[i]!.winProbability).toBeLessThanOrEqual(out[i - 1]!.winProbability);
    // The probability is the model's for the draft with the candidate (no side: no Radiant bias).
    const top = out[0]!;
    const p = sigmoid(model.draftLogit([...state.allies, top.heroId], state.enemies));
    expect(top.winProbability).toBeCloseTo(p, 12);
  });

  it('reasons sum exactly to winProbability − baseline, whatever the order, each with its games', () => {
    const model = testModel(15_000);
    const personal = [{ heroId: 40, score: 0.4, games: 30, wins: 20, expectedWins: 15 }];
    const out = model.suggest(state, personal);
    const base = model.baseline(state);
    for (const s of out) {
      const sum = s.reasons.reduce((a, r) => a + r.delta, 0);
      expect(Math.abs(sum - (s.winProbability - base))).toBeLessThan(1e-14);
      expect(s.reasons[0]!.kind).toBe('strength');
      expect(s.reasons.filter((r) => r.kind === 'counter').map((r) => r.heroId)).toEqual(state.enemies);
      expect(s.reasons.filter((r) => r.kind === 'synergy').map((r) => r.heroId)).toEqual(state.allies);
      for (const r of s.reasons) expect(Number.isInteger(r.games)).toBe(true);
      const counter = s.reasons.find((r) => r.kind === 'counter')!;
      expect(counter.games).toBe(model.data.counterGames[s.heroId * SIZE + counter.heroId!]);
    }
    const withPersonal = out.find((s) => s.heroId === 40)!;
    const r = withPersonal.reasons.find((x) => x.kind === 'personal')!;
    expect(r.games).toBe(30);
    expect(r.delta).toBeGreaterThan(0);
    // Same draft in another order: same probabilities and the same delta per reason.
    const shuffled = model.suggest(
      { allies: [...state.allies].reverse(), enemies: [...state.enemies].reverse(), bans: state.bans },
      personal,
    );
    for (const s of out) {
      const t = shuffled.find((x) => x.heroId === s.heroId)!;
      expect(t.winProbability).toBeCloseTo(s.winProbability, 14);
      for (const reason of s.reasons) {
        const same = t.reasons.find((x) => x.kind === reason.kind && x.heroId === reason.heroId)!;
        expect(same.delta).toBeCloseTo(reason.delta, 14);
      }
    }
  });

  it('each delta has the sign of its log-odds term', () => {
    const model = testModel(15_000);
    for (const s of model.suggest(state)) {
      for (const r of s.reasons) {
        const term =
          r.kind === 'strength'
            ? model.data.strength[s.heroId]!
            : r.kind === 'counter'
              ? model.data.counter[s.heroId * SIZE + r.heroId!]!
              : model.data.synergy[s.heroId * SIZE + r.heroId!]!;
        if (Math.abs(term) > 1e-9) expect(Math.sign(r.delta)).toBe(Math.sign(term));
      }
    }
  });

  it('an empty draft has baseline ½; a full side has no candidates; positions narrow the list', () => {
    const model = testModel(15_000);
    expect(model.baseline({ allies: [], enemies: [] })).toBe(0.5);
    expect(model.suggest({ allies: [1, 2, 3, 4, 5], enemies: [], bans: [] })).toEqual([]);
    const all = model.suggest({ allies: [], enemies: [], bans: [] });
    const carries = model.suggest({ allies: [], enemies: [], bans: [], position: 1 });
    expect(carries.length).toBeGreaterThan(10);
    expect(carries.length).toBeLessThan(all.length);
    expect(carries.some((s) => s.heroId === 1)).toBe(true); // Anti-Mage carries
    expect(carries.some((s) => s.heroId === 5)).toBe(false); // Crystal Maiden does not
  });
});
