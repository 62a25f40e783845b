import type { TDotaDraftSuggestions, TDotaRoomState } from '@guildhall/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { DotaServices } from '../types';
import { other } from './draft-order';

/** Suggestions sent with each state: the best few, each with its reasons. */
export const SUGGESTIONS_SHOWN = 8;

/**
 * Suggestions for the step to play: for a pick, the mover's best heroes given both teams and
 * the bans; for a ban, the heroes the other side would most like to pick next. Without a built
 * model (or when it fails) the room carries on with none and says why.
 */
export async function suggestForTurn(
  services: DotaServices,
  state: TDotaRoomState,
  log: FastifyBaseLogger,
): Promise<TDotaDraftSuggestions> {
  const turn = state.turn;
  if (!turn) return { side: null, kind: null, items: [], unavailable: 'NO_TURN' };
  const none = (unavailable: 'NO_MODEL' | 'MODEL_FAILED') => ({
    side: turn.side,
    kind: turn.kind,
    items: [],
    unavailable,
  });
  // Banning: think as the side that would have picked the hero.
  const forSide = turn.kind === 'pick' ? turn.side : other(turn.side);
  const bans = [...state.radiant.bans, ...state.dire.bans];
  const gone = new Set([...bans, ...state.radiant.picks, ...state.dire.picks]);
  try {
    const model = await services.models(state.communityId);
    if (!model) return none('NO_MODEL');
    const ranked = model.suggest({
      allies: state[forSide].picks.slice(0, 5),
      enemies: state[other(forSide)].picks.slice(0, 5),
      bans: bans.slice(0, 24),
    });
    const items = [];
    for (const s of ranked) {
      if (gone.has(s.heroId)) continue;
      items.push(s);
      if (items.length === SUGGESTIONS_SHOWN) break;
    }
    return { side: turn.side, kind: turn.kind, items, unavailable: null };
  } catch (err) {
    log.warn({ err, roomId: state.roomId }, 'dota draft: suggestions failed');
    return none('MODEL_FAILED');
  }
}
