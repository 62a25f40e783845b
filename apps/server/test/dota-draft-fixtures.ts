import {
  DOTA_HEROES,
  type TDotaDraftServerMessage,
  type TDotaDraftState,
  type TDotaRoomCreate,
  type TDotaRoomState,
  type TDotaSuggestion,
} from '@guildhall/contracts';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { buildApp } from '../src/app';
import { installDotaServices } from '../src/modules/dota';
import { DraftHub } from '../src/modules/dota/draft/draft-hub';
import type { DotaModelSet, DotaServices } from '../src/modules/dota/types';
import { createTestContext, type TestContext } from './helpers';

/** A clock the test moves by hand. */
export function fakeClock(start = Date.UTC(2026, 0, 1)) {
  let t = start;
  return {
    now: () => t,
    advance(ms: number) {
      t += ms;
    },
  };
}

/**
 * A model whose suggestions are easy to predict: heroes ranked by id, each with a strength
 * reason and, when the mover faces an enemy, a counter reason against the first one.
 */
export function fakeModel(): DotaModelSet & { asked: TDotaDraftState[] } {
  const asked: TDotaDraftState[] = [];
  return {
    asked,
    key: { patch: 58, bracket: 0 },
    builtAt: '2026-01-01T00:00:00.000Z',
    matches: 1000,
    radiantBias: 0.05,
    strength: () => null,
    matchups: () => [],
    winProbability: () => 0.5,
    suggest(state) {
      asked.push(state);
      const gone = new Set([...state.allies, ...state.enemies, ...state.bans]);
      return DOTA_HEROES.filter((h) => !gone.has(h.id)).map((h, i): TDotaSuggestion => {
        const strength = 0.03 - i * 0.0001;
        const counter = state.enemies[0] !== undefined ? 0.021 : 0;
        return {
          heroId: h.id,
          winProbability: 0.5 + strength + counter,
          reasons: [
            { kind: 'strength', heroId: null, delta: strength, games: 5000 },
            ...(state.enemies[0] !== undefined
              ? [{ kind: 'counter' as const, heroId: state.enemies[0], delta: counter, games: 812 }]
              : []),
          ],
        };
      });
    },
  };
}

/** Services over one model; communities in `noModelFor` have none built yet. */
export function fakeServices(
  model: DotaModelSet | null,
  noModelFor: ReadonlySet<string> = new Set(),
): DotaServices {
  return {
    heroes: async () => [],
    models: async (communityId) => (noModelFor.has(communityId) ? null : model),
    personal: async () => [],
    matches: async () => [],
  };
}

export interface DraftServer extends TestContext {
  app: FastifyInstance;
  hub: DraftHub;
  origin: string;
  wsUrl(roomId: string): string;
}

/** A listening server with the draft routes; `shareWith` makes it a second process on the same database and Redis. */
export async function startDraftServer(
  opts: {
    services?: DotaServices;
    clock?: { now(): number };
    redis?: boolean;
    shareWith?: DraftServer;
    /** A second app on the same context (one database, in-process pub/sub): two instances without Postgres and Redis. */
    sameContextAs?: DraftServer;
    env?: Record<string, string>;
  } = {},
): Promise<DraftServer> {
  const t: TestContext =
    opts.sameContextAs ??
    (await createTestContext({
      redis: opts.redis ?? false,
      env: {
        ...(opts.shareWith
          ? {
              DATABASE_URL: opts.shareWith.config.DATABASE_URL!,
              REDIS_PREFIX: opts.shareWith.config.REDIS_PREFIX,
            }
          : {}),
        RATE_LIMIT_PER_MINUTE: '100000',
        ...opts.env,
      },
    }));
  const services = opts.services ?? fakeServices(fakeModel());
  const hub = new DraftHub(t.ctx, services, opts.clock ?? Date, null, () => 0);
  installDotaServices(t.ctx, services, { hub });
  const app = await buildApp(t.ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    ...t,
    app,
    hub,
    origin: `http://127.0.0.1:${port}`,
    wsUrl: (roomId) => `ws://127.0.0.1:${port}/ws/draft/${roomId}`,
    async close() {
      hub.close();
      await app.close();
      // A second process must not drop the shared database; a second app leaves the context to the first.
      if (opts.sameContextAs) return;
      if (opts.shareWith) await t.ctx.close();
      else await t.close();
    },
  };
}

