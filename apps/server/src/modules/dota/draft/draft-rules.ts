import crypto from 'node:crypto';
import {
  DOTA_HEROES,
  type TDotaDraftAction,
  type TDotaDraftErrorCode,
  type TDotaDraftMode,
  type TDotaDraftStep,
  type TDotaRoomState,
  type TDotaSide,
} from '@guildhall/contracts';
import { draftOrder } from './draft-order';

/**
 * A room as stored (one row, one version): its settings, the steps taken, who holds the
 * captains' seats (token hashes) and the clock. Every change is a pure function from one
 * record to the next, so any process can apply it and the version check picks one winner.
 */
export interface DraftRecord {
  mode: TDotaDraftMode;
  firstPick: TDotaSide;
  bansPerSide: number;
  /** null: no clock. */
  timer: { stepMs: number; reserveMs: number } | null;
  actions: TDotaDraftAction[];
  /** sha256 of each seat's token, hex. */
  seats: { radiant: string | null; dire: string | null };
  /** When the step now to play began (epoch ms); null while waiting. */
  turnStartedAt: number | null;
  reserveMs: { radiant: number; dire: number };
  /** `user:<id>` or `key:<id>`: the host, with the community's officers. */
  createdBy: string;
}

/** Who asks for a change, as the room sees them. */
export interface DraftActor {
  seats: ReadonlySet<TDotaSide>;
  host: boolean;
}

export type DraftChange =
  | { type: 'pick' | 'ban'; heroId: number }
  | { type: 'undo' }
  | { type: 'reset' }
  | { type: 'seat'; side: TDotaSide; tokenHash: string }
  /** The clock ran out on step `step` (a no-op once that step is played). */
  | { type: 'expire'; step: number };

export type DraftOutcome =
  | { ok: true; record: DraftRecord }
  | { ok: false; code: TDotaDraftErrorCode; message: string };

const HERO_IDS = new Set(DOTA_HEROES.map((h) => h.id));

export const hashSeatToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

export function newDraftRecord(opts: {
  mode: TDotaDraftMode;
  firstPick: TDotaSide;
  bansPerSide: number;
  timer: { stepSeconds: number; reserveSeconds: number } | null;
  createdBy: string;
}): DraftRecord {
  const timer = opts.timer
    ? { stepMs: opts.timer.stepSeconds * 1000, reserveMs: opts.timer.reserveSeconds * 1000 }
    : null;
  return {
    mode: opts.mode,
    firstPick: opts.firstPick,
    bansPerSide: opts.mode === 'all_pick' ? opts.bansPerSide : 0,
    timer,
    actions: [],
    seats: { radiant: null, dire: null },
    turnStartedAt: null,
    reserveMs: { radiant: timer?.reserveMs ?? 0, dire: timer?.reserveMs ?? 0 },
    createdBy: opts.createdBy,
  };
}

export const orderOf = (r: DraftRecord): TDotaDraftStep[] => draftOrder(r.mode, r.firstPick, r.bansPerSide);

export function statusOf(r: DraftRecord): TDotaRoomState['status'] {
  if (r.turnStartedAt === null) return 'waiting';
  return r.actions.length >= orderOf(r).length ? 'done' : 'drafting';
}

/** The instant the step now to play runs out of time, step time and reserve both; null without one. */
export function deadlineOf(r: DraftRecord): number | null {
  if (!r.timer || statusOf(r) !== 'drafting' || r.turnStartedAt === null) return null;
  const step = orderOf(r)[r.actions.length]!;
  return r.turnStartedAt + r.timer.stepMs + r.reserveMs[step.side];
}

const refuse = (code: TDotaDraftErrorCode, message: string): DraftOutcome => ({ ok: false, code, message });

/** The reserve a side has left once a step that began at `turnStartedAt` ends at `now`. */
function spendReserve(r: DraftRecord, side: TDotaSide, now: number): DraftRecord['reserveMs'] {
  if (!r.timer || r.turnStartedAt === null) return r.reserveMs;
  const over = Math.max(0, now - r.turnStartedAt - r.timer.stepMs);
  return { ...r.reserveMs, [side]: Math.max(0, r.reserveMs[side] - over) };
}

function taken(r: DraftRecord): Set<number> {
  const s = new Set<number>();
  for (const a of r.actions) if (a.heroId !== null) s.add(a.heroId);
  return s;
}

function play(
  r: DraftRecord,
  step: TDotaDraftStep,
  heroId: number | null,
  auto: boolean,
  now: number,
): DraftRecord {
  return {
    ...r,
    reserveMs: spendReserve(r, step.side, now),
    actions: [...r.actions, { kind: step.kind, side: step.side, heroId, auto }],
    turnStartedAt: now,
  };
}

