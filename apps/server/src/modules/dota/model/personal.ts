import { DOTA_MAX_HERO_ID } from '@guildhall/contracts';
import type { DotaPersonalAdvantage, DotaPlayerMatch } from '../types';
import type { DotaModel } from './model-set';

/**
 * Personal Advantage Score: a player's own edge on a hero beyond what their drafts predicted.
 * For each of their matches on the hero the model gives the log-odds η_i of their side winning
 * (the whole draft when known, else the hero's strength and the side's bias); the edge δ is the
 * posterior mean of
 *     won_i ~ Bernoulli(σ(η_i + δ)),   δ ~ N(0, PAS_PRIOR_SD²)
 * (Newton's method on the penalised likelihood: Σ (won_i − σ(η_i + δ)) = δ / sd²), so it is
 * "Σ won − predicted" in log-odds, shrunk toward zero the fewer the games.
 *
 * Shown only when the evidence is enough: at least PAS_MIN_GAMES games on the hero AND the 90 %
 * posterior interval of δ excludes zero (|δ| ≥ 1.645 posterior sd). A hero missing from the
 * answer means "no evidence of a personal edge", not "no edge".
 */
export const PAS_MIN_GAMES = 10;
export const PAS_PRIOR_SD = 0.3;
export const PAS_Z = 1.645;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The player's side's log-odds of winning one match, under the model. */
function sideLogit(model: DotaModel, m: DotaPlayerMatch): number {
  const d = model.data;
  const full = m.radiant?.length && m.dire?.length;
  const radiantEdge = full
    ? d.radiantBias + model.draftLogit(m.radiant!, m.dire!)
    : d.radiantBias + (m.isRadiant ? 1 : -1) * d.strength[m.heroId]!;
  return m.isRadiant ? radiantEdge : -radiantEdge;
}

export interface PersonalEstimate extends DotaPersonalAdvantage {
  /** Posterior sd of the score. */
  sd: number;
  shown: boolean;
}

/** Every hero the player has games on, with the evidence test's outcome. */
export function personalEstimates(model: DotaModel, matches: readonly DotaPlayerMatch[]): PersonalEstimate[] {
  const byHero = new Map<number, { eta: number[]; won: number[] }>();
  const seen = new Set<number>();
  for (const m of matches) {
    if (!Number.isInteger(m.heroId) || m.heroId < 1 || m.heroId > DOTA_MAX_HERO_ID) continue;
    if (seen.has(m.matchId)) continue;
    seen.add(m.matchId);
    let h = byHero.get(m.heroId);
    if (!h) {
      h = { eta: [], won: [] };
      byHero.set(m.heroId, h);
    }
    h.eta.push(sideLogit(model, m));
    h.won.push(m.radiantWin === m.isRadiant ? 1 : 0);
  }
  const prior = 1 / PAS_PRIOR_SD ** 2;
  const out: PersonalEstimate[] = [];
  for (const [heroId, { eta, won }] of byHero) {
    let delta = 0;
    let info = prior;
    for (let it = 0; it < 25; it++) {
      let g = -prior * delta;
      info = prior;
      for (let i = 0; i < eta.length; i++) {
        const p = sigmoid(eta[i]! + delta);
        g += won[i]! - p;
        info += p * (1 - p);
      }
      const step = g / info;
      delta += step;
      if (Math.abs(step) < 1e-10) break;
    }
    let expected = 0;
    let wins = 0;
    for (let i = 0; i < eta.length; i++) {
      expected += sigmoid(eta[i]!);
      wins += won[i]!;
    }
    const sd = 1 / Math.sqrt(info);
    out.push({
      heroId,
      score: delta,
      games: eta.length,
      wins,
      expectedWins: expected,
      sd,
      shown: eta.length >= PAS_MIN_GAMES && Math.abs(delta) >= PAS_Z * sd,
    });
  }
  return out.sort((a, b) => b.score - a.score || a.heroId - b.heroId);
}

/** The heroes with enough evidence of a personal edge (either sign), best first. */
export function personalAdvantages(
  model: DotaModel,
  matches: readonly DotaPlayerMatch[],
): DotaPersonalAdvantage[] {
  return personalEstimates(model, matches)
    .filter((e) => e.shown)
    .map(({ heroId, score, games, wins, expectedWins }) => ({ heroId, score, games, wins, expectedWins }));
}
