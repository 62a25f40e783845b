import crypto from 'node:crypto';
import {
  DOTA_DRAFT_MAX_MESSAGE_BYTES,
  type TDotaDraftClientMessage,
  type TDotaDraftErrorCode,
  type TDotaDraftServerMessage,
  type TDotaSide,
  zDotaDraftClientMessage,
} from '@guildhall/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import type { DraftClient, DraftHub } from './draft-hub';
import { hashSeatToken } from './draft-rules';

/** Messages a client may have waiting; past that it is told BUSY and the message is dropped. */
const MAX_QUEUED = 16;
/** Bytes a client may leave unread before it is dropped as too slow (it reconnects and resumes). */
const MAX_BUFFERED = 1024 * 1024;

/**
 * One socket in a room: its messages are handled one at a time in arrival order; each is
 * checked (size, JSON, schema) and a refusal is a typed `error` message, never a closed socket.
 */
export function openDraftConnection(
  socket: WebSocket,
  opts: { hub: DraftHub; roomId: string; host: boolean; log: FastifyBaseLogger },
): void {
  const { hub, roomId, host, log } = opts;
  const seats = new Set<TDotaSide>();
  let attached = false;
  let closed = false;
  let queued = 0;
  let chain = Promise.resolve();

  const client: DraftClient = {
    version: 0,
    send(data) {
      if (socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > MAX_BUFFERED) {
        socket.terminate();
        return;
      }
      socket.send(data, { binary: false });
    },
  };
  const reply = (m: TDotaDraftServerMessage) => client.send(Buffer.from(JSON.stringify(m)));
  const fail = (code: TDotaDraftErrorCode, message: string, ref?: string) =>
    reply({ type: 'error', code, message, ...(ref !== undefined ? { ref } : {}) });

  async function join(m: Extract<TDotaDraftClientMessage, { type: 'join' }>): Promise<void> {
    let token: string | null = null;
    if (m.seat !== 'spectator') {
      token = m.seatToken ?? crypto.randomBytes(24).toString('base64url');
      const r = await hub.change(
        roomId,
        { type: 'seat', side: m.seat, tokenHash: hashSeatToken(token) },
        { seats, host },
      );
      if (!r.ok) return fail(r.code, r.message, m.ref);
      seats.add(m.seat);
    }
    reply({
      type: 'joined',
      seats: [...seats],
      seatToken: token,
      host,
      ...(m.ref !== undefined ? { ref: m.ref } : {}),
    });
    if (!attached && !closed) {
      attached = true;
      await hub.attach(roomId, client);
    }
  }

  async function handle(data: Buffer, isBinary: boolean): Promise<void> {
    if (data.length > DOTA_DRAFT_MAX_MESSAGE_BYTES)
      return fail('MESSAGE_TOO_LARGE', `messages are at most ${DOTA_DRAFT_MAX_MESSAGE_BYTES} bytes`);
    if (isBinary) return fail('BAD_MESSAGE', 'messages are JSON text');
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString('utf8'));
    } catch {
      return fail('BAD_MESSAGE', 'not JSON');
    }
    const parsed = zDotaDraftClientMessage.safeParse(raw);
    if (!parsed.success) {
      const ref =
        typeof (raw as { ref?: unknown })?.ref === 'string'
          ? String((raw as { ref: string }).ref).slice(0, 32)
          : undefined;
      const issue = parsed.error.issues[0];
      return fail(
        'BAD_MESSAGE',
        `invalid message: ${issue?.path.join('.') || '/'} ${issue?.message ?? ''}`.trim(),
        ref,
      );
    }
    const m = parsed.data;
    if (m.type === 'join') return join(m);
    if (!attached) return fail('NOT_JOINED', 'join the room first', m.ref);
    const change =
      m.type === 'pick' || m.type === 'ban' ? { type: m.type, heroId: m.heroId } : { type: m.type };
    const r = await hub.change(roomId, change, { seats, host });
    if (!r.ok) fail(r.code, r.message, m.ref);
  }

  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (queued >= MAX_QUEUED) return fail('BUSY', 'too many messages at once: slow down');
    queued += 1;
    chain = chain
      .then(() => handle(data, isBinary))
      .catch((err: unknown) => {
        log.warn({ err, roomId }, 'dota draft: message failed');
        fail('UNAVAILABLE', 'the room cannot be reached right now: try again');
      })
      .finally(() => {
        queued -= 1;
      });
  });
  socket.on('error', (err) => log.debug({ err, roomId }, 'dota draft: socket error'));
  socket.on('close', () => {
    closed = true;
    if (attached) hub.detach(roomId, client);
  });
}