/** Applies one change, or says why not; never throws on a client's input. */
export function applyChange(
  r: DraftRecord,
  change: DraftChange,
  actor: DraftActor,
  now: number,
  random: (n: number) => number = crypto.randomInt,
): DraftOutcome {
  const order = orderOf(r);
  const status = statusOf(r);
  switch (change.type) {
    case 'seat': {
      const held = r.seats[change.side];
      if (held !== null && held !== change.tokenHash)
        return refuse('SEAT_TAKEN', `the ${change.side} captain's seat is taken`);
      const seats = { ...r.seats, [change.side]: change.tokenHash };
      // The clock starts once both captains sit; a captain coming back does not restart it.
      const starts = r.turnStartedAt === null && seats.radiant !== null && seats.dire !== null;
      return { ok: true, record: { ...r, seats, turnStartedAt: starts ? now : r.turnStartedAt } };
    }
    case 'pick':
    case 'ban': {
      if (status === 'waiting')
        return refuse('DRAFT_NOT_STARTED', 'the draft starts when both captains have joined');
      if (status === 'done') return refuse('DRAFT_OVER', 'the draft is complete');
      const step = order[r.actions.length]!;
      if (actor.seats.size === 0) return refuse('NOT_A_CAPTAIN', 'only a captain picks and bans');
      if (!actor.seats.has(step.side)) return refuse('NOT_YOUR_TURN', `it is ${step.side}'s turn`);
      if (step.kind !== change.type) return refuse('WRONG_ACTION', `this step is a ${step.kind}`);
      if (!HERO_IDS.has(change.heroId)) return refuse('HERO_UNAVAILABLE', `no hero has id ${change.heroId}`);
      if (taken(r).has(change.heroId))
        return refuse('HERO_UNAVAILABLE', 'that hero is already picked or banned');
      return { ok: true, record: play(r, step, change.heroId, false, now) };
    }
    case 'expire': {
      const deadline = deadlineOf(r);
      if (change.step !== r.actions.length || deadline === null || now < deadline)
        return refuse('BUSY', 'the step was played in time');
      const step = order[r.actions.length]!;
      // A ban that runs out is lost; a pick that runs out gets a random hero, as in the game.
      let heroId: number | null = null;
      if (step.kind === 'pick') {
        const gone = taken(r);
        const free = DOTA_HEROES.filter((h) => !gone.has(h.id));
        heroId = free[random(free.length)]!.id;
      }
      return { ok: true, record: play(r, step, heroId, true, now) };
    }
    case 'undo': {
      const last = r.actions.at(-1);
      if (!last) return refuse('NOTHING_TO_UNDO', 'nothing has been picked or banned yet');
      if (!actor.host && !actor.seats.has(last.side)) {
        return refuse(
          actor.seats.size === 0 ? 'NOT_A_CAPTAIN' : 'NOT_YOUR_ACTION',
          "a captain undoes only their own side's last step; the host undoes any",
        );
      }
      // The step is played again with a fresh step time; reserve already spent stays spent.
      return { ok: true, record: { ...r, actions: r.actions.slice(0, -1), turnStartedAt: now } };
    }
    case 'reset': {
      if (!actor.host) return refuse('NOT_HOST', 'only the host resets the draft');
      const reserve = r.timer?.reserveMs ?? 0;
      return {
        ok: true,
        record: {
          ...r,
          actions: [],
          reserveMs: { radiant: reserve, dire: reserve },
          turnStartedAt: r.turnStartedAt === null ? null : now,
        },
      };
    }
  }
}

/** The room as every client sees it (no seat tokens). */
export function presentDraft(
  r: DraftRecord,
  meta: { roomId: string; communityId: string; version: number },
  now: number,
): TDotaRoomState {
  const order = orderOf(r);
  const status = statusOf(r);
  const team = (side: TDotaSide) => ({
    picks: r.actions
      .filter((a) => a.side === side && a.kind === 'pick' && a.heroId !== null)
      .map((a) => a.heroId!),
    bans: r.actions
      .filter((a) => a.side === side && a.kind === 'ban' && a.heroId !== null)
      .map((a) => a.heroId!),
  });
  const step = status === 'drafting' ? order[r.actions.length]! : null;
  return {
    ...meta,
    mode: r.mode,
    firstPick: r.firstPick,
    timer: r.timer ? { stepSeconds: r.timer.stepMs / 1000, reserveSeconds: r.timer.reserveMs / 1000 } : null,
    status,
    order,
    actions: r.actions,
    radiant: team('radiant'),
    dire: team('dire'),
    seats: { radiant: r.seats.radiant !== null, dire: r.seats.dire !== null },
    turn: step
      ? {
          step: r.actions.length,
          kind: step.kind,
          side: step.side,
          stepEndsAt: r.timer && r.turnStartedAt !== null ? r.turnStartedAt + r.timer.stepMs : null,
        }
      : null,
    reserveMs: step ? spendReserve(r, step.side, now) : r.reserveMs,
    serverNow: now,
  };
}
