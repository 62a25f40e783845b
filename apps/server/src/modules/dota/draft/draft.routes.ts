import crypto from 'node:crypto';
import {
  type TDotaRoomSummary,
  type TDotaSide,
  zDotaRoomCreate,
  zDotaRoomCreated,
  zDotaRoomId,
  zDotaRoomList,
  zIdParams,
} from '@guildhall/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { guard, type Principal } from '../../../core/auth';
import type { AppContext } from '../../../core/context';
import { checkSameOrigin, type OriginRule } from '../../../core/csrf';
import { AppError } from '../../../core/errors';
import { errorResponses } from '../../../core/http';
import type { DotaServices } from '../types';
import { insertRoom, loadRoom, recentRooms } from './draft.repo';
import { openDraftConnection } from './draft-connection';
import { DraftHub } from './draft-hub';
import { newDraftRecord, orderOf, statusOf } from './draft-rules';

/** A principal's identity as a room's `createdBy`; the same caller later is the room's host. */
export function principalKey(p: Principal): string | null {
  if (p.kind === 'user') return `user:${p.userId}`;
  if (p.kind === 'api_key') return `key:${p.keyId}`;
  return null;
}

const readDota = { module: 'dota', level: 'view', scope: 'read' } as const;

/** The room list shows rooms active in this window, at most this many. */
const ROOM_LIST_WINDOW_MS = 24 * 3600_000;
const ROOM_LIST_LIMIT = 50;

export interface DotaDraftRoutesOptions {
  ctx: AppContext;
  services: DotaServices;
  /** A hub built by the caller (tests: a fake clock, manual timer checks); else one per app. */
  hub?: DraftHub;
}

/**
 * Draft rooms: `POST /api/v1/communities/:id/dota/rooms` opens one; `GET /ws/draft/:room`
 * (WebSocket) joins it. Anyone with read access to the room's community joins: the session
 * cookie (from the installation's own origin only, as for any cookie-authenticated write), an
 * `X-API-Key` with `read`, or whatever else the authorizer accepts (JWT bearer tokens).
 */
export const dotaDraftRoutes: FastifyPluginAsyncZod<DotaDraftRoutesOptions> = async (app, opts) => {
  const { ctx, services } = opts;
  const hub = opts.hub ?? new DraftHub(ctx, services);
  if (!opts.hub) app.addHook('onClose', async () => hub.close());

  const origin: OriginRule = {
    expected: new URL(ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`).origin,
    orAddressedHost: ctx.config.PUBLIC_URL === undefined,
  };

  app.post(
    '/api/v1/communities/:id/dota/rooms',
    {
      schema: {
        tags: ['dota'],
        summary: 'Open a draft room',
        description:
          "Captain's Mode (the 24-step order of patch 7.34 on) or All Pick (alternating picks, optional bans). Join it over the WebSocket at `wsPath`.",
        params: zIdParams,
        body: zDotaRoomCreate,
        response: { 201: zDotaRoomCreated, ...errorResponses },
      },
      preHandler: guard(readDota),
    },
    async (request, reply) => {
      const createdBy = principalKey(request.principal);
      if (!createdBy) throw new AppError('UNAUTHENTICATED', 'sign in or send an API key');
      const roomId = crypto.randomBytes(12).toString('base64url');
      const { id } = request.params;
      await insertRoom(ctx.db, {
        id: roomId,
        communityId: id,
        record: newDraftRecord({ ...request.body, createdBy }),
      });
      return reply.code(201).send({
        roomId,
        joinUrl: `/c/${id}/dota/draft?room=${roomId}`,
        wsPath: `/ws/draft/${roomId}`,
      });
    },
  );

  app.get(
    '/api/v1/communities/:id/dota/rooms',
    {
      schema: {
        tags: ['dota'],
        summary: "A community's open draft rooms",
        description:
          'Rooms changed in the last 24 hours that are not finished and have a free captain seat, most recently active first (at most 50).',
        params: zIdParams,
        response: { 200: zDotaRoomList, ...errorResponses },
      },
      preHandler: guard(readDota),
    },
    async (request) => {
      const { id } = request.params;
      const since = new Date(Date.now() - ROOM_LIST_WINDOW_MS);
      // Rooms fill and finish: read a few more than are shown.
      const rows = await recentRooms(ctx.db, id, since, 4 * ROOM_LIST_LIMIT);
      const rooms: TDotaRoomSummary[] = [];
      for (const row of rows) {
        const status = statusOf(row.record);
        const freeSeats = (['radiant', 'dire'] as TDotaSide[]).filter(
          (side) => row.record.seats[side] === null,
        );
        if (status === 'done' || freeSeats.length === 0) continue;
        rooms.push({
          roomId: row.id,
          joinUrl: `/c/${id}/dota/draft?room=${row.id}`,
          wsPath: `/ws/draft/${row.id}`,
          mode: row.record.mode,
          status,
          freeSeats,
          steps: row.record.actions.length,
          totalSteps: orderOf(row.record).length,
          createdAt: row.createdAt.toISOString(),
          updatedAt: row.updatedAt.toISOString(),
        });
        if (rooms.length >= ROOM_LIST_LIMIT) break;
      }
      return { rooms };
    },
  );

  /** What the upgrade's checks found, for the socket handler. */
  const admitted = new WeakMap<FastifyRequest, { roomId: string; host: boolean }>();

  app.get(
    '/ws/draft/:room',
    {
      websocket: true,
      schema: { hide: true },
      preHandler: async (request) => {
        const { room } = request.params as { room: string };
        const stored = zDotaRoomId.safeParse(room).success ? await loadRoom(ctx.db, room) : undefined;
        if (!stored) throw new AppError('NOT_FOUND', 'no such draft room');
        if (request.principal.kind === 'user') {
          // Browsers send cookies on cross-site WebSocket handshakes: only our own pages may use them.
          const verdict = checkSameOrigin(request.headers, origin);
          if (!verdict.ok)
            throw new AppError(
              'CROSS_ORIGIN_REQUEST',
              `refused: a WebSocket from another site (${verdict.reason})`,
            );
        }
        const access = await app.authorizer.authorize(request, stored.communityId, readDota);
        const host =
          principalKey(request.principal) === stored.record.createdBy ||
          access.role === 'owner' ||
          access.role === 'officer';
        admitted.set(request, { roomId: room, host });
      },
    },
    (socket, request) => {
      const seen = admitted.get(request);
      if (!seen) {
        socket.close(1011, 'not admitted');
        return;
      }
      openDraftConnection(socket, { hub, roomId: seen.roomId, host: seen.host, log: request.log });
    },
  );
};
