import { z } from 'zod';
import { zDotaHeroId, zDotaSuggestion } from './dota';

/**
 * Draft rooms: `POST /api/v1/communities/:id/dota/rooms` creates one, `/ws/draft/:room` is its
 * WebSocket. Every message either way is one JSON object with a `type`; the server answers a bad
 * or refused one with a typed `error` and carries on.
 */

export const zDotaSide = z.enum(['radiant', 'dire']);
export type TDotaSide = z.infer<typeof zDotaSide>;

export const zDotaDraftMode = z.enum(['captains_mode', 'all_pick']);
export type TDotaDraftMode = z.infer<typeof zDotaDraftMode>;

export const zDotaDraftTimer = z.object({
  /** Seconds each step gets before the side's reserve starts running. */
  stepSeconds: z.number().int().min(5).max(300),
  /** Each side's reserve for the whole draft. */
  reserveSeconds: z.number().int().min(0).max(600),
});
export type TDotaDraftTimer = z.infer<typeof zDotaDraftTimer>;

export const zDotaRoomCreate = z.object({
  mode: zDotaDraftMode,
  /** The side that bans and picks first (Captain's Mode's first-pick team). */
  firstPick: zDotaSide.default('radiant'),
  /** All Pick only: bans per side before the picks (0 = no ban phase). */
  bansPerSide: z.number().int().min(0).max(7).default(0),
  /** null: no clock (practice). */
  timer: zDotaDraftTimer.nullable().default({ stepSeconds: 30, reserveSeconds: 130 }),
});
export type TDotaRoomCreate = z.input<typeof zDotaRoomCreate>;

export const zDotaRoomId = z.string().regex(/^[A-Za-z0-9_-]{16}$/);

export const zDotaRoomCreated = z.object({
  roomId: zDotaRoomId,
  /** The draft board page of the room. */
  joinUrl: z.string(),
  /** The room's WebSocket path. */
  wsPath: z.string(),
});
export type TDotaRoomCreated = z.infer<typeof zDotaRoomCreated>;

export const zDotaDraftStep = z.object({ kind: z.enum(['pick', 'ban']), side: zDotaSide });
export type TDotaDraftStep = z.infer<typeof zDotaDraftStep>;

/** One step taken: `heroId` null is a ban skipped when the clock ran out; `auto` when the clock chose. */
export const zDotaDraftAction = zDotaDraftStep.extend({
  heroId: z.number().int().nullable(),
  auto: z.boolean(),
});
export type TDotaDraftAction = z.infer<typeof zDotaDraftAction>;

const zTeam = z.object({ picks: z.array(z.number().int()), bans: z.array(z.number().int()) });

export const zDotaRoomState = z.object({
  roomId: zDotaRoomId,
  communityId: z.string(),
  /** Goes up by one with every change; a client keeps the highest it has seen. */
  version: z.number().int(),
  mode: zDotaDraftMode,
  firstPick: zDotaSide,
  timer: zDotaDraftTimer.nullable(),
  /** waiting: a captain's seat is empty; the clock starts when both are taken. */
  status: z.enum(['waiting', 'drafting', 'done']),
  order: z.array(zDotaDraftStep),
  actions: z.array(zDotaDraftAction),
  radiant: zTeam,
  dire: zTeam,
  seats: z.object({ radiant: z.boolean(), dire: z.boolean() }),
  /** The step to play now; null unless drafting. Times are the server's epoch milliseconds. */
  turn: z
    .object({
      step: z.number().int(),
      kind: z.enum(['pick', 'ban']),
      side: zDotaSide,
      /** When the step's own time ends (the reserve runs after it); null without a clock. */
      stepEndsAt: z.number().nullable(),
    })
    .nullable(),
  /** Reserve left per side, ms, as of `serverNow`. */
  reserveMs: z.object({ radiant: z.number(), dire: z.number() }),
  serverNow: z.number(),
});
export type TDotaRoomState = z.infer<typeof zDotaRoomState>;

export const zDotaDraftSuggestions = z.object({
  /** Whom they are for: the side to move, picking (its best heroes) or banning (the other side's best). */
  side: zDotaSide.nullable(),
  kind: z.enum(['pick', 'ban']).nullable(),
  items: z.array(zDotaSuggestion),
  /** Why there are none: no model built yet, the model failed, or no step to play. */
  unavailable: z.enum(['NO_MODEL', 'MODEL_FAILED', 'NO_TURN']).nullable(),
});
export type TDotaDraftSuggestions = z.infer<typeof zDotaDraftSuggestions>;

export const zDotaSeat = z.enum(['radiant', 'dire', 'spectator']);
export type TDotaSeat = z.infer<typeof zDotaSeat>;

/** The longest client message accepted (bytes); longer ones are refused with MESSAGE_TOO_LARGE. */
export const DOTA_DRAFT_MAX_MESSAGE_BYTES = 1024;

const zRef = z.string().max(32).optional();

export const zDotaDraftClientMessage = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('join'),
    seat: zDotaSeat,
    /** The token a seat was given before: takes it back after a reconnect. */
    seatToken: z.string().min(16).max(64).optional(),
    /** The last version this client saw (a resume). */
    lastVersion: z.number().int().min(0).optional(),
    ref: zRef,
  }),
  z.strictObject({ type: z.literal('pick'), heroId: zDotaHeroId, ref: zRef }),
  z.strictObject({ type: z.literal('ban'), heroId: zDotaHeroId, ref: zRef }),
  z.strictObject({ type: z.literal('undo'), ref: zRef }),
  z.strictObject({ type: z.literal('reset'), ref: zRef }),
]);
export type TDotaDraftClientMessage = z.infer<typeof zDotaDraftClientMessage>;

export const zDotaDraftErrorCode = z.enum([
  'BAD_MESSAGE',
  'MESSAGE_TOO_LARGE',
  'NOT_JOINED',
  'SEAT_TAKEN',
  'NOT_A_CAPTAIN',
  'NOT_YOUR_TURN',
  'WRONG_ACTION',
  'HERO_UNAVAILABLE',
  'DRAFT_NOT_STARTED',
  'DRAFT_OVER',
  'NOTHING_TO_UNDO',
  'NOT_YOUR_ACTION',
  'NOT_HOST',
  'BUSY',
  'UNAVAILABLE',
]);
export type TDotaDraftErrorCode = z.infer<typeof zDotaDraftErrorCode>;

export const zDotaDraftServerMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('joined'),
    /** The seats this connection holds now. */
    seats: z.array(zDotaSide),
    /** Keep it to take the seat back after a reconnect; null for a spectator. */
    seatToken: z.string().nullable(),
    host: z.boolean(),
    ref: zRef,
  }),
  z.object({ type: z.literal('state'), state: zDotaRoomState, suggestions: zDotaDraftSuggestions }),
  z.object({ type: z.literal('error'), code: zDotaDraftErrorCode, message: z.string(), ref: zRef }),
]);
export type TDotaDraftServerMessage = z.infer<typeof zDotaDraftServerMessage>;

/** A community's open room (not finished, a captain's seat free), for a list to join from. */
export const zDotaRoomSummary = zDotaRoomCreated.extend({
  mode: zDotaDraftMode,
  status: z.enum(['waiting', 'drafting']),
  freeSeats: z.array(zDotaSide),
  /** Steps taken of the draft's order. */
  steps: z.number().int(),
  totalSteps: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TDotaRoomSummary = z.infer<typeof zDotaRoomSummary>;

export const zDotaRoomList = z.object({ rooms: z.array(zDotaRoomSummary) });
export type TDotaRoomList = z.infer<typeof zDotaRoomList>;
