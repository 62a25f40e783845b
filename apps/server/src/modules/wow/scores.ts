import type { Executor } from '../../core/db';
import type { ActivityEventInput } from '../activity';
import * as repo from './wow.repo';
import type { ScoreSource } from './wow.tables';

/** Scores at these steps make a `score_milestone` event when a character first crosses them. */
export const SCORE_MILESTONE_STEP = 500;
export const FIRST_SCORE_MILESTONE = 1500;

export interface ScoreObservation {
  communityId: string;
  characterId: string;
  memberId: string;
  characterName: string;
  score: number;
  source: ScoreSource;
  at: Date;
}

/** The highest milestone crossed from `previous` to `score`: a standard step or a custom threshold. */
export function highestMilestone(previous: number, score: number, thresholds: number[]): number | null {
  let best: number | null = null;
  const step = Math.floor(score / SCORE_MILESTONE_STEP) * SCORE_MILESTONE_STEP;
  if (step >= FIRST_SCORE_MILESTONE && previous < step) best = step;
  for (const t of thresholds) if (previous < t && score >= t && (best === null || t > best)) best = t;
  return best;
}

/**
 * Stores M+ scores as history: a row only when the source reports a score different from its
 * latest, and only when newer than it. Answers the rows stored and the milestone events they
 * make (a score crossing 1500, 2000, 2500… or one of the community's own thresholds, above the
 * character's previous latest score from any source); the caller records the events so they commit with the scores. Used by the upload
 * and by the Raider.IO sync alike.
 */
export async function recordCharacterScores(
  tx: Executor,
  communityId: string,
  observations: ScoreObservation[],
  /** The community's own alert milestones (say 2200), marked besides the standard steps. */
  thresholds: number[] = [],
): Promise<{ stored: number; milestones: ActivityEventInput[] }> {
  if (observations.length === 0) return { stored: 0, milestones: [] };
  const latest = await repo.findLatestScores(tx, communityId);
  const bySource = new Map(latest.map((s) => [`${s.characterId}:${s.source}`, s]));
  const anySource = new Map<string, repo.LatestScore>();
  for (const s of latest) {
    const prev = anySource.get(s.characterId);
    if (!prev || s.recordedAt > prev.recordedAt) anySource.set(s.characterId, s);
  }
  const rows: repo.ScoreInsert[] = [];
  const milestones: ActivityEventInput[] = [];
  for (const o of observations) {
    const key = `${o.characterId}:${o.source}`;
    const last = bySource.get(key);
    if (last && (last.recordedAt >= o.at || last.score === o.score)) continue;
    const previous = anySource.get(o.characterId);
    const row = { characterId: o.characterId, score: o.score, source: o.source, recordedAt: o.at };
    rows.push(row);
    bySource.set(key, row);
    if (!previous || o.at >= previous.recordedAt) anySource.set(o.characterId, row);
    const milestone = previous ? highestMilestone(previous.score, o.score, thresholds) : null;
    if (previous && milestone !== null) {
      milestones.push({
        communityId,
        memberId: o.memberId,
        characterId: o.characterId,
        kind: 'score_milestone',
        data: {
          name: o.characterName,
          milestone,
          score: o.score,
          previous: previous.score,
          source: o.source,
        },
        at: o.at,
      });
    }
  }
  await repo.insertScores(tx, communityId, rows);
  return { stored: rows.length, milestones };
}
