import type { TDotaDraftErrorCode, TDotaDraftServerMessage } from '@guildhall/contracts';
import type { AppContext } from '../../../core/context';
import type { DotaServices } from '../types';
import { loadRoom, type StoredRoom, saveRoom } from './draft.repo';
import { applyChange, type DraftActor, type DraftChange, deadlineOf, presentDraft } from './draft-rules';
import { suggestForTurn } from './draft-suggest';

export interface DraftClock {
  now(): number;
}

/** One connection as the hub sees it: where to send, and the newest version it has been sent. */
export interface DraftClient {
  /** The state's JSON, encoded once for every client of the process. */
  send(data: Buffer): void;
  version: number;
}

interface LocalRoom {
  clients: Set<DraftClient>;
  subscribed: Promise<() => Promise<void>>;
  /** From the newest state relayed: when its step runs out, and which step that is. */
  deadline: number | null;
  step: number;
  expiring: boolean;
}

export type ChangeResult =
  | { ok: true; version: number }
  | { ok: false; code: TDotaDraftErrorCode; message: string };

export const draftChannel = (roomId: string) => `dota-draft:${roomId}`;

/** Tries of a change that lost the version race to another before it gives up with BUSY. */
const MAX_TRIES = 8;
const SYSTEM: DraftActor = { seats: new Set(), host: true };

/**
 * A process's side of the draft rooms. The room's row is the truth; a change is applied to the
 * row under its version and the new state (with suggestions, serialised once) is published on
 * the room's pub/sub channel. Every process with clients in the room subscribes and relays it
 * to its own sockets, each at most once per version and never an older one after a newer.
 *
 * Published messages are `<version>\n<deadline>\n<step>\n<JSON of the state message>`, so a
 * relaying process reads the header without parsing the JSON.
 */
export class DraftHub {
  private readonly rooms = new Map<string, LocalRoom>();
  private readonly timer: NodeJS.Timeout | null;

  constructor(
    private readonly ctx: AppContext,
    private readonly services: DotaServices,
    readonly clock: DraftClock = Date,
    /** How often running clocks are checked; null: only when `checkTimers` is called (tests). */
    tickMs: number | null = 250,
    private readonly random?: (n: number) => number,
  ) {
    this.timer = tickMs === null ? null : setInterval(() => void this.checkTimers(), tickMs);
    this.timer?.unref();
  }

  /** Starts relaying the room's changes to a client, then sends it the current state. */
  async attach(roomId: string, client: DraftClient): Promise<void> {
    let room = this.rooms.get(roomId);
    if (!room) {
      const fresh: LocalRoom = {
        clients: new Set(),
        subscribed: this.ctx.pubsub.subscribe(draftChannel(roomId), (m) => this.relay(fresh, m)),
        deadline: null,
        step: -1,
        expiring: false,
      };
      room = fresh;
      this.rooms.set(roomId, room);
      room.subscribed.catch(() => {
        if (this.rooms.get(roomId) === fresh) this.rooms.delete(roomId);
      });
    }
    room.clients.add(client);
    try {
      await room.subscribed;
      const stored = await loadRoom(this.ctx.db, roomId);
      if (!stored) throw new Error('room vanished');
      const message = await this.stateMessage(stored);
      this.relay(room, message);
    } catch (err) {
      this.detach(roomId, client);
      throw err;
    }
  }

  detach(roomId: string, client: DraftClient): void {
    const room = this.rooms.get(roomId);
    if (!room?.clients.delete(client) || room.clients.size > 0) return;
    this.rooms.delete(roomId);
    void room.subscribed
      .then((unsubscribe) => unsubscribe())
      .catch((err: unknown) => this.ctx.log.warn({ err }, 'dota draft: unsubscribe failed'));
  }

  /** Applies a change under the room's version, retrying on a lost race; publishes the new state. */
  async change(roomId: string, change: DraftChange, actor: DraftActor): Promise<ChangeResult> {
    for (let i = 0; i < MAX_TRIES; i++) {
      const stored = await loadRoom(this.ctx.db, roomId);
      if (!stored) return { ok: false, code: 'UNAVAILABLE', message: 'the room no longer exists' };
      // Sitting again in one's own seat changes nothing: no write, no broadcast.
      if (change.type === 'seat' && stored.record.seats[change.side] === change.tokenHash) {
        return { ok: true, version: stored.version };
      }
      const outcome = applyChange(stored.record, change, actor, this.clock.now(), this.random);
      if (!outcome.ok) return outcome;
      const version = await saveRoom(this.ctx.db, roomId, stored.version, outcome.record);
      if (version === null) continue;
      const message = await this.stateMessage({ ...stored, version, record: outcome.record });
      await this.ctx.pubsub.publish(draftChannel(roomId), message);
      return { ok: true, version };
    }
    return { ok: false, code: 'BUSY', message: 'the room is changing too fast: try again' };
  }

  /** Plays the clock's move in every local room whose step ran out (a no-op where another process did). */
  async checkTimers(): Promise<void> {
    const now = this.clock.now();
    const due = [...this.rooms].filter(([, r]) => r.deadline !== null && now >= r.deadline && !r.expiring);
    await Promise.all(
      due.map(async ([roomId, room]) => {
        room.expiring = true;
        try {
          await this.change(roomId, { type: 'expire', step: room.step }, SYSTEM);
        } catch (err) {
          this.ctx.log.warn({ err, roomId }, 'dota draft: clock move failed');
        } finally {
          room.expiring = false;
        }
      }),
    );
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async stateMessage(stored: StoredRoom): Promise<string> {
    const state = presentDraft(
      stored.record,
      { roomId: stored.id, communityId: stored.communityId, version: stored.version },
      this.clock.now(),
    );
    const suggestions = await suggestForTurn(this.services, state, this.ctx.log);
    const body: TDotaDraftServerMessage = { type: 'state', state, suggestions };
    return `${stored.version}\n${deadlineOf(stored.record) ?? ''}\n${stored.record.actions.length}\n${JSON.stringify(body)}`;
  }

  private relay(room: LocalRoom, message: string): void {
    const a = message.indexOf('\n');
    const b = message.indexOf('\n', a + 1);
    const c = message.indexOf('\n', b + 1);
    const version = Number(message.slice(0, a));
    const deadline = message.slice(a + 1, b);
    let json: Buffer | null = null;
    let newest = false;
    for (const client of room.clients) {
      if (client.version >= version) continue;
      client.version = version;
      newest = true;
      json ??= Buffer.from(message.slice(c + 1));
      client.send(json);
    }
    if (newest) {
      room.deadline = deadline === '' ? null : Number(deadline);
      room.step = Number(message.slice(b + 1, c));
    }
  }
}