export async function createRoom(
  server: DraftServer,
  communityId: string,
  headers: Record<string, string>,
  body: TDotaRoomCreate,
): Promise<string> {
  const res = await server.app.inject({
    method: 'POST',
    url: `/api/v1/communities/${communityId}/dota/rooms`,
    // As a browser on the server's own address would send it (the Origin check compares hosts).
    headers: { host: new URL(server.origin).host, ...headers },
    payload: body,
  });
  if (res.statusCode !== 201) throw new Error(`create room: ${res.statusCode} ${res.body}`);
  return (res.json() as { roomId: string }).roomId;
}

type StateMessage = Extract<TDotaDraftServerMessage, { type: 'state' }>;

/** A test's WebSocket client: keeps every message; `next` waits for the first unseen one that matches. */
export class DraftTestClient {
  readonly messages: TDotaDraftServerMessage[] = [];
  /** Messages a `next` already answered with. */
  private readonly taken = new Set<number>();
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as TDotaDraftServerMessage);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static open(url: string, headers: Record<string, string>): Promise<DraftTestClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const client = new DraftTestClient(ws);
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  /** The HTTP status a refused handshake answered. */
  static refusal(url: string, headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      ws.once('open', () => {
        ws.close();
        reject(new Error('the handshake was accepted'));
      });
      ws.on('error', () => {});
      ws.once('unexpected-response', (req, res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
    });
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The first message not taken yet that matches (waiting for it), taken now. */
  async next<T extends TDotaDraftServerMessage>(match: (m: TDotaDraftServerMessage) => m is T): Promise<T>;
  async next(match: (m: TDotaDraftServerMessage) => boolean): Promise<TDotaDraftServerMessage>;
  async next(match: (m: TDotaDraftServerMessage) => boolean): Promise<TDotaDraftServerMessage> {
    for (;;) {
      for (let i = 0; i < this.messages.length; i++) {
        if (!this.taken.has(i) && match(this.messages[i]!)) {
          this.taken.add(i);
          return this.messages[i]!;
        }
      }
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }

  /** The state at exactly this version. */
  stateAt(version: number): Promise<StateMessage> {
    return this.next((m): m is StateMessage => m.type === 'state' && m.state.version === version);
  }

  /** The first state not taken yet whose version is at least `min`. */
  stateFrom(min: number): Promise<StateMessage> {
    return this.next((m): m is StateMessage => m.type === 'state' && m.state.version >= min);
  }

  error(ref: string) {
    return this.next(
      (m): m is Extract<TDotaDraftServerMessage, { type: 'error' }> => m.type === 'error' && m.ref === ref,
    );
  }

  joined(ref: string) {
    return this.next(
      (m): m is Extract<TDotaDraftServerMessage, { type: 'joined' }> => m.type === 'joined' && m.ref === ref,
    );
  }

  /** Joins and answers the seat token and the first state sent. */
  async join(
    seat: 'radiant' | 'dire' | 'spectator',
    extra: { seatToken?: string; lastVersion?: number } = {},
  ) {
    const ref = `join-${seat}-${this.messages.length}`;
    this.send({ type: 'join', seat, ref, ...extra });
    const joined = await this.next((m) => (m.type === 'joined' || m.type === 'error') && m.ref === ref);
    if (joined.type === 'error') throw new Error(`join refused: ${joined.code}`);
    return joined as Extract<TDotaDraftServerMessage, { type: 'joined' }>;
  }

  /** The latest state received so far. */
  get latest(): TDotaRoomState | undefined {
    for (let i = this.messages.length - 1; i >= 0; i--) {
      const m = this.messages[i]!;
      if (m.type === 'state') return m.state;
    }
    return undefined;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}
