import type { AddressInfo } from 'node:net';
import {
  type APIInteraction,
  type ApplicationFlags,
  GatewayDispatchEvents,
  type GatewayGuildCreateDispatchData,
  type GatewayIdentifyData,
  GatewayOpcodes,
  type GatewayReadyDispatchData,
} from 'discord-api-types/v10';
import { type WebSocket, WebSocketServer } from 'ws';
import { APPLICATION_ID, BOT_TOKEN, discordUser, snowflake } from './interactions';

/** A server the fake gateway announces after READY. */
export function fakeGuild(name: string, id = snowflake()): GatewayGuildCreateDispatchData {
  return {
    id,
    name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: snowflake(),
    region: 'rotterdam',
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 1,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles: [],
    emojis: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    joined_at: '2026-01-10T18:00:00.000000+00:00',
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [],
    channels: [],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  } as unknown as GatewayGuildCreateDispatchData;
}

interface Session {
  socket: WebSocket;
  identified: boolean;
  seq: number;
}

/**
 * Discord's gateway on loopback, as far as a bot's login goes: HELLO (op 10) on connect,
 * IDENTIFY (op 2) checked against the test token and answered with READY then one
 * GUILD_CREATE per server, heartbeats (op 1) acknowledged (op 11), and dispatches the test
 * sends on demand (`interaction`). At most `maxConnections` sockets; frames over 64 KiB close
 * the socket, as Discord's 4002 decode error does.
 */
export class FakeGateway {
  private wss?: WebSocketServer;
  private readonly sessions = new Set<Session>();
  readonly identifies: GatewayIdentifyData[] = [];
  heartbeats = 0;
  acks = 0;
  port = 0;
  private waiters: (() => boolean)[] = [];

  constructor(
    readonly guilds: GatewayGuildCreateDispatchData[] = [],
    private readonly opts: { heartbeatInterval?: number; maxConnections?: number } = {},
  ) {}

  async start(): Promise<this> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 });
    this.wss = wss;
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    this.port = (wss.address() as AddressInfo).port;
    wss.on('connection', (socket) => this.connect(socket));
    return this;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  private send(session: Session, op: GatewayOpcodes, d: unknown, t: string | null = null) {
    const s = op === GatewayOpcodes.Dispatch ? ++session.seq : null;
    session.socket.send(JSON.stringify({ op, d, s, t }));
  }

  private connect(socket: WebSocket) {
    if (this.sessions.size >= (this.opts.maxConnections ?? 8)) {
      socket.close(4008, 'Rate limited.');
      return;
    }
    const session: Session = { socket, identified: false, seq: 0 };
    this.sessions.add(session);
    socket.on('close', () => {
      this.sessions.delete(session);
      this.settle();
    });
    socket.on('message', (raw) => this.receive(session, String(raw)));
    this.send(session, GatewayOpcodes.Hello, { heartbeat_interval: this.opts.heartbeatInterval ?? 41_250 });
  }

  private receive(session: Session, raw: string) {
    let frame: { op: number; d: unknown };
    try {
      frame = JSON.parse(raw);
    } catch {
      session.socket.close(4002, 'Error while decoding payload.');
      return;
    }
    if (frame.op === GatewayOpcodes.Heartbeat) {
      this.heartbeats += 1;
      this.send(session, GatewayOpcodes.HeartbeatAck, null);
      this.acks += 1;
    } else if (frame.op === GatewayOpcodes.Identify) {
      const identify = frame.d as GatewayIdentifyData;
      if (identify.token !== BOT_TOKEN) {
        session.socket.close(4004, 'Authentication failed.');
        return;
      }
      this.identifies.push(identify);
      session.identified = true;
      const ready: GatewayReadyDispatchData = {
        v: 10,
        user: { ...discordUser('Guildhall', APPLICATION_ID), bot: true },
        guilds: this.guilds.map((g) => ({ id: g.id, unavailable: true })),
        session_id: snowflake(),
        resume_gateway_url: this.url,
        shard: [0, 1],
        application: { id: APPLICATION_ID, flags: 0 as ApplicationFlags, flags_new: '0' },
      };
      this.send(session, GatewayOpcodes.Dispatch, ready, GatewayDispatchEvents.Ready);
      for (const guild of this.guilds)
        this.send(session, GatewayOpcodes.Dispatch, guild, GatewayDispatchEvents.GuildCreate);
    } else if (frame.op === GatewayOpcodes.Resume) {
      // Sessions are not kept: the client starts over with IDENTIFY.
      this.send(session, GatewayOpcodes.InvalidSession, false);
    }
    this.settle();
  }

  private settle() {
    this.waiters = this.waiters.filter((settled) => !settled());
  }

  /** A latch on what the gateway saw (identifies, heartbeats, connections closing). */
  until(check: () => boolean): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve) =>
      this.waiters.push(() => {
        if (!check()) return false;
        resolve();
        return true;
      }),
    );
  }

  /** Sends a dispatch to every identified session; answers how many got it. */
  dispatch(t: GatewayDispatchEvents, d: unknown): number {
    let sent = 0;
    for (const session of this.sessions) {
      if (!session.identified || session.socket.readyState !== session.socket.OPEN) continue;
      this.send(session, GatewayOpcodes.Dispatch, d, t);
      sent += 1;
    }
    return sent;
  }

  /** INTERACTION_CREATE, as a user clicking or typing in Discord causes. */
  interaction(interaction: APIInteraction): number {
    return this.dispatch(GatewayDispatchEvents.InteractionCreate, interaction);
  }

  get connections(): number {
    return this.sessions.size;
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.socket.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
  }
}
